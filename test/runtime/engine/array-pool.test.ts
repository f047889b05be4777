// The emptied arrays that commits reuse (`runtime/engine/array-pool.ts`): what is given back
// comes back empty with its storage, and no more than the pool's bound is kept.

import assert from 'node:assert/strict';
import { ArrayPool } from '../../../runtime/engine/array-pool.js';

describe('ArrayPool', () => {
  it('hands out a new empty array when none was given back', () => {
    const pool = new ArrayPool<number>(2);
    const a = pool.take();
    assert.deepEqual(a, []);
    assert.notEqual(pool.take(), a);
  });

  it('empties an array given back and hands that same array out again', () => {
    const pool = new ArrayPool<number>(2);
    const a = [1, 2, 3];
    pool.give(a);
    assert.deepEqual(a, []);
    assert.equal(pool.take(), a);
  });

  it('keeps no more arrays than its bound', () => {
    const pool = new ArrayPool<number>(2);
    const given = [[1], [2], [3]];
    for (const a of given) pool.give(a);
    const taken = [pool.take(), pool.take(), pool.take()];
    assert.equal(taken.filter((a) => given.includes(a)).length, 2);
    assert.ok(taken.every((a) => a.length === 0));
  });
});
