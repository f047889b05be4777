// Specification of the secret masker (runtime/secrets/secret-masker.ts): how secret values are
// replaced by ••• in texts, values and errors.
import assert from 'node:assert/strict';
import { SECRET_MASK, SecretMasker } from '../../../runtime/secrets/secret-masker.js';

describe('SecretMasker', () => {
  const masker = new SecretMasker(['pk_live_42', 'p@ss "word"\n']);

  it('masks every occurrence in text', () => {
    assert.equal(masker.mask('Bearer pk_live_42 and again pk_live_42'), `Bearer ${SECRET_MASK} and again ${SECRET_MASK}`);
  });

  it('masks the JSON-escaped form inside JSON text', () => {
    const json = JSON.stringify({ password: 'p@ss "word"\n' });
    assert.equal(masker.mask(json), `{"password":"${SECRET_MASK}"}`);
  });

  it('masks the URL-encoded form', () => {
    assert.equal(masker.mask(`https://x.test/?pw=${encodeURIComponent('p@ss "word"\n')}`), `https://x.test/?pw=${SECRET_MASK}`);
  });

  it('masks the application/x-www-form-urlencoded form (URLSearchParams escapes \' ! ( ) ~ too)', () => {
    const secret = "p'ss w!rd(1)~";
    const body = new URLSearchParams({ client_secret: secret, grant: 'x' }).toString();
    assert.equal(body, 'client_secret=p%27ss+w%21rd%281%29%7E&grant=x');
    assert.equal(new SecretMasker([secret]).mask(body), `client_secret=${SECRET_MASK}&grant=x`);
  });

  it('masks the forms the URL parser gives a secret joined into URL text, in the path, the query and the fragment', () => {
    const secret = 'a b/c?d';
    const m = new SecretMasker([secret]);
    // The parser keeps / and ? where encodeURIComponent escapes them, and escapes the space.
    const url = new URL('https://h.test/x?key=' + secret + '&n=1');
    assert.equal(url.href, 'https://h.test/x?key=a%20b/c?d&n=1');
    assert.equal(m.mask(url.href), `https://h.test/x?key=${SECRET_MASK}&n=1`);
    // In the path its ? begins the query: the request target (path and query) holds it whole.
    assert.equal(m.mask(new URL('https://h.test/items/' + secret).href), `https://h.test/items/${SECRET_MASK}`);
    // Each part escapes its own set: ' in the query only, ` in the path and fragment, { } in the path only.
    const quoted = new SecretMasker(["it's `q` {x}|y z"]);
    for (const text of ["https://h.test/it's `q` {x}|y z/p", "https://h.test/p?k=it's `q` {x}|y z&n", "https://h.test/p#it's `q` {x}|y z"]) {
      const href = new URL(text).href;
      assert.ok(!href.includes("it's `q` {x}|y z"), href);
      assert.equal(quoted.mask(href).includes(SECRET_MASK), true, href);
      assert.doesNotMatch(quoted.mask(href), /y%20z/, href);
    }
    // A backslash is a path separator in http(s) URLs: the parser writes it as /.
    assert.equal(new SecretMasker(['p\\q r']).mask(new URL('https://h.test/p\\q r/x').href), `https://h.test/${SECRET_MASK}/x`);
  });

  it('leaves out a URL form the parser made shorter (a dot segment removed): it is no longer the secret', () => {
    const m = new SecretMasker(['../ab']);
    assert.equal(new URL('https://h.test/../ab').pathname, '/ab');
    assert.equal(m.mask('ab and cab'), 'ab and cab');
    assert.equal(m.mask('x/../ab'), `x/${SECRET_MASK}`);
  });

  it('masks a secret trimmed of HTTP whitespace, as fetch sends a header value', () => {
    const m = new SecretMasker(['zqxSECRETzqx\n', ' \tpadded\r\n']);
    assert.equal(m.mask('{"x-api-key":"zqxSECRETzqx"}'), `{"x-api-key":"${SECRET_MASK}"}`);
    assert.equal(m.mask('h: padded'), `h: ${SECRET_MASK}`);
    assert.equal(new SecretMasker([' \n']).mask('a b'), 'a b');
  });

  it('masks deep in values, keys included, without touching the original', () => {
    const value = { headers: { Authorization: 'Bearer pk_live_42' }, list: [1, 'pk_live_42', null], pk_live_42: true };
    assert.deepEqual(masker.maskValue(value), { headers: { Authorization: `Bearer ${SECRET_MASK}` }, list: [1, SECRET_MASK, null], [SECRET_MASK]: true });
    assert.equal(value.headers.Authorization, 'Bearer pk_live_42');
  });

  it('masks cyclic structures without looping', () => {
    const a: Record<string, unknown> = { k: 'pk_live_42' };
    a.self = a;
    const out = masker.maskValue(a) as Record<string, unknown>;
    assert.equal(out.k, SECRET_MASK);
    assert.equal(out.self, out);
  });

  it('masks error messages and stacks', () => {
    const err = new Error('request to https://api.test/?key=pk_live_42 failed');
    const masked = masker.maskError(err);
    assert.equal(masked.message, `request to https://api.test/?key=${SECRET_MASK} failed`);
    assert.ok(!masked.stack!.includes('pk_live_42'));
  });

  it('masks the longer secret first when one contains another', () => {
    const m = new SecretMasker(['abc', 'abcdef']);
    assert.equal(m.mask('xabcdefx abc'), `x${SECRET_MASK}x ${SECRET_MASK}`);
  });

  it('treats regular-expression characters in secrets literally', () => {
    const m = new SecretMasker(['a.b*c']);
    assert.equal(m.mask('a.b*c axbbc'), `${SECRET_MASK} axbbc`);
  });

  it('passes values through when there are no secrets, and ignores empty secrets', () => {
    const m = new SecretMasker(['']);
    assert.equal(m.active, false);
    const v = { a: 'x' };
    assert.equal(m.maskValue(v), v);
  });

  it('accepts a secret with a lone surrogate (it has no URL form)', () => {
    const m = new SecretMasker(['ab\uD800']);
    assert.equal(m.mask('xab\uD800y'), `x${SECRET_MASK}y`);
  });

  it('can learn a secret later and tell whether text reveals one', () => {
    const m = new SecretMasker();
    m.add('late-secret');
    assert.equal(m.reveals('has late-secret inside'), true);
    assert.equal(m.reveals('clean'), false);
    assert.equal(m.mask('late-secret'), SECRET_MASK);
  });
});
