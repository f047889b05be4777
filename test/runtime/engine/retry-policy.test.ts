// `retry N times every d [backoff f] [max d] [jitter] [unless E]` as pure functions.

import assert from 'node:assert/strict';
import { retryDelay, shouldRetry } from '../../../runtime/engine/retry-policy.js';
import { seededRandom } from '../../../runtime/engine/seeded-random.js';
import { retry } from '../support/ir-builder.js';

describe('retry policy', () => {
  it('allows N retries after the first attempt', () => {
    const p = retry(2, 100);
    assert.deepEqual([1, 2, 3].map((a) => shouldRetry(p, a, ['E'])), [true, true, false]);
    assert.equal(shouldRetry(undefined, 1, ['E']), false);
  });

  it('never retries an error named in `unless`, by name or alias', () => {
    const p = retry(5, 100, { unless: ['PaymentDeclined'] });
    assert.equal(shouldRetry(p, 1, ['PaymentDeclined']), false);
    assert.equal(shouldRetry(p, 1, ['HttpError', 'PaymentDeclined']), false);
    assert.equal(shouldRetry(p, 1, ['HttpError']), true);
  });

  it('multiplies the delay by backoff after each retry and caps it at max', () => {
    const p = retry(6, 1000, { backoff: 3, maxDelayMs: 20_000 });
    const rnd = seededRandom(1);
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(p, a, rnd)), [1000, 3000, 9000, 20_000]);
  });

  it('jitters within [delay/2, delay], the same way for the same seed', () => {
    const p = retry(3, 1000, { jitter: true });
    const a = [1, 2, 3].map((n) => retryDelay(p, n, seededRandom(42)));
    const b = [1, 2, 3].map((n) => retryDelay(p, n, seededRandom(42)));
    assert.deepEqual(a, b);
    for (const d of a) assert.ok(d >= 500 && d <= 1000);
  });
});
