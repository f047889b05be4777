// Property tests of the secret masker (runtime/secrets/secret-masker.ts): no secret value survives in
// any text or value it masks, whatever the secrets and their surroundings.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SECRET_MASK, SecretMasker } from '../../../runtime/secrets/secret-masker.js';

const secret = fc.string({ minLength: 1, maxLength: 24, unit: 'binary' }).filter((s) => !s.includes('•'));

describe('SecretMasker (properties)', () => {
  it('never leaves a secret in masked text, wherever it was inserted', () => {
    fc.assert(fc.property(secret, fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (s, parts) => {
      const text = parts.join(s) + s;
      const masked = new SecretMasker([s]).mask(text);
      assert.ok(!masked.includes(s));
    }), { numRuns: 500 });
  });

  it('never leaves a secret, plain or JSON-escaped, in any string or key of a masked value', () => {
    fc.assert(fc.property(secret, fc.string({ unit: 'binary' }), (s, other) => {
      const value = { note: `${other}${s}${other}`, list: [s, other], [s]: 1 };
      const escaped = JSON.stringify(s).slice(1, -1);
      // The strings themselves, not the value's JSON text: a secret such as "," or "t" also spells
      // JSON's punctuation or part of an escape (`\t`), which is no occurrence of it (fast-check
      // found both against the earlier whole-text assertion).
      for (const text of stringsOf(new SecretMasker([s]).maskValue(value))) {
        assert.ok(!text.includes(s) && !text.includes(escaped), JSON.stringify(text));
      }
    }), { numRuns: 500 });
  });

  it('never leaves the form a URL parser gives a secret joined into a URL\'s query (as `"…?key=" + k` is sent)', () => {
    // Marked on both sides, where the secret's form must be masked whole; '#' would end the query,
    // and a tab or newline is dropped by the parser (a shorter form, left out on purpose).
    // Mostly the characters the parser and encodeURIComponent treat differently.
    const urlish = fc.string({ minLength: 1, maxLength: 16, unit: fc.constantFrom(...' /?:@!$&\'()*+,;=[]%"<>`{}|\\^é€~-._a1') });
    const queryable = fc.oneof(urlish, secret).filter((s) => !/[#\t\n\rZ]/.test(s));
    fc.assert(fc.property(queryable, (s) => {
      const href = new URL(`https://h.test/p?a=1&key=ZZ${s}ZZ&n=2`).href;
      // (A short secret may also blot out text elsewhere in the URL: the safe failure.)
      assert.ok(new SecretMasker([s]).mask(href).includes(`ZZ${SECRET_MASK}ZZ`), JSON.stringify(href));
    }), { numRuns: 500 });
  });

  it('never masks text that holds no secret', () => {
    fc.assert(fc.property(secret, fc.string({ unit: 'binary' }), (s, text) => {
      fc.pre(!text.includes(s) && !text.includes(JSON.stringify(s).slice(1, -1)) && !text.includes(encodeURIComponent(s)) && !text.includes(encodeURIComponent(s).replace(/%20/g, '+')));
      assert.equal(new SecretMasker([s]).mask(text), text);
    }), { numRuns: 500 });
  });
});

/** Every string in a JSON-like value, object keys included (the masker masks keys too). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => [key, ...stringsOf(v)]);
  }
  return [];
}
