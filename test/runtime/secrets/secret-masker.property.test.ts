// Property tests of the secret masker (runtime/secrets/secret-masker.ts): no secret value survives in
// any text or value it masks, whatever the secrets and their surroundings.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SecretMasker } from '../../../runtime/secrets/secret-masker.js';

const secret = fc.string({ minLength: 1, maxLength: 24, unit: 'binary' }).filter((s) => !s.includes('•'));

describe('SecretMasker (properties)', () => {
  it('never leaves a secret in masked text, wherever it was inserted', () => {
    fc.assert(fc.property(secret, fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (s, parts) => {
      const text = parts.join(s) + s;
      const masked = new SecretMasker([s]).mask(text);
      assert.ok(!masked.includes(s));
    }), { numRuns: 500 });
  });

  it('never leaves a secret in the JSON text of a masked value', () => {
    fc.assert(fc.property(secret, fc.string({ unit: 'binary' }), (s, other) => {
      const value = { note: `${other}${s}${other}`, list: [s, other], [s]: 1 };
      const json = JSON.stringify(new SecretMasker([s]).maskValue(value));
      assert.ok(!json.includes(JSON.stringify(s).slice(1, -1)));
    }), { numRuns: 500 });
  });

  it('never masks text that holds no secret', () => {
    fc.assert(fc.property(secret, fc.string({ unit: 'binary' }), (s, text) => {
      fc.pre(!text.includes(s) && !text.includes(JSON.stringify(s).slice(1, -1)) && !text.includes(encodeURIComponent(s)) && !text.includes(encodeURIComponent(s).replace(/%20/g, '+')));
      assert.equal(new SecretMasker([s]).mask(text), text);
    }), { numRuns: 500 });
  });
});
