// Conformance — LANGUAGE.md §4 rules 1–4 and the edge forms: parallel split, merge, the
// synchronising join (all / first / N / cancel, after fork, in loops), first-true and
// every-true guards, `otherwise`, implicit and explicit termination. Traces are asserted.

import assert from 'node:assert/strict';
import {
  bin, bundleOf, fail, fork, join, lit, node, out, setNode, task, terminate, v, workflow,
} from '../support/ir-builder.js';
import { harness, trace, waitUntil } from '../support/engine-harness.js';

describe('engine control flow (LANGUAGE.md §4)', () => {
  it('runs a sequence and completes with its outputs', async () => {
    const { engine } = harness();
    const wf = workflow('Seq', {
      nodes: [task('a', 'ok', [lit(1)]), task('b', 'ok', [bin('+', node('a'), lit(1))], { sets: [{ target: 'total', value: { kind: 'ref', name: 'result', scope: 'result' } }] })],
      edges: ['start -> a -> b -> end'],
      outputs: ['total'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { total: 2 });
    assert.deepEqual(trace(o.state), ['a', 'b']);
  });

  it('rule 1: starts every unguarded out-edge at once (parallel split)', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Split', {
      nodes: [task('a', 'gate', [lit('ga')]), task('b', 'gate', [lit('gb')])],
      edges: ['start -> [a, b]'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    // Both branches must be running before either finishes.
    await waitUntil(() => connector.running.size === 2);
    connector.gate('gb').open();
    connector.gate('ga').open();
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state).sort(), ['a', 'b']);
  });

  it('rule 1: gives every parallel branch its own stable token', async () => {
    const { engine } = harness();
    const wf = workflow('Tokens', { nodes: [setNode('a'), setNode('b'), setNode('c')], edges: ['start -> [a, b, c]'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    const tokens = o.state.history.filter((h) => h.node !== 'start').map((h) => h.token);
    assert.equal(new Set(tokens).size, 3);
  });

  it('rule 2: runs a non-join node once per arriving token (merge)', async () => {
    const { engine } = harness();
    const wf = workflow('Merge', {
      nodes: [setNode('a'), setNode('b'), setNode('m', { count: bin('+', v('count'), lit(1)) })],
      edges: ['start -> [a, b]', '[a, b] -> m'],
      vars: { count: lit(0) },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['a', 'b', 'm', 'm']);
    assert.equal(o.state.variables['count'], 2);
  });

  it('rule 3: join (all) waits for every branch of a parallel split and collects their results', async () => {
    const { engine, connector } = harness();
    const wf = workflow('AndJoin', {
      nodes: [task('a', 'gate', [lit('ga')]), task('b', 'ok', [lit('B')]), join('j'), setNode('after')],
      edges: ['start -> [a, b]', '[a, b] -> j -> after'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.calls.includes('b#1'));
    connector.gate('ga').open('A');
    const o = await outcome;
    assert.deepEqual(trace(o.state), ['b', 'a', 'j', 'after']);
    assert.deepEqual(o.state.results.get('j'), ['B', 'A']);
  });

  it('rule 3: join after a fork waits only for the branches the fork took (synchronising merge)', async () => {
    const { engine } = harness();
    const wf = workflow('SyncMerge', {
      nodes: [fork('f'), setNode('a'), setNode('b'), setNode('c'), join('j'), setNode('after')],
      edges: [['f -> a', { when: lit(true) }], ['f -> b', { when: lit(false) }], ['f -> c', { when: lit(true) }], 'start -> f', '[a, b, c] -> j -> after'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['f', 'a', 'c', 'j', 'after']);
    assert.equal(o.state.results.get('j') instanceof Array && (o.state.results.get('j') as unknown[]).length, 2);
  });

  it('rule 3: join after an exclusive choice passes the one token through (simple merge)', async () => {
    const { engine } = harness();
    const wf = workflow('SimpleMerge', {
      nodes: [setNode('a'), setNode('b'), join('j'), setNode('after')],
      edges: [['start -> a', { when: lit(false) }], ['start -> b', { otherwise: true }], '[a, b] -> j -> after'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['b', 'j', 'after']);
  });

  it('rule 3: join (all) is correct in a loop: it fires once per iteration', async () => {
    const { engine } = harness();
    const wf = workflow('LoopJoin', {
      nodes: [setNode('split'), setNode('a'), setNode('b'), join('j'), setNode('inc', { i: bin('+', v('i'), lit(1)) })],
      edges: ['start -> split -> [a, b]', '[a, b] -> j -> inc', ['inc -> split', { when: bin('<', v('i'), lit(3)) }]],
      vars: { i: lit(0) },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal(o.state.history.filter((h) => h.node === 'j').length, 3);
    assert.equal(o.state.variables['i'], 3);
  });

  it('rule 3: join first fires on the first arrival and absorbs the rest', async () => {
    const { engine, connector } = harness();
    const wf = workflow('First', {
      nodes: [task('fast', 'ok', [lit('F')]), task('slow', 'gate', [lit('gs')]), join('j', 'first'), setNode('after')],
      edges: ['start -> [fast, slow]', '[fast, slow] -> j -> after'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.calls.includes('fast#1') && connector.running.size === 1);
    connector.gate('gs').open('S');
    const o = await outcome;
    assert.deepEqual(trace(o.state), ['fast', 'j', 'after', 'slow']);
    assert.deepEqual(o.state.results.get('j'), ['F']);
    assert.equal(o.state.history.filter((h) => h.node === 'after').length, 1);
  });

  it('rule 3: join N fires on the Nth arrival', async () => {
    const { engine } = harness();
    const wf = workflow('TwoOfThree', {
      nodes: [setNode('a'), setNode('b'), setNode('c'), join('j', 'count', { n: 2 }), setNode('after')],
      edges: ['start -> [a, b, c]', '[a, b, c] -> j -> after'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['a', 'b', 'c', 'j', 'after']);
    assert.equal(o.state.history.filter((h) => h.node === 'after').length, 1);
    assert.equal((o.state.results.get('j') as unknown[]).length, 2);
  });

  it('rule 3: join with cancel withdraws the branches still running when it fires', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Cancel', {
      nodes: [task('fast', 'ok'), task('slow', 'hang'), join('j', 'first', { cancel: true }), setNode('after')],
      edges: ['start -> [fast, slow]', '[fast, slow] -> j -> after'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['fast', 'j', 'after']);
    assert.equal(o.state.history.find((h) => h.node === 'slow')?.status, 'cancelled');
    await waitUntil(() => connector.running.size === 0); // the aborted task body has unwound
  });

  it('takes the first true guard of an ordinary node, in source order', async () => {
    const { engine } = harness();
    const wf = workflow('Choice', {
      nodes: [setNode('a'), setNode('b'), setNode('c')],
      edges: [['start -> a', { when: lit(false) }], ['start -> b', { when: lit(true) }], ['start -> c', { when: lit(true) }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['b']);
  });

  it('takes every true guard after a fork', async () => {
    const { engine } = harness();
    const wf = workflow('Fork', {
      nodes: [fork('f'), setNode('a'), setNode('b'), setNode('c')],
      edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(false) }], ['f -> c', { when: lit(true) }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['f', 'a', 'c']);
  });

  it('takes `otherwise` only when no guard held', async () => {
    const { engine } = harness();
    const wf = workflow('Otherwise', {
      nodes: [task('check', 'ok', [lit(5)]), setNode('big'), setNode('small')],
      edges: ['start -> check', ['check -> big', { when: bin('>', node('check'), lit(10)) }], ['check -> small', { otherwise: true }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['check', 'small']);
  });

  it('guards see the completing node\'s own result and its `set` assignments', async () => {
    const { engine } = harness();
    const wf = workflow('OwnResult', {
      nodes: [task('t', 'ok', [lit(7)], { sets: [{ target: 'seen', value: { kind: 'ref', name: 'result', scope: 'result' } }] }), setNode('yes'), setNode('no')],
      edges: ['start -> t', ['t -> yes', { when: bin('and', bin('==', node('t'), lit(7)), bin('==', v('seen'), lit(7))) }], ['t -> no', { otherwise: true }]],
      vars: { seen: null },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['t', 'yes']);
  });

  it('rule 4: a branch with no out-edge simply ends; the run completes when no tokens remain', async () => {
    const { engine } = harness();
    const wf = workflow('DeadEnd', { nodes: [setNode('a'), setNode('b')], edges: ['start -> [a, b]', 'b -> end'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal(o.state.tokens.size, 0);
  });

  it('rule 4: a fail node fails the run with its message and code', async () => {
    const { engine } = harness();
    const wf = workflow('Fails', { nodes: [fail('declined', 'Payment declined', 'PaymentDeclined')], edges: ['start -> declined'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual(o.error, { name: 'PaymentDeclined', message: 'Payment declined', node: 'declined' });
  });

  it('rule 4: terminate ends the run at once, cancelling the other branches', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Terminate', {
      nodes: [task('slow', 'hang'), setNode('x', { done: lit(true) }), terminate('stop')],
      edges: ['start -> [slow, x]', 'x -> stop'],
      outputs: ['done'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal(o.state.terminatedBy, 'stop');
    assert.deepEqual(o.outputs, { done: true });
    assert.equal(o.state.history.find((h) => h.node === 'slow')?.status, 'cancelled');
    assert.equal(connector.running.size, 0);
  });

  it('set nodes assign in order, each entry seeing the ones before it', async () => {
    const { engine } = harness();
    const wf = workflow('Set', {
      nodes: [setNode('s', { a: lit(2), total: bin('*', v('a'), lit(10)) })],
      edges: ['start -> s'],
      vars: { a: lit(0) },
      outputs: ['total'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.state.variables['a'], 2);
    assert.deepEqual(o.outputs, { total: 20 });
  });

  it('applies input defaults and rejects missing or unknown inputs before starting', async () => {
    const { engine, store } = harness();
    const wf = workflow('Inputs', {
      nodes: [setNode('s', { r: bin('+', { kind: 'ref', name: 'x', scope: 'input' }, { kind: 'ref', name: 'y', scope: 'input' }) })],
      edges: ['start -> s'],
      inputs: { x: { type: { kind: 'number' } }, y: { type: { kind: 'number' }, default: lit(5) } },
      outputs: ['r'],
    });
    const o = await (await engine.start(bundleOf(wf), { inputs: { x: 1 } })).outcome;
    assert.deepEqual(o.outputs, { r: 6 });
    await assert.rejects(engine.start(bundleOf(wf), { inputs: {} }), /missing input 'x'/);
    await assert.rejects(engine.start(bundleOf(wf), { inputs: { x: 1, z: 2 } }), /unknown input 'z'/);
    await assert.rejects(engine.start(bundleOf(wf), { inputs: { x: 'one' } }), /input 'x'/);
    assert.equal((await store.listRuns()).length, 1);
  });

  it('writes outputs declared with `output` only through set', async () => {
    const { engine } = harness();
    const wf = workflow('Out', { nodes: [setNode('s', { o: lit('x') })], edges: ['start -> s'], outputs: ['o'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(o.outputs, { o: 'x' });
    assert.deepEqual(o.state.variables, {});
    void out;
  });
});
