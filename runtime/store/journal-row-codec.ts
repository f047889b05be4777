// Store — the text of a SQLite journal row's `body` (layout 4). A row holds the events one commit
// appended for one run, with consecutive seqs; the row's `last` column is the last one's seq and
// its `at` column the last one's time. Most of a run's events are plain task steps, so those two
// kinds are written as short arrays, their seq taken from the row and their time as a difference
// from the row's; every other event (and a plain kind with any further field) is written whole,
// as layout 3 wrote every event. A step's row (a completion and the next start) is ~50 bytes
// instead of ~220: the commit writes and syncs fewer WAL pages, and the text is quicker to make.
// See docs/runtime.md "The SQLite store" and docs/benchmarks.md "Session 22".
//
//   [0, node, token, attempt, dAt?]           NodeStarted { type, node, token, attempt, seq, at }
//   [1, node, token, result, routes, dAt?]    NodeCompleted { type, node, token, result, routes, seq, at }
//
// `routes` is flat: edge, to, token for each route. `dAt` is the row's `at` minus the event's,
// left out when 0. Layout-3 rows (every event an object) read the same way.

import type { JournalEvent, NodeCompleted, NodeStarted, Route } from '../journal/journal-event.js';

const STARTED = 0;
const COMPLETED = 1;

/**
 * Node and edge ids as JSON strings, remembered: a workflow has few, each written at every step,
 * and a lookup costs less than `JSON.stringify` or a test for characters to escape. Emptied when
 * full, so a process running many workflows keeps a bounded set.
 */
const QUOTED = new Map<string, string>();
const QUOTED_MAX = 4096;

function quoted(s: string): string {
  let q = QUOTED.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (QUOTED.size >= QUOTED_MAX) QUOTED.clear();
    QUOTED.set(s, q);
  }
  return q;
}

/** The body of a row holding `events` (consecutive seqs; the last one's time is `at`). */
export function encodeRow(events: readonly JournalEvent[], at: number): string {
  // A time that is not a whole millisecond would not come back exactly from a difference.
  if (!Number.isInteger(at)) return JSON.stringify(events);
  let text = '[';
  for (let i = 0; i < events.length; i++) {
    if (i !== 0) text += ',';
    text += encodeEvent(events[i]!, at);
  }
  return text + ']';
}

function encodeEvent(e: JournalEvent, rowAt: number): string {
  if (e.type === 'NodeStarted') {
    if (isPlainStart(e)) return `[${STARTED},${quoted(e.node)},${e.token},${e.attempt}${atDifference(rowAt, e.at)}]`;
  } else if (e.type === 'NodeCompleted') {
    const routes = isPlainCompletion(e) ? flatRoutes(e.routes) : undefined;
    if (routes !== undefined) {
      const result = e.result === null ? 'null' : JSON.stringify(e.result);
      if (result !== undefined) return `[${COMPLETED},${quoted(e.node)},${e.token},${result},${routes}${atDifference(rowAt, e.at)}]`;
    }
  }
  return JSON.stringify(e);
}

function atDifference(rowAt: number, at: number): string {
  return at === rowAt ? '' : `,${rowAt - at}`;
}

function isWholeMs(at: unknown): boolean {
  return Number.isInteger(at);
}

/**
 * Enumerable keys, counted without making an array (a field set to undefined counts). Events are
 * plain objects: their prototype's keys are not enumerable.
 */
function keyCount(o: object): number {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ in o) n++;
  return n;
}

/** Exactly type, node, token, attempt, seq and at: nothing else to keep. */
function isPlainStart(e: NodeStarted): boolean {
  return typeof e.node === 'string' && typeof e.token === 'number' && typeof e.attempt === 'number' && isWholeMs(e.at) && keyCount(e) === 6;
}

/** Exactly type, node, token, result, routes, seq and at. */
function isPlainCompletion(e: NodeCompleted): boolean {
  return typeof e.node === 'string' && typeof e.token === 'number' && 'result' in e && Array.isArray(e.routes) && isWholeMs(e.at) && keyCount(e) === 7;
}

/** The routes as `[edge,to,token,...]`, or undefined if a route has anything else. */
function flatRoutes(routes: readonly Route[]): string | undefined {
  if (routes.length === 0) return '[]';
  let text = '[';
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if ((r.edge !== null && typeof r.edge !== 'string') || typeof r.to !== 'string' || typeof r.token !== 'number' || keyCount(r) !== 3) return undefined;
    if (i !== 0) text += ',';
    text += `${r.edge === null ? 'null' : quoted(r.edge)},${quoted(r.to)},${r.token}`;
  }
  return text + ']';
}

/** Appends to `out` the events of a row (`last`, `at`: its columns) with seq > `afterSeq`. */
export function decodeRow(body: string, last: number, at: number, afterSeq: number, out: JournalEvent[]): void {
  const items = JSON.parse(body) as unknown[];
  const first = last - items.length + 1;
  for (let i = 0; i < items.length; i++) {
    const seq = first + i;
    if (seq <= afterSeq) continue;
    const item = items[i];
    if (!Array.isArray(item)) {
      out.push(item as JournalEvent);
      continue;
    }
    out.push(decodeEvent(item, seq, at));
  }
}

function decodeEvent(item: unknown[], seq: number, rowAt: number): JournalEvent {
  switch (item[0]) {
    case STARTED:
      return { type: 'NodeStarted', node: item[1] as string, token: item[2] as number, attempt: item[3] as number, seq, at: rowAt - ((item[4] as number | undefined) ?? 0) };
    case COMPLETED: {
      const flat = item[4] as Array<string | number | null>;
      const routes: Route[] = [];
      for (let r = 0; r < flat.length; r += 3) routes.push({ edge: flat[r] as string | null, to: flat[r + 1] as string, token: flat[r + 2] as number });
      return { type: 'NodeCompleted', node: item[1] as string, token: item[2] as number, result: item[3], routes, seq, at: rowAt - ((item[5] as number | undefined) ?? 0) };
    }
    default:
      throw new Error(`A journal row holds an event of an unknown kind (${JSON.stringify(item[0])}): the store was written by a newer Weft`);
  }
}
