// Journal — the token table (`token-table.ts`) behaves as a `Map` by token id: the same answers
// and the same insertion order over random sequences of writes, deletes and clears, including
// the move from one inline token to a real map and back (a table of one token answers
// `soleToken`); the shared empty table refuses writes.

import assert from 'node:assert/strict';
import { TokenTable } from '../../../runtime/journal/token-table.js';
import type { TokenState } from '../../../runtime/journal/workflow-state.js';
import { NO_TOKENS } from '../../../runtime/journal/workflow-state.js';
import { SHARED_EMPTY_WRITTEN } from '../../../runtime/journal/sealed-empty.js';

function token(id: number, node = `n${id}`): TokenState {
  return { id, node, phase: 'ready', attempt: 0, wait: undefined, dueAt: undefined, absorb: undefined, childRunId: undefined, compensates: undefined, from: undefined, fromResult: undefined, frame: undefined };
}

/** A small seeded generator (xorshift), so a failure names its seed. */
function random(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function sameAs(table: TokenTable, map: Map<number, TokenState>, where: string): void {
  assert.equal(table.size, map.size, `${where}: size`);
  assert.deepEqual([...table.keys()], [...map.keys()], `${where}: keys in order`);
  assert.deepEqual([...table.values()], [...map.values()], `${where}: values in order`);
  assert.deepEqual([...table.entries()], [...map.entries()], `${where}: entries in order`);
  assert.deepEqual([...table], [...map], `${where}: iteration`);
  const seen: Array<[number, TokenState]> = [];
  table.forEach((t, id, m) => { assert.equal(m, table); seen.push([id, t]); });
  assert.deepEqual(seen, [...map], `${where}: forEach`);
  for (let id = 0; id <= 6; id++) {
    assert.equal(table.get(id), map.get(id), `${where}: get(${id})`);
    assert.equal(table.soleToken(id), map.size === 1 ? map.get(id) : undefined, `${where}: soleToken(${id})`);
    assert.equal(table.has(id), map.has(id), `${where}: has(${id})`);
  }
}

describe('token table', () => {
  it('answers as a Map does over random writes, deletes and clears (2,000 sequences)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const table = new TokenTable();
      const map = new Map<number, TokenState>();
      for (let step = 0; step < 40; step++) {
        const id = 1 + Math.floor(next() * 5);
        const op = next();
        const where = `seed ${seed}, step ${step}`;
        if (op < 0.5) {
          const t = token(id, `n${id}.${step}`);
          assert.equal(table.set(id, t), table);
          map.set(id, t);
        } else if (op < 0.95) {
          assert.equal(table.delete(id), map.delete(id), `${where}: delete(${id})`);
        } else {
          table.clear();
          map.clear();
        }
        sameAs(table, map, where);
      }
    }
  });

  it('keeps one token without a map, and the order of a second, third and re-added token', () => {
    const table = new TokenTable();
    table.set(1, token(1));
    assert.deepEqual([...table.keys()], [1]);
    table.set(2, token(2)).set(3, token(3));
    table.delete(1);
    table.set(1, token(1));
    assert.deepEqual([...table.keys()], [2, 3, 1]);
    table.delete(2); table.delete(3); table.delete(1);
    assert.equal(table.size, 0);
    table.set(4, token(4));
    assert.deepEqual([...table.keys()], [4]);
    assert.equal(table.get(0), undefined);
    assert.equal(table.delete(0), false);
    assert.throws(() => table.set(0, token(0)), RangeError);
    assert.equal(table.size, 1);
  });

  it('the shared empty table refuses writes and stays empty; a table serialises as a Map does', () => {
    const shared = NO_TOKENS as Map<number, TokenState>;
    assert.throws(() => shared.set(1, token(1)), { name: 'TypeError', message: SHARED_EMPTY_WRITTEN });
    assert.equal(shared.size, 0);
    assert.equal(shared.delete(1), false);
    const table = new TokenTable().set(1, token(1)).set(2, token(2));
    assert.equal(JSON.stringify({ tokens: table }), JSON.stringify({ tokens: new Map([[1, token(1)]]) }));
  });
});
