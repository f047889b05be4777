// Specification of breakpoint hit counts: which hits stop for each form, and the message for
// a form that is not understood.
import assert from 'node:assert/strict';
import { parseHitCondition } from '../../../runtime/debug/hit-condition.js';

function stopsAt(text: string): number[] {
  const p = parseHitCondition(text);
  return [1, 2, 3, 4, 5, 6].filter(h => p(h));
}

describe('breakpoint hit conditions', () => {
  it('a bare number and == stop on that hit only', () => {
    assert.deepEqual(stopsAt('3'), [3]);
    assert.deepEqual(stopsAt('== 3'), [3]);
  });
  it('comparisons stop on every hit they accept', () => {
    assert.deepEqual(stopsAt('>4'), [5, 6]);
    assert.deepEqual(stopsAt('>= 4'), [4, 5, 6]);
    assert.deepEqual(stopsAt('< 3'), [1, 2]);
    assert.deepEqual(stopsAt('<=2'), [1, 2]);
  });
  it('% N stops on every Nth hit', () => {
    assert.deepEqual(stopsAt('% 2'), [2, 4, 6]);
  });
  it('rejects other text with the accepted forms', () => {
    assert.throws(() => parseHitCondition('often'), /Hit count 'often' is not understood: use N, == N/);
  });
});
