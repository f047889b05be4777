// The emptied array that commits reuse (`runtime/engine/spare-array.ts`): what is given back
// comes back empty, once, and a new array is made when there is no spare.

import assert from 'node:assert/strict';
import { SpareArray } from '../../../runtime/engine/spare-array.js';

describe('SpareArray', () => {
  it('hands out a new empty array when none was given back', () => {
    const spare = new SpareArray<number>();
    const a = spare.take();
    assert.deepEqual(a, []);
    assert.notEqual(spare.take(), a);
  });

  it('empties an array given back and hands that same array out once', () => {
    const spare = new SpareArray<number>();
    const a = [1, 2, 3];
    spare.give(a);
    assert.deepEqual(a, []);
    assert.equal(spare.take(), a);
    assert.notEqual(spare.take(), a);
  });

  it('has one shared empty array for holders with nothing, which it never hands out', () => {
    const spare = new SpareArray<object>();
    assert.equal(spare.none, spare.none);
    assert.deepEqual(spare.none, []);
    assert.notEqual(spare.take(), spare.none);
    spare.give([{}]);
    assert.notEqual(spare.take(), spare.none);
    assert.deepEqual(spare.none, []);
  });

  it('keeps the array given back last', () => {
    const spare = new SpareArray<number>();
    const [a, b] = [[1], [2]];
    spare.give(a);
    spare.give(b);
    assert.equal(spare.take(), b);
  });
});
