// A state starts with one shared, never-written instance for each collection most runs never
// fill (`workflow-state.ts`: inputs and variables before `RunStarted`, outputs, joins, buffered
// events, completed compensable tasks, the compensation queue, the tokens of a fresh or ended
// state). The fold gives a state its own on the first write: runs that write them fold to the same
// state as before, and no write ever reaches the shared instance another state reads.

import assert from 'node:assert/strict';
import { applyEvent, foldJournal } from '../../../runtime/journal/fold.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import {
  emptyWorkflowState, NO_BUFFERED_EVENTS, NO_COMPENSATIONS, NO_COMPLETED_TASKS, NO_JOINS, NO_TOKENS, NO_VALUES_YET, type WorkflowState,
} from '../../../runtime/journal/workflow-state.js';
import {
  bin, bundleOf, emit, fail, fork, join, lit, ms, result, setNode, task, timer, v, waitEvent, workflow,
} from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

function assertSharedStillEmpty(): void {
  assert.deepEqual(Object.keys(NO_VALUES_YET), []);
  assert.deepEqual(Object.keys(NO_JOINS), []);
  assert.equal(NO_BUFFERED_EVENTS.length, 0);
  assert.equal(NO_COMPLETED_TASKS.length, 0);
  assert.equal(NO_COMPENSATIONS.length, 0);
  assert.equal(NO_TOKENS.size, 0);
}

/** Workflows that write each shared collection: variables and outputs, joins, buffered events, compensations. */
const writers = {
  variablesAndOutputs: workflow('Writes', {
    nodes: [setNode('a', { n: bin('+', v('n'), lit(1)), total: lit(7) }), task('t', 'ok', [lit(3)], { sets: [{ target: 'last', value: result }] })],
    edges: ['start -> a -> t'],
    vars: { n: lit(1), last: null },
    outputs: ['total'],
  }),
  outputsOnly: workflow('OutputsOnly', {
    nodes: [setNode('a', { total: lit(2) })],
    edges: ['start -> a'],
    outputs: ['total'],
  }),
  joins: workflow('Joins', {
    nodes: [fork('f'), task('x', 'ok', [lit('X')]), task('y', 'ok', [lit('Y')]), join('j')],
    edges: ['start -> f', 'f -> [x, y]', '[x, y] -> j'],
  }),
  bufferedEvents: workflow('Buffered', {
    nodes: [timer('first', 'for', ms(1000)), waitEvent('w', 'go'), emit('e', 'other')],
    edges: ['start -> [first, e]', 'first -> w'],
  }),
  compensations: workflow('Compensating', {
    nodes: [task('a', 'ok', [], { compensate: 'undo' }), fail('boom', 'no'), task('undo', 'ok')],
    edges: ['start -> a -> boom'],
  }),
};

describe('a state with shared empty collections', () => {
  it('starts with the shared instances, frozen where an object can be', () => {
    const s = emptyWorkflowState('fresh');
    assert.equal(s.inputs, NO_VALUES_YET);
    assert.equal(s.variables, NO_VALUES_YET);
    assert.equal(s.outputs, NO_VALUES_YET);
    assert.equal(s.joins, NO_JOINS);
    assert.equal(s.bufferedEvents, NO_BUFFERED_EVENTS);
    assert.equal(s.completedTasks, NO_COMPLETED_TASKS);
    assert.equal(s.compensationQueue, NO_COMPENSATIONS);
    assert.equal(s.tokens, NO_TOKENS);
    assert.throws(() => { s.variables['x'] = 1; }, TypeError);
    assert.throws(() => { s.outputs['x'] = 1; }, TypeError);
    assert.throws(() => { s.joins['j'] = { arrived: [] }; }, TypeError);
    assert.throws(() => { s.bufferedEvents.push({} as never); }, TypeError);
    assert.throws(() => { s.completedTasks.push({ node: 'a', compensate: 'b' }); }, TypeError);
    assert.equal(s.compensationQueue.shift(), undefined, 'shifting the empty queue changes nothing');
    assertSharedStillEmpty();
  });

  for (const [name, wf] of Object.entries(writers)) {
    it(`gives each run its own collection on the first write, and the fold of the journal rebuilds it (${name})`, async () => {
      const { engine, store } = harness();
      const events = [{ type: 'go', data: 1, at: 10 }];
      const first = await engine.start(bundleOf(wf), { events });
      const second = await engine.start(bundleOf(wf), { events });
      const [a, b] = [(await first.outcome).state, (await second.outcome).state];
      assertSharedStillEmpty();
      assert.deepStrictEqual(foldJournal(first.runId, await store.readEvents(first.runId)), a);
      assert.deepStrictEqual(foldJournal(second.runId, await store.readEvents(second.runId)), b);
      for (const key of ['variables', 'outputs', 'joins', 'bufferedEvents', 'completedTasks'] as const) {
        if (a[key] !== NO_VALUES_YET && a[key] !== NO_JOINS && a[key] !== NO_BUFFERED_EVENTS && a[key] !== NO_COMPLETED_TASKS) {
          assert.notEqual(a[key], b[key], `two runs share their ${key}`);
        }
      }
    });
  }

  it('keeps what the runs wrote where the runs expect it', async () => {
    const { engine } = harness();
    const writes = (await (await engine.start(bundleOf(writers.variablesAndOutputs))).outcome).state;
    assert.deepEqual(writes.variables, { n: 2, last: 3 });
    assert.deepEqual(writes.outputs, { total: 7 });
    const outputsOnly = await (await engine.start(bundleOf(writers.outputsOnly))).outcome;
    assert.deepEqual(outputsOnly.outputs, { total: 2 });
    assert.equal(outputsOnly.state.variables, NO_VALUES_YET, 'no variable declared, none written');
    const compensated = (await (await engine.start(bundleOf(writers.compensations))).outcome).state;
    assert.equal(compensated.status, 'failed');
    assert.equal(compensated.compensationQueue, NO_COMPENSATIONS);
    assert.ok(compensated.history.some((h) => h.node === 'undo' && h.status === 'completed'));
  });

  it('reads the inputs from the start event, as the given values', async () => {
    const { engine } = harness();
    const wf = workflow('Inputs', { nodes: [setNode('a')], edges: ['start -> a'], inputs: { x: {}, y: { default: lit(2) } } });
    const o = await (await engine.start(bundleOf(wf), { inputs: { x: 1 } })).outcome;
    assert.deepEqual(o.state.inputs, { x: 1, y: 2 });
  });

  it('drops an ended run\'s tokens map for the shared one, and makes its own again when a token is added', () => {
    const journal: JournalEvent[] = [
      { type: 'RunStarted', seq: 1, at: 0, workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, variables: {}, trigger: { kind: 'manual' }, stepBudget: 10, seed: 1, token: 1 },
      { type: 'NodeStarted', seq: 2, at: 0, node: 'start', token: 1, attempt: 1 },
      { type: 'NodeCompleted', seq: 3, at: 0, node: 'start', token: 1, result: null, routes: [{ edge: 'e', to: 'a', token: 1 }] },
      { type: 'RunCompleted', seq: 4, at: 1, outputs: {} },
    ];
    const state: WorkflowState = foldJournal('r', journal);
    assert.equal(state.tokens, NO_TOKENS);
    assert.equal(state.status, 'completed');
    applyEvent(state, { type: 'NodeStarted', seq: 5, at: 2, node: 'b', token: 2, attempt: 1 });
    assert.notEqual(state.tokens, NO_TOKENS);
    assert.equal(state.tokens.get(2)?.node, 'b');
    assertSharedStillEmpty();
  });
});
