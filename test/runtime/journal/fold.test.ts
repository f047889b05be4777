// The fold is the only way state is derived: replaying a run's journal must rebuild exactly the
// state the engine held live (LANGUAGE.md §4 rule 7), for runs that exercise every event type;
// folding a prefix gives the state at that point (the debugger's step back).

import assert from 'node:assert/strict';
import { foldJournal, foldJournalUntil } from '../../../runtime/journal/fold.js';
import { currentNodes, emptyWorkflowState } from '../../../runtime/journal/workflow-state.js';
import {
  approval, bin, body, bundleOf, emit, fail, foreach, fork, join, list, local, region, listen, lit, ms, obj, result, retry, setNode, sub, task, terminate, timer, v, waitEvent, workflow,
} from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';

const child = workflow('Child', { nodes: [setNode('s', { y: lit(1) })], edges: ['start -> s'], outputs: ['y'] });

const workflows = {
  parallel: workflow('Parallel', {
    nodes: [fork('f'), task('a', 'flaky', [lit(1)], { retry: retry(1, 100), compensate: 'undo' }), task('b', 'ok'), setNode('c'), join('j'), join('firstJ', 'first'), setNode('after', { n: bin('+', v('n'), lit(1)) }), task('undo', 'ok'), sub('kid', 'Child')],
    edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(true) }], ['f -> c', { when: lit(false) }], '[a, b, c] -> j -> [after, kid]', '[after, kid] -> firstJ'],
    vars: { n: lit(0) },
  }),
  waits: workflow('Waits', {
    nodes: [timer('t', 'for', ms(500)), waitEvent('w', 'go'), listen('l', ['x', 'y']), emit('e', 'x', obj({ a: lit(1) })), setNode('onX'), task('t2', 'ok', [], { sets: [{ target: 'out', value: result }] })],
    edges: ['start -> [t, e]', 't -> w -> l', ['l -> onX', { event: 'x' }], 'onX -> t2'],
    outputs: ['out'],
  }),
  failing: workflow('Failing', {
    nodes: [task('a', 'ok', [], { compensate: 'undo' }), task('b', 'hang'), fail('boom', 'no'), task('undo', 'ok')],
    edges: ['start -> [a, b]', 'a -> boom'],
  }),
  terminating: workflow('Terminating', { nodes: [task('slow', 'hang'), terminate('stop')], edges: ['start -> [slow, stop]'] }),
  approvals: workflow('Approvals', { nodes: [approval('ok', 'fine?')], edges: ['start -> ok'] }),
  frames: workflow('Frames', {
    nodes: [
      foreach('capped', list(lit(1), lit(2), lit(3), lit(4)), 'x', body([timer('t', 'for', local('x')), region('r', body([setNode('add', { n: bin('+', v('n'), local('x')) })], ['start -> add -> end']), true)], ['start -> t -> r -> end']), { concurrency: 2, until: bin('>=', v('n'), lit(3)) }),
      foreach('failing', list(lit(1), lit(2)), 'x', body([task('h', 'hang'), task('bad', 'fail', [lit('Broken')])], [['start -> bad', { when: bin('==', local('x'), lit(2)) }], ['start -> h', { otherwise: true }]])),
      setNode('caught'),
    ],
    edges: ['start -> capped -> failing -> end', ['failing -> caught', { on: 'Broken' }]],
    vars: { n: lit(0) },
  }),
};

