// How the benchmark prints a figure beside the target it is checked against
// (bench/runtime/target-text.ts): never rounded onto the target's own value.
import assert from 'node:assert/strict';
import { decisive } from '../../bench/runtime/target-text.js';

describe('benchmark target text', () => {
  it('shows as many decimals as it takes to tell a figure from its target', () => {
    assert.equal(decisive(9.96, 10, 1), '9.96');
    assert.equal(decisive(10.04, 10, 1), '10.04');
    assert.equal(decisive(10, 10, 1), '10.0');
    assert.equal(decisive(13.42, 10, 1), '13.4');
    assert.equal(decisive(1.004, 1, 2), '1.004');
    assert.equal(decisive(0.86, 1, 2), '0.86');
  });
});
