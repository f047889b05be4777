// `WorkflowState.history` and `.results` are views over the state's event log
// (`execution-history.ts`, `node-results.ts`): they must hold exactly what the per-step fold
// built (`support/reference-history.ts`) — entries, order, statuses, times, errors, usage, cache
// flags, amendments — for hand-made journals, random event lists and real runs, whether read
// after every event or only at the end.

import assert from 'node:assert/strict';
import { applyEvent, foldJournal } from '../../../runtime/journal/fold.js';
import type { JournalError, JournalEvent, Route, TokenId } from '../../../runtime/journal/journal-event.js';
import { emptyWorkflowState, type WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { seededRandom, type Random } from '../../../runtime/engine/seeded-random.js';
import { Engine, type StartOptions } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { conformanceStarts } from '../support/conformance-runs.js';
import { testConnector } from '../support/engine-harness.js';
import { ReferenceFold } from './support/reference-history.js';

type Draft = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** The events with `seq` 1, 2, … and a time. */
function journal(drafts: readonly Draft[]): JournalEvent[] {
  return drafts.map((d, i) => ({ ...d, seq: i + 1, at: 1000 + 10 * i }) as JournalEvent);
}

const view = (s: WorkflowState) => JSON.stringify(s.history);
const results = (s: WorkflowState) => JSON.stringify(s.results);

/**
 * Folds `events` both ways and compares history and results: after every event when `readEach`
 * (the view then catches up one event at a time), else only at the end.
 */
function assertSameAsPerStepFold(events: readonly JournalEvent[], readEach: boolean, label = ''): void {
  const reference = new ReferenceFold(emptyWorkflowState('r'));
  const state = emptyWorkflowState('r');
  for (let i = 0; i < events.length; i++) {
    reference.fold(events[i]!);
    applyEvent(state, events[i]!);
    if (readEach) {
      assert.equal(view(state), JSON.stringify(reference.history), `${label} history after event ${i + 1} (${events[i]!.type})`);
      assert.equal(results(state), JSON.stringify(reference.results), `${label} results after event ${i + 1}`);
    }
  }
  assert.equal(view(state), JSON.stringify(reference.history), `${label} history`);
  assert.equal(results(state), JSON.stringify(reference.results), `${label} results`);
  assert.equal(view(foldJournal('r', events)), JSON.stringify(reference.history), `${label} foldJournal's history`);
}

const runStarted: Draft = { type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 1 };
const to = (node: string, token: TokenId): Route[] => [{ edge: `e-${node}`, to: node, token }];
const boom: JournalError = { name: 'Boom', message: 'no', node: 'a' };

const HAND_MADE: Record<string, Draft[]> = {
  'a retry, then success with usage': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
    { type: 'RetryScheduled', node: 'a', token: 1, attempt: 2, delayMs: 10, dueAt: 2000, error: boom },
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 2 },
    { type: 'NodeCompleted', node: 'a', token: 1, result: 1, routes: to('end', 1), usage: { tokens: 3 } },
    { type: 'NodeStarted', node: 'end', token: 1, attempt: 1 },
    { type: 'NodeCompleted', node: 'end', token: 1, result: null, routes: [] },
    { type: 'RunCompleted', outputs: {} },
  ],
  'a failure reported on an execution a retry ended, a cached completion': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
    { type: 'RetryScheduled', node: 'a', token: 1, attempt: 2, delayMs: 10, dueAt: 2000, error: boom },
    { type: 'NodeFailed', node: 'a', token: 1, attempt: 1, error: { ...boom, message: 'later' }, usage: { ms: 4 } },
    { type: 'NodeRetried', node: 'a', token: 1 },
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
    { type: 'NodeCompleted', node: 'a', token: 1, result: 2, routes: to('b', 1), cached: true },
    { type: 'NodeStarted', node: 'b', token: 1, attempt: 1 },
    { type: 'NodeFailed', node: 'b', token: 1, attempt: 1, error: boom },
    { type: 'RunFailed', error: boom },
  ],
  'a skip of a failed node and a skip of a node never started': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 3 },
    { type: 'NodeFailed', node: 'a', token: 1, attempt: 3, error: boom },
    { type: 'RunFailed', error: boom },
    { type: 'NodeSkipped', node: 'a', token: 1, result: 'x', routes: to('b', 1) },
    { type: 'NodeSkipped', node: 'b', token: 1, result: 'y', routes: to('c', 1) },
    { type: 'NodeStarted', node: 'c', token: 1, attempt: 1 },
    { type: 'NodeSkipped', node: 'c', token: 1, result: 'z', routes: [] },
  ],
  'a node retried by a control, then skipped before it started again': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 3 },
    { type: 'NodeFailed', node: 'a', token: 1, attempt: 3, error: boom },
    { type: 'RunFailed', error: boom },
    { type: 'NodeRetried', node: 'a', token: 1 },
    { type: 'NodeSkipped', node: 'a', token: 1, result: 'x', routes: to('end', 1) },
  ],
  'a split, a join with joined tokens, a cancellation and an absorbed arrival': [
    runStarted,
    { type: 'NodeStarted', node: 'start', token: 1, attempt: 1 },
    { type: 'NodeCompleted', node: 'start', token: 1, result: null, routes: [{ edge: 'x', to: 'a', token: 2 }, { edge: 'y', to: 'b', token: 3 }, { edge: 'z', to: 'c', token: 4 }] },
    { type: 'NodeStarted', node: 'a', token: 2, attempt: 1 },
    { type: 'NodeStarted', node: 'b', token: 3, attempt: 1 },
    { type: 'NodeStarted', node: 'c', token: 4, attempt: 1 },
    { type: 'NodeCompleted', node: 'a', token: 2, result: 'A', routes: to('j', 2) },
    { type: 'JoinArrived', node: 'j', token: 2, absorbed: false, result: 'A' },
    { type: 'NodeCompleted', node: 'b', token: 3, result: 'B', routes: to('j', 3) },
    { type: 'JoinArrived', node: 'j', token: 3, absorbed: false, result: 'B' },
    { type: 'NodeStarted', node: 'j', token: 5, attempt: 1, joined: [2, 3] },
    { type: 'TokensCancelled', tokens: [4, 4, 9], reason: 'join-cancel' },
    { type: 'NodeCompleted', node: 'j', token: 5, result: ['A', 'B'], routes: to('end', 5) },
    { type: 'JoinArrived', node: 'j', token: 5, absorbed: true, result: null },
    { type: 'RunCompleted', outputs: {} },
  ],
  'recovery reruns a started node; a completion then reports usage on the cancelled entry': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
    { type: 'RunRecovered', rerun: [{ node: 'a', token: 1, idempotent: true }, { node: 'zz', token: 7, idempotent: false }] },
    { type: 'NodeCompleted', node: 'a', token: 1, result: 1, routes: to('b', 1), usage: { tokens: 1 } },
    { type: 'NodeStarted', node: 'b', token: 1, attempt: 1 },
    { type: 'Cancelled' },
  ],
  'a region frame with inner tokens, ended by the run': [
    runStarted,
    { type: 'NodeStarted', node: 'r', token: 1, attempt: 1 },
    { type: 'FrameEntered', node: 'r', token: 1, frame: 100, path: 'r', kind: 'region' },
    { type: 'NodeStarted', node: 'r.start', token: 100, attempt: 1, frame: 100 },
    { type: 'NodeCompleted', node: 'r.start', token: 100, result: null, routes: to('r.x', 100) },
    { type: 'NodeStarted', node: 'r.x', token: 100, attempt: 1, frame: 100 },
    { type: 'RunCompleted', outputs: {} },
  ],
  'an unhandled failure routed by an on edge, then a new token with a reused id': [
    runStarted,
    { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
    { type: 'NodeFailed', node: 'a', token: 1, attempt: 1, error: boom, routes: [{ edge: 'on', to: 'h', token: 2 }] },
    { type: 'NodeStarted', node: 'h', token: 2, attempt: 1 },
    { type: 'NodeCompleted', node: 'h', token: 2, result: 1, routes: [{ edge: 'x', to: 'p', token: 1 }, { edge: 'y', to: 'q', token: 3 }] },
    { type: 'NodeSkipped', node: 'p', token: 1, result: null, routes: [] },
    { type: 'NodeStarted', node: 'q', token: 3, attempt: 2 },
  ],
};

