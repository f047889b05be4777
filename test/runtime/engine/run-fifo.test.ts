// The first-in, first-out queue behind the runs' queued pumps (`runtime/engine/run-fifo.ts`).

import assert from 'node:assert/strict';
import { RunFifo } from '../../../runtime/engine/run-fifo.js';

describe('RunFifo', () => {
  it('hands items out in the order they were pushed, also across emptying', () => {
    const q = new RunFifo<string>();
    q.push('a');
    q.push('b');
    assert.equal(q.shift(), 'a');
    q.push('c');
    assert.equal(q.length, 2);
    assert.equal(q.shift(), 'b');
    assert.equal(q.shift(), 'c');
    assert.equal(q.length, 0);
    q.push('d');
    assert.equal(q.shift(), 'd');
  });

  it('throws when shifted empty', () => {
    assert.throws(() => new RunFifo<number>().shift(), /nothing queued/);
  });
});
