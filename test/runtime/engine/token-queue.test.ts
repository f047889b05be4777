// The scheduler's ready queue (`runtime/engine/token-queue.ts`): first in, first out, a token let
// through by the debugging hook goes first, and an emptied queue is reused as a fresh one.

import assert from 'node:assert/strict';
import { TokenQueue } from '../../../runtime/engine/token-queue.js';

function drain(q: TokenQueue): number[] {
  const out: number[] = [];
  for (let id = q.shift(); id !== undefined; id = q.shift()) out.push(id);
  return out;
}

describe('TokenQueue', () => {
  it('hands tokens out in the order they were pushed', () => {
    const q = new TokenQueue();
    q.push(3);
    q.push(1);
    q.push(2);
    assert.equal(q.length, 3);
    assert.deepEqual(drain(q), [3, 1, 2]);
    assert.equal(q.length, 0);
  });

  it('puts an unshifted token first, also after some were taken', () => {
    const q = new TokenQueue();
    q.push(1);
    q.push(2);
    q.push(3);
    assert.equal(q.shift(), 1);
    q.unshift(9);
    q.unshift(8);
    assert.deepEqual(drain(q), [8, 9, 2, 3]);
  });

  it('works as new after being emptied, by taking or by clear', () => {
    const q = new TokenQueue();
    q.push(1);
    assert.equal(q.shift(), 1);
    assert.equal(q.shift(), undefined);
    q.push(4);
    q.push(5);
    q.clear();
    assert.equal(q.length, 0);
    q.push(6);
    assert.deepEqual(drain(q), [6]);
  });

  it('keeps queues apart when one reuses the array another emptied', () => {
    const a = new TokenQueue();
    const b = new TokenQueue();
    a.push(1);
    assert.equal(a.shift(), 1);
    b.push(2);
    a.push(3);
    b.push(4);
    assert.deepEqual(drain(a), [3]);
    assert.deepEqual(drain(b), [2, 4]);
    const c = new TokenQueue();
    assert.equal(c.length, 0);
    assert.equal(c.shift(), undefined);
    c.unshift(5);
    assert.deepEqual(drain(c), [5]);
  });

  it('keeps order through the change from one token to several and back', () => {
    const q = new TokenQueue();
    q.push(1);
    assert.equal(q.first(), 1);
    assert.equal(q.length, 1);
    q.unshift(7);
    assert.equal(q.length, 2);
    q.push(2);
    assert.equal(q.first(), 7);
    assert.deepEqual(drain(q), [7, 1, 2]);
    q.unshift(3);
    q.push(4);
    assert.equal(q.shift(), 3);
    q.push(5);
    q.unshift(6);
    assert.deepEqual(drain(q), [6, 4, 5]);
    assert.equal(q.first(), undefined);
    q.push(8);
    q.clear();
    assert.equal(q.length, 0);
    assert.equal(q.shift(), undefined);
  });

  it('hands tokens out in order for random pushes, unshifts and shifts', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const q = new TokenQueue();
    const model: number[] = [];
    for (let i = 1; i <= 5000; i++) {
      const r = rnd();
      if (r < 0.4) { q.push(i); model.push(i); }
      else if (r < 0.55) { q.unshift(i); model.unshift(i); }
      else if (r < 0.97) assert.equal(q.shift(), model.shift());
      else { q.clear(); model.length = 0; }
      assert.equal(q.length, model.length);
      assert.equal(q.first(), model[0]);
    }
  });
});