/** A random event list over a few tokens and nodes, valid or not for a real run (the fold takes any list). */
function randomJournal(rnd: Random, length: number): JournalEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const tokens = [1, 2, 3, 4, 5];
  const nodes = ['a', 'b', 'c', 'j', 'end'];
  const token = () => pick(tokens);
  const routes = (from: TokenId): Route[] => {
    const r = rnd();
    if (r < 0.5) return to(pick(nodes), from);
    if (r < 0.65) return [];
    if (r < 0.8) return to(pick(nodes), token());
    return [{ edge: 'p', to: pick(nodes), token: token() }, { edge: 'q', to: pick(nodes), token: token() }];
  };
  const drafts: Draft[] = [runStarted];
  let frame = 100;
  while (drafts.length < length) {
    const t = token();
    const node = pick(nodes);
    const r = rnd();
    const usage = rnd() < 0.3 ? { tokens: Math.floor(rnd() * 9) } : undefined;
    if (r < 0.3) drafts.push({ type: 'NodeStarted', node, token: t, attempt: 1 + Math.floor(rnd() * 3), ...(rnd() < 0.1 ? { joined: [token(), token()] } : {}) });
    else if (r < 0.5) drafts.push({ type: 'NodeCompleted', node, token: t, result: drafts.length, routes: routes(t), ...(usage ? { usage } : {}), ...(rnd() < 0.1 ? { cached: true } : {}) });
    else if (r < 0.58) drafts.push({ type: 'NodeFailed', node, token: t, attempt: 1, error: { ...boom, message: `m${drafts.length}` }, ...(rnd() < 0.5 ? { routes: routes(t) } : {}), ...(usage ? { usage } : {}) });
    else if (r < 0.64) drafts.push({ type: 'RetryScheduled', node, token: t, attempt: 2, delayMs: 5, dueAt: 9999, error: boom });
    else if (r < 0.71) drafts.push({ type: 'NodeSkipped', node, token: t, result: `s${drafts.length}`, routes: routes(t) });
    else if (r < 0.74) drafts.push({ type: 'NodeRetried', node, token: t });
    else if (r < 0.78) drafts.push({ type: 'JoinArrived', node: 'j', token: t, absorbed: rnd() < 0.5, result: null });
    else if (r < 0.82) drafts.push({ type: 'TokensCancelled', tokens: [token(), token()], reason: 'cancel' });
    else if (r < 0.85) drafts.push({ type: 'RunRecovered', rerun: [{ node, token: t, idempotent: true }] });
    else if (r < 0.88) drafts.push({ type: 'FrameEntered', node, token: t, frame: frame++, path: node, kind: 'region' });
    else if (r < 0.9) drafts.push({ type: 'Cancelled' });
    else if (r < 0.92) drafts.push({ type: 'RunCompleted', outputs: {} });
    else if (r < 0.96) drafts.push({ type: 'TimerScheduled', node, token: t, dueAt: 5000 });
    else drafts.push({ type: 'Paused' });
  }
  return journal(drafts);
}

