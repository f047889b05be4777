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

  it('takes a token\'s first attempt in a fresh or emptied table on set\'s short path (setAny stays rare enough not to be inlined)', () => {
    const table = new AttemptTable();
    const slow = (): never => {
      throw new Error('setAny called');
    };
    (table as unknown as { setAny: () => never }).setAny = slow;
    const first = attempt(3);
    table.set(3, first);
    assert.equal(table.get(3), first);
    table.delete(3);
    table.set(3, attempt(3));
    assert.equal(table.takeAll().length, 1);
    const after = attempt(9);
    table.set(9, after);
    assert.deepEqual(table.takeAll(), [after]);
  });
});

/** The table as it was before it kept a first token in fields: a Map from the start. */
class MapOnlyTable {
  private readonly map = new Map<number, TaskAttempt | undefined>();
  private live = 0;
  private vacant = 0;
  get size(): number { return this.live; }
  get(id: number): TaskAttempt | undefined { return this.map.get(id); }
  set(id: number, a: TaskAttempt): void {
    if (this.map.get(id) === undefined) {
      if (this.map.has(id)) this.vacant--;
      this.live++;
    }
    this.map.set(id, a);
  }
  delete(id: number): void {
    if (this.map.get(id) === undefined) return;
    this.map.set(id, undefined);
    this.live--;
    if (++this.vacant > 32 && this.vacant > this.live) {
      for (const [k, x] of [...this.map]) if (x === undefined) this.map.delete(k);
      this.vacant = 0;
    }
  }
  takeAll(): TaskAttempt[] {
    if (this.live === 0) return [];
    const out = [...this.map.values()].filter((x): x is TaskAttempt => x !== undefined);
    this.map.clear();
    this.live = 0;
    this.vacant = 0;
    return out;
  }
}

describe('AttemptTable with one token, then more', () => {
  it('keeps the first token\'s place when a second token runs a task, also while its entry is vacant', () => {
    const table = new AttemptTable();
    const first = attempt(1);
    table.set(1, attempt(1));
    table.delete(1);
    const second = attempt(2);
    table.set(2, second);
    table.set(1, first);
    assert.equal(table.size, 2);
    assert.deepEqual(table.takeAll(), [first, second]);
  });

  it('answers every sequence of operations as a table that is a Map from the start', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 300; round++) {
      const table = new AttemptTable();
      const reference = new MapOnlyTable();
      const tokens = 1 + random(round % 3 === 0 ? 2 : 60);
      for (let step = 0; step < 200; step++) {
        const id = 1 + random(tokens);
        const op = random(10);
        if (op < 5) {
          const a = attempt(id);
          table.set(id, a);
          reference.set(id, a);
        } else if (op < 9) {
          table.delete(id);
          reference.delete(id);
        } else {
          assert.deepEqual(table.takeAll(), reference.takeAll());
        }
        assert.equal(table.size, reference.size);
        for (let t = 1; t <= tokens; t++) assert.equal(table.get(t), reference.get(t));
      }
      assert.deepEqual(table.takeAll(), reference.takeAll());
    }
  });
});
