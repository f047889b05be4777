// The task attempts in flight in one run (`runtime/engine/attempt-table.ts`): lookups by token,
// a count of live attempts that vacant entries do not disturb, and taking every attempt to abort.

import assert from 'node:assert/strict';
import { AttemptTable } from '../../../runtime/engine/attempt-table.js';
import type { TaskAttempt } from '../../../runtime/engine/task-attempt.js';

/** Only `token` matters to the table. */
function attempt(token: number): TaskAttempt {
  return { token } as TaskAttempt;
}

/** The entries the table keeps, live and vacant (what it costs in memory). */
function entries(table: AttemptTable): number {
  return (table as unknown as { map: Map<number, unknown> }).map.size;
}

describe('AttemptTable', () => {
  it('finds an attempt by its token until it is deleted', () => {
    const table = new AttemptTable();
    const a = attempt(1);
    table.set(1, a);
    assert.equal(table.get(1), a);
    assert.equal(table.size, 1);
    table.delete(1);
    assert.equal(table.get(1), undefined);
    assert.equal(table.size, 0);
  });

  it('counts live attempts only, when a token runs one attempt after another', () => {
    const table = new AttemptTable();
    for (let i = 0; i < 100; i++) {
      table.set(7, attempt(7));
      assert.equal(table.size, 1);
      table.delete(7);
      table.delete(7); // a second delete changes nothing
      assert.equal(table.size, 0);
    }
  });

  it('keeps the live attempts when the vacant entries of many finished tokens are dropped', () => {
    const table = new AttemptTable();
    const kept = [attempt(1000), attempt(1001)];
    for (const a of kept) table.set(a.token, a);
    for (let id = 1; id <= 200; id++) {
      table.set(id, attempt(id));
      table.delete(id);
    }
    assert.equal(table.size, 2);
    assert.equal(table.get(1000), kept[0]);
    assert.equal(table.get(1001), kept[1]);
    assert.deepEqual(table.takeAll(), kept);
  });

  it('leaves the entries of a split settling branch by branch in place (no sweep while they are at most its peak)', () => {
    const table = new AttemptTable();
    for (let id = 1; id <= 100; id++) table.set(id, attempt(id));
    for (let id = 1; id <= 100; id++) table.delete(id);
    assert.equal(table.size, 0);
    assert.equal(entries(table), 100);
  });

  it('holds a bounded number of entries when splits keep starting new tokens', () => {
    const table = new AttemptTable();
    let most = 0;
    for (let wave = 0; wave < 50; wave++) {
      for (let i = 1; i <= 100; i++) table.set(wave * 100 + i, attempt(wave * 100 + i));
      for (let i = 1; i <= 100; i++) {
        table.delete(wave * 100 + i);
        most = Math.max(most, entries(table));
      }
    }
    assert.equal(table.size, 0);
    assert.ok(most <= 300, `at most 300 entries for a peak of 100 in flight, saw ${most}`);
  });

  it('takeAll returns every live attempt once and leaves the table empty', () => {
    const table = new AttemptTable();
    const a = attempt(2);
    const b = attempt(3);
    table.set(2, a);
    table.set(3, b);
    table.set(4, attempt(4));
    table.delete(4);
    assert.deepEqual(table.takeAll(), [a, b]);
    assert.equal(table.size, 0);
    assert.equal(table.get(2), undefined);
    assert.deepEqual(table.takeAll(), []);
  });

  it('takeAll with nothing in flight leaves vacant entries usable for the next attempts', () => {
    const table = new AttemptTable();
    table.set(5, attempt(5));
    table.delete(5);
    assert.deepEqual(table.takeAll(), []);
    const again = attempt(5);
    table.set(5, again);
    assert.equal(table.size, 1);
    assert.deepEqual(table.takeAll(), [again]);
    assert.equal(table.size, 0);
  });
});
