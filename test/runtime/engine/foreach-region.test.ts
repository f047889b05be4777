// Engine — `foreach` and `region` (docs/runtime.md "foreach and region"): iterations in item
// order with their own inner results, the concurrency cap, `until`, errors that cancel the
// siblings and are raised at the node, joins scoped to their frame, exclusive regions as a
// critical section of the run, a region as a cancel scope, nesting and the step budget.

import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import {
  bin, body, bundleOf, event, fail, foreach, input, join, list, lit, local, member, node, obj, region, result, retry, setNode, sub, task, terminate, v, waitEvent, workflow,
} from '../support/ir-builder.js';
import { fullTrace, harness, trace, waitUntil } from '../support/engine-harness.js';
import { sagaTwice, undone } from '../support/foreach-sagas.js';

const items = (...xs: Array<string | number>) => list(...xs.map((x) => lit(x)));


describe('engine foreach', () => {
  it('returns the iterations\' results in item order, whatever order they complete in', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Order', {
      nodes: [foreach('loop', items('a', 'b', 'c'), 'x', body([task('t', 'gate')], ['start -> t -> end']))],
      edges: ['start -> loop -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 3);
    connector.gate('loop[2].t').open('C');
    await waitUntil(() => connector.running.size === 2);
    connector.gate('loop[0].t').open('A');
    await waitUntil(() => connector.running.size === 1);
    connector.gate('loop[1].t').open('B');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['loop[2].t', 'loop[0].t', 'loop[1].t', 'loop']);
    assert.deepEqual(o.state.results.get('loop'), ['A', 'B', 'C']);
  });

  it('binds the `as` name to each item and keeps each iteration\'s inner results its own', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Own', {
      nodes: [foreach('loop', items(1, 2, 3), 'x', body([
        task('t', 'gate'),
        task('u', 'ok', [bin('+', bin('*', local('x'), lit(100)), node('t'))]),
      ], ['start -> t -> u -> end']))],
      edges: ['start -> loop -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 3);
    // Later iterations finish first: `t` inside each `u` must still be that iteration's `t`.
    connector.gate('loop[2].t').open(3);
    connector.gate('loop[1].t').open(2);
    connector.gate('loop[0].t').open(1);
    const o = await outcome;
    assert.deepEqual(o.state.results.get('loop'), [101, 202, 303]);
    assert.equal(o.state.results.get('loop[1].t'), 2);
  });

  it('runs at most `concurrency` iterations at once and starts them in item order', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Capped', {
      nodes: [foreach('loop', items(0, 1, 2, 3, 4), 'x', body([task('t', 'gate')], ['start -> t -> end']), { concurrency: 2 })],
      edges: ['start -> loop -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 2);
    assert.deepEqual(connector.calls, ['loop[0].t#1', 'loop[1].t#1']);
    // Finish them out of order: a slot frees, the next item starts.
    connector.gate('loop[1].t').open(1);
    await waitUntil(() => connector.calls.length === 3);
    connector.gate('loop[2].t').open(2);
    connector.gate('loop[0].t').open(0);
    await waitUntil(() => connector.calls.length === 5);
    connector.gate('loop[3].t').open(3);
    connector.gate('loop[4].t').open(4);
    const o = await outcome;
    assert.equal(connector.peak, 2);
    assert.deepEqual(connector.calls, ['loop[0].t#1', 'loop[1].t#1', 'loop[2].t#1', 'loop[3].t#1', 'loop[4].t#1']);
    assert.deepEqual(o.state.results.get('loop'), [0, 1, 2, 3, 4]);
  });

  it('starts no further iteration once `until` holds, and returns only the iterations that ran', async () => {
    const { engine, store } = harness();
    const wf = workflow('Until', {
      nodes: [foreach('loop', items(10, 20, 30, 40), 'x', body([task('t', 'ok', [local('x')], { sets: [{ target: 'n', value: bin('+', v('n'), lit(1)) }] })], ['start -> t -> end']), { concurrency: 1, until: bin('>=', v('n'), lit(2)) })],
      edges: ['start -> loop -> end'],
      vars: { n: lit(0) },
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.deepEqual(o.state.results.get('loop'), [10, 20]);
    assert.equal(o.state.variables['n'], 2);
    assert.deepEqual(trace(o.state), ['loop[0].t', 'loop[1].t', 'loop']);
    assert.ok((await store.readEvents(runId)).some((e) => e.type === 'ForeachStopped'));
  });

  it('completes at once with an empty list when there are no items', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Empty', {
      nodes: [foreach('loop', list(), 'x', body([task('t', 'ok')], ['start -> t -> end']))],
      edges: ['start -> loop -> end'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('loop'), []);
    assert.deepEqual(connector.calls, []);
  });

  it('fails with a TypeError, routable by `on TypeError`, when the items are not a list', async () => {
    const { engine } = harness();
    const wf = workflow('NotList', {
      nodes: [foreach('loop', lit(5), 'x', body([task('t', 'ok')], ['start -> t -> end'])), setNode('handled')],
      edges: ['start -> loop -> end', ['loop -> handled', { on: 'TypeError' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state), ['loop:failed', 'handled:completed']);
    const failed = o.state.history.find((h) => h.node === 'loop')!;
    assert.equal(failed.error?.name, 'TypeError');
    assert.match(failed.error!.message, /needs a list.*got number/);
  });

  it('cancels the other in-flight iterations on an uncaught inner error and routes it from the foreach node', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Cancel', {
      nodes: [
        foreach('loop', items(1, 2, 3), 'x', body([task('g', 'hang'), task('bad', 'fail', [lit('Broken')])], [
          ['start -> bad', { when: bin('==', local('x'), lit(2)) }],
          ['start -> g', { otherwise: true }],
          'g -> end', 'bad -> end',
        ])),
        setNode('handled'),
      ],
      edges: ['start -> loop -> end', ['loop -> handled', { on: 'Broken' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state).sort(), ['handled:completed', 'loop:failed', 'loop[0].g:cancelled', 'loop[1].bad:failed', 'loop[2].g:cancelled']);
    const loop = o.state.history.find((h) => h.node === 'loop')!;
    assert.deepEqual([loop.error?.name, loop.error?.node], ['Broken', 'loop[1].bad']);
    await waitUntil(() => connector.running.size === 0); // the hanging siblings were aborted
  });

  it('fails the run with the inner node named when the foreach does not catch the error', async () => {
    const { engine } = harness();
    const wf = workflow('Uncaught', {
      nodes: [foreach('loop', items(1, 2), 'x', body([task('bad', 'fail', [lit('Broken')])], ['start -> bad -> end']), { concurrency: 1 })],
      edges: ['start -> loop -> end'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual([o.error?.name, o.error?.node], ['Broken', 'loop[0].bad']);
  });

  it('runs a foreach nested in a foreach, naming instances by their path', async () => {
    const { engine } = harness();
    const rows = list(list(lit(1), lit(2)), list(lit(3)));
    const inner = foreach('cells', local('row'), 'cell', body([task('t', 'ok', [bin('*', local('cell'), lit(10))])], ['start -> t -> end']));
    const wf = workflow('Nested', {
      nodes: [foreach('rows', rows, 'row', body([inner], ['start -> cells -> end']))],
      edges: ['start -> rows -> end'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('rows'), [[10, 20], [30]]);
    assert.deepEqual(trace(o.state).filter((n) => n.endsWith('.t')).sort(), ['rows[0].cells[0].t', 'rows[0].cells[1].t', 'rows[1].cells[0].t']);
  });

  it('scopes a join inside the body to its own iteration', async () => {
    const { engine, connector } = harness();
    const wf = workflow('InnerJoin', {
      nodes: [foreach('loop', items(0, 1), 'x', body([task('a', 'gate'), task('b', 'ok', [local('x')]), join('j')], ['start -> [a, b] -> j -> end']))],
      edges: ['start -> loop -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 2);
    connector.gate('loop[0].a').open('a0');
    // Iteration 0's join fires though iteration 1's `a` is still running.
    await waitUntil(() => connector.running.size === 1);
    await new Promise((r) => setImmediate(r));
    connector.gate('loop[1].a').open('a1');
    const o = await outcome;
    const order = trace(o.state);
    assert.ok(order.indexOf('loop[0].j') < order.indexOf('loop[1].a'), order.join(' '));
    assert.deepEqual(o.state.results.get('loop'), [[0, 'a0'], [1, 'a1']]);
  });

  it('lets iterations set an outer variable (the run\'s variable, in completion order)', async () => {
    const { engine } = harness();
    const wf = workflow('Sum', {
      nodes: [foreach('loop', items(1, 2, 3, 4), 'x', body([setNode('add', { total: bin('+', v('total'), local('x')), seen: bin('+', v('seen'), local('x')) })], ['start -> add -> end']))],
      edges: ['start -> loop -> end'],
      vars: { total: lit(0), seen: lit('') },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.state.variables['total'], 10);
    assert.equal(o.state.variables['seen'], '1234');
  });

  it('counts inner steps against the step budget', async () => {
    const { engine } = harness();
    const wf = workflow('Budget', {
      nodes: [foreach('loop', items(1, 2, 3, 4, 5, 6), 'x', body([setNode('s')], ['start -> s -> end']), { concurrency: 1 })],
      edges: ['start -> loop -> end'],
      stepBudget: 12,
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'StepBudgetExceeded');
    assert.match(o.error!.node!, /^loop\[3\]\./);
  });

  it('compensates inner tasks with the run, in reverse completion order, each in its own iteration\'s names', async () => {
    const { engine } = harness();
    const wf = workflow('Saga', {
      nodes: [
        foreach('loop', items('x', 'y'), 'item', body([task('book', 'ok', [local('item')], { compensate: 'unbook' }), task('unbook', 'ok', [bin('+', lit('undo '), node('book'))])], ['start -> book -> end']), { concurrency: 1 }),
        fail('stop', 'no', 'Stopped'),
      ],
      edges: ['start -> loop -> stop'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual(trace(o.state), ['loop[0].book', 'loop[1].book', 'loop', 'loop[1].unbook', 'loop[0].unbook']);
    assert.equal(o.state.results.get('loop[0].unbook'), 'undo x');
    assert.equal(o.state.results.get('loop[1].unbook'), 'undo y');
  });

  it('runs a compensation in the scope its task completed in: the `as` item and that pass\'s inner results', async () => {
    const { engine, store } = harness();
    const wf = sagaTwice();
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual(await undone(store, runId), [
      ['loop[1].unbook', [11, 'p11']], ['loop[0].unbook', [10, 'p10']],
      ['loop[1].unbook', [1, 'p1']], ['loop[0].unbook', [0, 'p0']],
    ]);
  });

  it('withdraws the iterations when a `join … cancel` withdraws the foreach', async () => {
    const { engine, connector, store } = harness();
    const wf = workflow('Race', {
      nodes: [foreach('loop', items(1, 2), 'x', body([task('h', 'hang')], ['start -> h -> end'])), task('fast', 'gate'), join('j', 'first', { cancel: true })],
      edges: ['start -> [loop, fast]', '[loop, fast] -> j -> end'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 3);
    connector.gate('fast').open('won');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state).filter((t) => t.startsWith('loop')).sort(), ['loop:cancelled', 'loop[0].h:cancelled', 'loop[1].h:cancelled']);
    const exits = (await store.readEvents(runId)).filter((e) => e.type === 'FrameExited').map((e) => (e as { status: string }).status);
    assert.deepEqual(exits, ['cancelled', 'cancelled']);
    await waitUntil(() => connector.running.size === 0);
  });

  it('matches events to the waits of the iteration whose item they correlate with', async () => {
    const { engine } = harness();
    const wf = workflow('Correlate', {
      nodes: [foreach('loop', items('a', 'b'), 'id', body([waitEvent('w', 'done', { correlate: bin('==', member(event, 'data', 'id'), local('id')) }), task('t', 'ok', [member(node('w'), 'data', 'n')])], ['start -> w -> t -> end']))],
      edges: ['start -> loop -> end'],
    });
    const o = await (await engine.start(bundleOf(wf), { events: [{ type: 'done', data: { id: 'b', n: 2 }, at: 10 }, { type: 'done', data: { id: 'a', n: 1 }, at: 20 }] })).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('loop'), [1, 2]);
    assert.deepEqual(trace(o.state), ['loop[1].w', 'loop[1].t', 'loop[0].w', 'loop[0].t', 'loop']);
  });

  it('retries an inner task by its own policy before anything is raised', async () => {
    const { engine } = harness();
    const wf = workflow('Retries', {
      nodes: [foreach('loop', items(1, 2), 'x', body([task('t', 'flaky', [lit(1), lit('Busy')], { retry: retry(2, 100) })], ['start -> t -> end']))],
      edges: ['start -> loop -> end'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('loop'), [2, 2]);
    assert.deepEqual(fullTrace(o.state).filter((t) => t.startsWith('loop[0]')), ['loop[0].t:failed', 'loop[0].t:completed']);
  });

  it('lets `fail` inside an iteration fail the run and `terminate` end it', async () => {
    const { engine } = harness();
    const failing = workflow('Fails', {
      nodes: [foreach('loop', items(1), 'x', body([fail('stop', 'no', 'Stopped')], ['start -> stop'])), setNode('handled')],
      edges: ['start -> loop -> end', ['loop -> handled', { on: 'error' }]],
    });
    const f = await (await engine.start(bundleOf(failing))).outcome;
    assert.deepEqual([f.status, f.error?.name, f.error?.node], ['failed', 'Stopped', 'loop[0].stop']);
    const ending = workflow('Ends', {
      nodes: [foreach('loop', items(1, 2), 'x', body([terminate('halt'), task('h', 'hang')], ['start -> halt', 'start -> h'])), setNode('after')],
      edges: ['start -> loop -> after -> end'],
    });
    const t = await (await engine.start(bundleOf(ending))).outcome;
    assert.deepEqual([t.status, t.state.terminatedBy], ['completed', 'loop[0].halt']);
    assert.ok(!trace(t.state).includes('after'));
  });
});

describe('engine region', () => {
  it('completes with the last inner result to reach its end', async () => {
    const { engine } = harness();
    const wf = workflow('Result', {
      nodes: [region('r', body([task('a', 'ok', [lit('first')]), task('b', 'ok', [bin('+', node('a'), lit('!'))])], ['start -> a -> b -> end'])), task('after', 'ok', [node('r')])],
      edges: ['start -> r -> after -> end'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.state.results.get('r'), 'first!');
    assert.equal(o.state.results.get('after'), 'first!');
    assert.deepEqual(trace(o.state), ['r.a', 'r.b', 'r', 'after']);
  });

  it('is a cancel scope: an uncaught inner error withdraws the other inner branches and is raised at the region', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Scope', {
      nodes: [region('r', body([task('slow', 'hang'), task('bad', 'fail', [lit('Broken')])], ['start -> [slow, bad]', 'slow -> end', 'bad -> end'])), task('outside', 'gate'), setNode('handled'), join('j')],
      edges: ['start -> [r, outside]', ['r -> handled', { on: 'error' }], 'r -> j', 'handled -> j', 'outside -> j -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    // `bad` failed and `slow` was aborted; the branch outside the region still runs.
    await waitUntil(() => connector.calls.includes('r.bad#1') && connector.running.size === 1);
    assert.ok([...connector.running][0]!.startsWith('outside#1'));
    connector.gate('outside').open('o');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    const r = o.state.history.find((h) => h.node === 'r')!;
    assert.deepEqual([r.status, r.error?.node], ['failed', 'r.bad']);
    assert.ok(fullTrace(o.state).includes('r.slow:cancelled'));
  });

  it('`exclusive`: lets one activation in at a time across parallel branches, the others queue in arrival order', async () => {
    const { engine, connector, store } = harness();
    const wf = workflow('Critical', {
      nodes: [setNode('a'), setNode('b'), region('crit', body([task('w', 'gate', [v('who')])], ['start -> w -> end']), true)],
      edges: ['start -> [a, b]', 'a -> crit', 'b -> crit', 'crit -> end'],
      vars: { who: lit('g') },
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 1);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(connector.running.size, 1, 'the second activation waits outside');
    connector.gate('g').open('done');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.equal(connector.peak, 1);
    const frames = (await store.readEvents(runId)).filter((e): e is Extract<JournalEvent, { type: 'FrameEntered' | 'FrameExited' }> => e.type === 'FrameEntered' || e.type === 'FrameExited').map((e) => e.type);
    assert.deepEqual(frames, ['FrameEntered', 'FrameExited', 'FrameEntered', 'FrameExited']);
  });

  it('without `exclusive`, lets parallel activations run at once', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Open', {
      nodes: [setNode('a'), setNode('b'), region('r', body([task('w', 'gate', [lit('g')])], ['start -> w -> end']))],
      edges: ['start -> [a, b]', 'a -> r', 'b -> r', 'r -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 2);
    connector.gate('g').open('done');
    assert.equal((await outcome).status, 'completed');
  });

  it('gives each of two activations open at once its own instance names, so their inner joins and results stay apart', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Twice', {
      nodes: [
        setNode('a'), setNode('b'),
        region('r', body([task('p', 'gate'), task('q', 'gate'), join('j'), task('c', 'ok', [list(node('p'), node('q'))])], ['start -> [p, q]', 'p -> j', 'q -> j', 'j -> c -> end'])),
        task('after', 'ok', [node('r')]),
      ],
      edges: ['start -> [a, b]', 'a -> r', 'b -> r', 'r -> after -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 4);
    assert.deepEqual([...connector.running].map((k) => k.split('#1/')[0]).sort(), ['r#2.p', 'r#2.q', 'r.p', 'r.q']);
    // Cross the activations: each join must wait for both of its own branches.
    connector.gate('r.p').open('p1');
    connector.gate('r#2.q').open('q2');
    await waitUntil(() => connector.running.size === 2);
    connector.gate('r#2.p').open('p2');
    await waitUntil(() => connector.running.size === 1);
    connector.gate('r.q').open('q1');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('r.c'), ['p1', 'q1']);
    assert.deepEqual(o.state.results.get('r#2.c'), ['p2', 'q2']);
    assert.deepEqual(trace(o.state).filter((n) => n.endsWith('.j') || n.endsWith('.c') || n === 'r'), ['r#2.j', 'r#2.c', 'r', 'r.j', 'r.c', 'r']);
  });

  it('runs again when a loop brings the branch back to it, each activation with its own result', async () => {
    const { engine } = harness();
    const wf = workflow('Again', {
      nodes: [region('r', body([setNode('inc', { n: bin('+', v('n'), lit(1)) }), task('t', 'ok', [v('n')])], ['start -> inc -> t -> end'])), setNode('check')],
      edges: ['start -> r -> check', ['check -> r', { when: bin('<', v('n'), lit(3)) }], ['check -> end', { otherwise: true }]],
      vars: { n: lit(0) },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state).filter((t) => t === 'r' || t === 'r.t'), ['r.t', 'r', 'r.t', 'r', 'r.t', 'r']);
    assert.equal(o.state.results.get('r'), 3);
  });

  it('`exclusive` inside a recursive sub-workflow: each run has its own critical section, so the recursion does not wait on itself', async () => {
    const { engine } = harness();
    const fact = workflow('Fact', {
      nodes: [
        region('crit', body([
          setNode('base', { r: lit(1) }),
          sub('rec', 'Fact', { with: obj({ n: bin('-', input('n'), lit(1)) }), sets: [{ target: 'r', value: bin('*', input('n'), member(result, 'r')) }] }),
        ], [['start -> base', { when: bin('<=', input('n'), lit(1)) }], ['start -> rec', { otherwise: true }], 'base -> end', 'rec -> end']), true),
      ],
      edges: ['start -> crit -> end'],
      inputs: { n: {} },
      outputs: ['r'],
    });
    const o = await (await engine.start(bundleOf(fact), { inputs: { n: 4 } })).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { r: 24 });
  });

  it('`exclusive` inside a foreach: one iteration in the critical section at a time', async () => {
    const { engine, connector } = harness();
    const crit = region('crit', body([task('w', 'gate', [local('x')])], ['start -> w -> end']), true);
    const wf = workflow('Iterations', {
      nodes: [foreach('loop', items('p', 'q', 'r'), 'x', body([crit], ['start -> crit -> end']))],
      edges: ['start -> loop -> end'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    for (const g of ['p', 'q', 'r']) {
      await waitUntil(() => connector.running.size === 1);
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      assert.equal(connector.running.size, 1);
      assert.ok(connector.calls.at(-1)!.startsWith('loop['), connector.calls.join(' '));
      connector.gate(g).open(g.toUpperCase());
      await waitUntil(() => connector.running.size === 0 || connector.calls.length > ['p', 'q', 'r'].indexOf(g) + 1);
    }
    const o = await outcome;
    assert.equal(connector.peak, 1);
    assert.deepEqual(o.state.results.get('loop'), ['P', 'Q', 'R']);
  });
});
