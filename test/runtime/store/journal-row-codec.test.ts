// Tests of the SQLite journal row's text (`runtime/store/journal-row-codec.ts`): plain task steps
// in their compact form, everything else whole, and every row read back as it was written.

import assert from 'node:assert/strict';
import type { JournalEvent, NodeCompleted, NodeStarted } from '../../../runtime/journal/journal-event.js';
import { decodeRow, encodeRow } from '../../../runtime/store/journal-row-codec.js';

const T = 1_764_300_000_123;
const started = (seq: number, at = T, node = 'charge'): NodeStarted => ({ type: 'NodeStarted', node, token: 3, attempt: 1, seq, at });
const completed = (seq: number, at = T, result: unknown = null): NodeCompleted =>
  ({ type: 'NodeCompleted', node: 'charge', token: 3, result, routes: [{ edge: 'e7', to: 'ship', token: 3 }], seq, at });

/** The events of `row` read back, as a reader of the file gets them. */
function roundTrip(events: JournalEvent[], afterSeq = 0): JournalEvent[] {
  const last = events[events.length - 1]!;
  const out: JournalEvent[] = [];
  decodeRow(encodeRow(events, last.at), last.seq, last.at, afterSeq, out);
  return out;
}

describe('store: journal row codec', () => {
  it('writes a task step (a completion and the next start) in a few dozen bytes and reads it back whole', () => {
    const step = [completed(7, T - 2), started(8)];
    const body = encodeRow(step, T);
    assert.equal(body, '[[1,"charge",3,null,["e7","ship",3],2],[0,"charge",3,1]]');
    assert.ok(body.length < JSON.stringify(step).length / 3, `${body.length} bytes against ${JSON.stringify(step).length}`);
    assert.deepEqual(roundTrip(step), step);
  });

  it('keeps results, routes without an edge, several routes, retries and times after the row\'s', () => {
    const events: JournalEvent[] = [
      { type: 'NodeCompleted', node: 'split', token: 1, result: { ok: true, items: [1, 'two', null], text: 'a "quoted" \u2028 line' },
        routes: [{ edge: null, to: 'a', token: 1 }, { edge: 'e2', to: 'b', token: 2 }, { edge: 'e3', to: 'b.c', token: 9 }], seq: 40, at: T + 5 },
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 3, seq: 41, at: T + 1 },
      { type: 'NodeStarted', node: 'we\u00efrd "id"', token: 2, attempt: 1, seq: 42, at: T },
      { type: 'NodeCompleted', node: 'x', token: 2, result: 0, routes: [], seq: 43, at: T },
    ];
    assert.deepEqual(roundTrip(events), events);
  });

  it('writes whole any event with a field the compact forms do not hold', () => {
    const events: JournalEvent[] = [
      { ...started(1), joined: [4, 5] },
      { ...started(2), actor: 'cli:ann' },
      { ...completed(3), sets: [{ name: 'n', role: 'var', value: 2 }] },
      { ...completed(4), usage: { cpuMs: 3 } },
      { type: 'VariableSet', seq: 5, at: T, name: 'x', role: 'var', value: [1], actor: 'me' },
      { type: 'RunCompleted', seq: 6, at: T, outputs: { total: 2 } } as JournalEvent,
    ];
    const body = JSON.parse(encodeRow(events, T)) as unknown[];
    assert.ok(body.every((e) => !Array.isArray(e)), 'no compact entries');
    assert.deepEqual(roundTrip(events), events);
  });

  it('writes whole a completion whose result is undefined, and a route with a field of its own', () => {
    const noResult = { type: 'NodeCompleted', node: 'n', token: 1, result: undefined, routes: [], seq: 1, at: T } as NodeCompleted;
    const odd = { ...completed(2), routes: [{ edge: 'e', to: 't', token: 1, via: 'x' } as never] };
    assert.ok(!Array.isArray((JSON.parse(encodeRow([noResult, odd], T)) as unknown[])[0]));
    assert.ok(!Array.isArray((JSON.parse(encodeRow([noResult, odd], T)) as unknown[])[1]));
    // As JSON would have kept them: the undefined result is left out.
    assert.deepEqual(roundTrip([noResult, odd]), JSON.parse(JSON.stringify([noResult, odd])));
  });

  it('writes whole the events of a row whose time is not a whole millisecond', () => {
    const events = [started(1, T + 0.25), started(2, T + 0.5)];
    assert.equal(encodeRow(events, T + 0.5), JSON.stringify(events));
    assert.deepEqual(roundTrip(events), events);
  });

  it('reads only the events after a seq, and layout-3 rows (every event whole)', () => {
    const events = [completed(10), started(11), completed(12), started(13)];
    assert.deepEqual(roundTrip(events, 11).map((e) => e.seq), [12, 13]);
    const out: JournalEvent[] = [];
    decodeRow(JSON.stringify(events), 13, T, 0, out);
    assert.deepEqual(out, events);
  });

  it('refuses an entry of a kind it does not know, naming a newer Weft', () => {
    assert.throws(() => decodeRow('[[9,"x"]]', 1, T, 0, []), /unknown kind \(9\).*newer Weft/);
  });
});