describe('journal fold', () => {
  for (const [name, wf] of Object.entries(workflows)) {
    it(`rebuilds the live state exactly from the journal (${name})`, async () => {
      const { engine, store, clock } = harness();
      const { runId, outcome } = await engine.start(bundleOf(wf, child), { events: [{ type: 'go', at: 1000 }, { type: 'y', at: 3000 }] });
      if (name === 'approvals') {
        await clock.whenIdle();
        await engine.approve(runId, 'ok', { approved: true }, 'me');
      }
      const o = await outcome;
      assert.deepStrictEqual(foldJournal(runId, await store.readEvents(runId)), o.state);
    });
  }

  it('rebuilds the live state of open foreach iterations and regions mid-run', async () => {
    const { engine, store, connector } = harness();
    const wf = workflow('Open', {
      nodes: [foreach('loop', list(lit('a'), lit('b'), lit('c')), 'x', body([region('r', body([task('g', 'gate', [local('x')])], ['start -> g -> end'])), setNode('after')], ['start -> r -> after -> end']), { concurrency: 2 })],
      edges: ['start -> loop -> end'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 2);
    connector.gate('a').open('A');
    await waitUntil(() => connector.calls.length === 3);
    const live = engine.peek(runId)!;
    assert.equal(live.frames.size, 4, 'two iterations and their regions are open');
    assert.deepStrictEqual(foldJournal(runId, await store.readEvents(runId)), live);
    connector.gate('b').open('B');
    connector.gate('c').open('C');
    assert.deepEqual((await outcome).state.results.get('loop'), [null, null, null]);
  });

  it('gives a state its own frame and loop collections: the shared empty ones stay empty', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Own', {
      nodes: [foreach('loop', list(lit('a'), lit('b')), 'x', body([task('g', 'gate', [local('x')])], ['start -> g -> end']), { concurrency: 2 })],
      edges: ['start -> loop -> end'],
    });
    const first = await engine.start(bundleOf(wf));
    const second = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.calls.length === 4);
    const [a, b] = [engine.peek(first.runId)!, engine.peek(second.runId)!];
    assert.equal(a.frames.size, 2);
    assert.equal(a.loops.size, 1);
    assert.notEqual(a.frames, b.frames);
    assert.notEqual(a.loops, b.loops);
    const fresh = emptyWorkflowState('fresh');
    assert.equal(fresh.frames.size + fresh.idleFrames.size + fresh.loops.size, 0);
    for (const x of ['a', 'b']) connector.gate(x).open(x);
    assert.equal((await first.outcome).status, 'completed');
    assert.equal((await second.outcome).status, 'completed');
  });

  it('folds a prefix to the state at that point', async () => {
    const { engine, store } = harness();
    const wf = workflow('Steps', { nodes: [setNode('a', { x: lit(1) }), setNode('b', { x: lit(2) })], edges: ['start -> a -> b'], vars: { x: lit(0) } });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await outcome;
    const events = await store.readEvents(runId);
    const afterA = events.find((e) => e.type === 'NodeCompleted' && e.node === 'a')!;
    const state = foldJournalUntil(runId, events, afterA.seq);
    assert.equal(state.variables['x'], 1);
    assert.equal(state.status, 'running');
    assert.deepEqual(currentNodes(state), [{ node: 'b', token: 1, phase: 'ready' }]);
  });

  it('drops the tokens map when the last token leaves, and makes a new one for a later token', () => {
    const base = { seq: 0, at: 0 };
    const started = { ...base, seq: 1, type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 10, seed: 1, variables: {}, token: 1 } as const;
    const state = foldJournal('r', [
      started,
      { ...base, seq: 2, type: 'NodeStarted', node: 'end', token: 1, attempt: 1 },
      { ...base, seq: 3, type: 'NodeCompleted', node: 'end', token: 1, result: null, routes: [] },
    ]);
    assert.equal(state.tokens.size, 0);
    assert.equal(state.activeTokens, 0);
    assert.equal(state.tokens, emptyWorkflowState('x').tokens, 'the shared empty map, not an emptied one of its own');
    const again = foldJournal('r', [
      started,
      { ...base, seq: 2, type: 'NodeStarted', node: 'end', token: 1, attempt: 1 },
      { ...base, seq: 3, type: 'NodeCompleted', node: 'end', token: 1, result: null, routes: [] },
      { ...base, seq: 4, type: 'NodeStarted', node: 'undo', token: 2, attempt: 1, compensates: 'a' },
    ]);
    assert.deepEqual([...again.tokens.keys()], [2]);
    assert.equal(emptyWorkflowState('y').tokens.size, 0, 'the shared map stays empty');
  });

  it('derives status: waiting while every branch waits, paused after Paused', () => {
    const base = { seq: 0, at: 0 };
    const state = foldJournal('r', [
      { ...base, seq: 1, type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 10, seed: 1, variables: {}, token: 1 },
      { ...base, seq: 2, type: 'NodeStarted', node: 'w', token: 1, attempt: 1 },
      { ...base, seq: 3, type: 'EventWaitStarted', node: 'w', token: 1, eventTypes: ['go'] },
    ]);
    assert.equal(state.status, 'waiting');
    const paused = foldJournal('r', [
      { ...base, seq: 1, type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 10, seed: 1, variables: {}, token: 1 },
      { ...base, seq: 2, type: 'Paused', actor: 'me' },
    ]);
    assert.equal(paused.status, 'paused');
  });
});

describe('completion trace', () => {
  it('lists ended executions in completion order with attempts and errors', async () => {
    const { completionTrace } = await import('../../../runtime/journal/workflow-state.js');
    const { engine } = harness();
    const wf = workflow('Trace', {
      nodes: [timer('slow', 'for', ms(20)), task('flaky', 'flaky', [lit(1)], { retry: retry(1, 5) })],
      edges: ['start -> [slow, flaky]'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    const t = completionTrace(o.state).map((e) => `${e.node}#${e.attempt}:${e.status}${e.error ? ':' + e.error.name : ''}`);
    assert.deepEqual(t, ['flaky#1:failed:Flaky', 'flaky#2:completed', 'slow#1:completed']);
  });
});