/** Runs `bundle` on a memory store; the journal of the run. */
async function runJournal(bundle: WorkflowBundle, options: StartOptions): Promise<JournalEvent[]> {
  const store = new MemoryRunStore();
  const engine = new Engine({ store, clock: new VirtualClock(Date.UTC(2026, 0, 1)), environment: {}, executors: { connector: testConnector() } });
  await (await engine.start(bundle, { runId: 'run-1', ...options })).outcome;
  return store.readEvents('run-1');
}

describe('history and results as views over the event log', () => {
  for (const [title, drafts] of Object.entries(HAND_MADE)) {
    it(`holds what the per-step fold held: ${title}`, () => {
      const events = journal(drafts);
      assertSameAsPerStepFold(events, true, title);
      assertSameAsPerStepFold(events, false, title);
    });
  }

  it('holds what the per-step fold held for 400 random event lists, read after every event or only at the end', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const events = randomJournal(seededRandom(seed), 10 + (seed % 60));
      assertSameAsPerStepFold(events, seed % 2 === 0, `seed ${seed}`);
    }
  });

  it('holds what the per-step fold held for every conformance run (retries, failures, skips, cancellations, foreach, regions)', async function () {
    this.timeout(120_000);
    let runs = 0;
    for await (const { fixture, bundle, options } of conformanceStarts()) {
      const events = await runJournal(bundle, options);
      assertSameAsPerStepFold(events, true, fixture);
      runs++;
    }
    assert.ok(runs > 20, `${runs} conformance runs`);
  });

  it('reads each event once: later reads extend the same entries, earlier entries stay the same objects', () => {
    const drafts: Draft[] = [runStarted];
    for (let i = 0; i < 2000; i++) {
      drafts.push({ type: 'NodeStarted', node: `n${i}`, token: 1, attempt: 1 });
      drafts.push({ type: 'NodeCompleted', node: `n${i}`, token: 1, result: i, routes: to(`n${i + 1}`, 1) });
    }
    const state = emptyWorkflowState('r');
    const events = journal(drafts);
    applyEvent(state, events[0]!);
    const history = state.history;
    let first;
    for (let i = 1; i < events.length; i++) {
      applyEvent(state, events[i]!);
      assert.equal(state.history, history, 'the same array, caught up in place');
      first ??= state.history[0];
      assert.equal(state.history[0], first);
      if (i % 2 === 0) assert.equal(state.results.get(`n${i / 2 - 1}`), i / 2 - 1);
    }
    assert.equal(state.history.length, 2000);
    assert.equal(state.history[1999]!.status, 'completed');
  });

  it('keeps no history or results of its own until read, and serialises as the state it was', () => {
    const events = journal(HAND_MADE['a retry, then success with usage']!);
    const state = foldJournal('r', events);
    assert.equal(state.log.length, events.length);
    assert.deepEqual(Object.keys(state).filter((k) => k === 'history' || k === 'results'), [], 'views, not own fields');
    const json = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    assert.equal(json.log, undefined);
    const keys = Object.keys(json);
    assert.deepEqual(keys.slice(keys.indexOf('outputs'), keys.indexOf('outputs') + 3), ['outputs', 'results', 'tokens']);
    assert.equal(keys[keys.indexOf('history') + 1], 'steps');
    assert.deepEqual(json.results, { a: 1, end: null });
    assert.deepEqual((json.history as Array<{ status: string }>).map((h) => h.status), ['failed', 'completed', 'completed']);
  });
});
