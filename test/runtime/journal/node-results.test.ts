// `WorkflowState.results` (node-results.ts) holds what `results[e.node] = e.result` on every
// NodeCompleted and NodeSkipped, in journal order, held in a plain object: checked against that
// rule for hand-made journals and real runs, read after every event and only at the end.

import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { applyEvent, foldJournal } from '../../../runtime/journal/fold.js';
import { emptyWorkflowState } from '../../../runtime/journal/workflow-state.js';
import { bundleOf, fork, join, list, local, region, foreach, body, lit, retry, setNode, task, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

type Draft = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** The events with `seq` 1, 2, … and a time. */
function journal(...drafts: Draft[]): JournalEvent[] {
  return drafts.map((d, i) => ({ ...d, seq: i + 1, at: 1000 + i }) as JournalEvent);
}

/** The rule the results follow, as a plain object. */
function expected(events: readonly JournalEvent[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of events) if (e.type === 'NodeCompleted' || e.type === 'NodeSkipped') out[e.node] = e.result;
  return out;
}

/** Folds `events` one by one, comparing the results with the rule after each when `readEach`. */
function foldReading(events: readonly JournalEvent[], readEach: boolean) {
  const state = emptyWorkflowState('r');
  for (let i = 0; i < events.length; i++) {
    applyEvent(state, events[i]!);
    if (readEach) assert.deepEqual(Object.entries(state.results.toJSON()), Object.entries(expected(events.slice(0, i + 1))), `after event ${i + 1}`);
  }
  return state;
}

const runStarted: Draft = { type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 1 };
const to = (node: string, token: number) => [{ edge: `e-${node}`, to: node, token }];

describe('node results (WorkflowState.results)', () => {
  it('gives each node its latest result, names in the order they first got one', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 1, result: 1, routes: to('b', 1) },
      { type: 'NodeStarted', node: 'b', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'b', token: 1, result: 2, routes: to('a', 1) },
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 1, result: 3, routes: to('end', 1) },
    );
    for (const readEach of [false, true]) {
      const r = foldReading(events, readEach).results;
      assert.equal(r.get('a'), 3);
      assert.equal(r.get('b'), 2);
      assert.equal(r.has('c'), false);
      assert.deepEqual([...r.keys()], ['a', 'b']);
      assert.equal(r.size, 2);
    }
  });

  it('orders results by completion when branches finish in another order than they started', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'start', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'start', token: 1, result: null, routes: [{ edge: 'x', to: 'a', token: 2 }, { edge: 'y', to: 'b', token: 3 }, { edge: 'z', to: 'c', token: 4 }] },
      { type: 'NodeStarted', node: 'a', token: 2, attempt: 1 },
      { type: 'NodeStarted', node: 'b', token: 3, attempt: 1 },
      { type: 'NodeStarted', node: 'c', token: 4, attempt: 1 },
      { type: 'NodeCompleted', node: 'b', token: 3, result: 'B', routes: to('a', 3) },
      { type: 'NodeCompleted', node: 'c', token: 4, result: 'C', routes: to('j', 4) },
      { type: 'NodeStarted', node: 'a', token: 3, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 3, result: 'A from b', routes: to('j', 3) },
      { type: 'NodeCompleted', node: 'a', token: 2, result: 'A first started', routes: to('j', 2) },
      { type: 'NodeSkipped', node: 'k', token: 4, result: null, routes: to('j', 4) },
    );
    for (const readEach of [false, true]) {
      const state = foldReading(events, readEach);
      assert.deepEqual(Object.entries(state.results.toJSON()), Object.entries(expected(events)));
      assert.equal(state.results.get('a'), 'A first started');
    }
  });

  it('keeps the result of a completion that has no running execution', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'RunRecovered', rerun: [{ node: 'a', token: 1, idempotent: true }] },
      { type: 'NodeCompleted', node: 'a', token: 1, result: 'late', routes: to('b', 1) },
      { type: 'NodeCompleted', node: 'ghost', token: 9, result: 'no token', routes: [] },
    );
    for (const readEach of [false, true]) assert.deepEqual(foldReading(events, readEach).results.toJSON(), { a: 'late', ghost: 'no token' });
  });

  it('keeps a result whose execution a later event amended', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 1, result: 'A', routes: to('a', 1) },
      { type: 'NodeFailed', node: 'a', token: 1, attempt: 1, error: { name: 'Late', message: 'after the fact' } },
    );
    assert.deepEqual(foldReading(events, false).results.toJSON(), { a: 'A' });
  });

  it('serialises to the plain object of results', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 1, result: { n: 1 }, routes: to('b', 1) },
      { type: 'NodeSkipped', node: 'b', token: 1, result: [1, 2], routes: to('end', 1) },
    );
    assert.equal(JSON.stringify({ results: foldJournal('r', events).results }), JSON.stringify({ results: { a: { n: 1 }, b: [1, 2] } }));
  });

  it('compares equal to another fold of the same events whether or not either was read', () => {
    const events = journal(
      runStarted,
      { type: 'NodeStarted', node: 'a', token: 1, attempt: 1 },
      { type: 'NodeCompleted', node: 'a', token: 1, result: 1, routes: to('b', 1) },
    );
    const read = foldJournal('r', events);
    read.results.get('a');
    assert.deepStrictEqual(read, foldJournal('r', events));
  });

  it('follows the rule in real runs with splits, joins, retries, foreach iterations and regions', async () => {
    const runs = [
      workflow('Split', {
        nodes: [fork('f'), task('a', 'flaky', [lit(1)], { retry: retry(1, 100) }), task('b', 'ok', [lit('B')]), setNode('c'), join('j'), setNode('after')],
        edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(true) }], ['f -> c', { when: lit(false) }], '[a, b, c] -> j -> after'],
      }),
      workflow('Frames', {
        nodes: [foreach('loop', list(lit(1), lit(2), lit(3)), 'x', body([task('t', 'ok', [local('x')]), region('r', body([setNode('in')], ['start -> in -> end']))], ['start -> t -> r -> end']), { concurrency: 2 })],
        edges: ['start -> loop -> end'],
      }),
    ];
    for (const wf of runs) {
      const { engine, store } = harness();
      const { runId, outcome } = await engine.start(bundleOf(wf));
      const live = (await outcome).state;
      const events = await store.readEvents(runId);
      assert.deepEqual(Object.entries(live.results.toJSON()), Object.entries(expected(events)), wf.id);
      foldReading(events, true);
    }
  });
});
