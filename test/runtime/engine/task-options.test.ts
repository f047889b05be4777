// Conformance — task options and sub-workflows: `lock`, `limits { concurrency }`, `cache for d
// [key]`, `set x = expr` with `result`, `with` as the task input, secrets masked in results,
// and `task n: workflow Other` (child runs with a parent link, recursion, failures).

import assert from 'node:assert/strict';
import {
  bin, bundleOf, fail, input, lit, member, ms, obj, out, ref, setNode, sub, task, timer, workflow, result,
} from '../support/ir-builder.js';
import { harness, trace, waitUntil } from '../support/engine-harness.js';

describe('engine task options', () => {
  it('passes the evaluated `with` object to the task', async () => {
    const { engine } = harness();
    const wf = workflow('With', { nodes: [task('t', 'echo', [], { with: obj({ a: lit(1), b: bin('+', lit(1), lit(2)) }) })], edges: ['start -> t'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(o.state.results.get('t'), { a: 1, b: 3 });
  });

  it('`set x = expr` binds `result` and writes variables and outputs', async () => {
    const { engine } = harness();
    const wf = workflow('Sets', {
      nodes: [task('ship', 'ok', [obj({ tracking: lit('TR-1') })], { sets: [{ target: 'trackingId', value: member(result, 'tracking') }] })],
      edges: ['start -> ship'],
      outputs: ['trackingId'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(o.outputs, { trackingId: 'TR-1' });
  });

  it('`lock` keeps two nodes holding the same lock from running at once', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Lock', {
      nodes: [task('a', 'gate', [lit('ga')], { lock: 'db' }), task('b', 'gate', [lit('gb')], { lock: 'db' })],
      edges: ['start -> [a, b]'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 1);
    const first = [...connector.running][0]!;
    assert.equal(connector.calls.length, 1);
    connector.gate(first.startsWith('a') ? 'ga' : 'gb').open();
    await waitUntil(() => connector.calls.length === 2);
    connector.gate(first.startsWith('a') ? 'gb' : 'ga').open();
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.equal(connector.maxConcurrent.get('db'), 1);
  });

  it('`limits { concurrency n }` caps the node\'s parallel executions', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Concurrency', {
      nodes: [setNode('a'), setNode('b'), setNode('c'), task('work', 'gate', [lit('g')], { limits: { concurrency: 2 } })],
      edges: ['start -> [a, b, c]', '[a, b, c] -> work'],
    });
    const { outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 2);
    connector.gate('g').open();
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.equal(connector.calls.length, 3);
    assert.equal(connector.maxConcurrent.get('work'), 2);
  });

  it('`cache for d` serves a repeat call with the same input from the cache until it expires', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Cache', {
      nodes: [task('lookup', 'echo', [], { with: obj({ id: input('id') }), cache: { ttlMs: 60_000 } }), timer('pause', 'for', input('pause'))],
      edges: ['start -> pause -> lookup'],
      inputs: { id: {}, pause: {} },
    });
    const b = bundleOf(wf);
    await (await engine.start(b, { inputs: { id: 1, pause: 0 } })).outcome;
    const second = await (await engine.start(b, { inputs: { id: 1, pause: 1000 } })).outcome;
    await (await engine.start(b, { inputs: { id: 2, pause: 0 } })).outcome;
    await (await engine.start(b, { inputs: { id: 1, pause: 120_000 } })).outcome;
    assert.equal(connector.calls.length, 3);
    assert.equal(second.state.history.find((h) => h.node === 'lookup')?.cached, true);
    assert.deepEqual(second.state.results.get('lookup'), { id: 1 });
  });

  it('`cache for d key expr` keys the cache on the expression', async () => {
    const { engine, connector } = harness();
    const wf = workflow('CacheKey', {
      nodes: [task('t', 'echo', [], { with: obj({ id: input('id') }), cache: { ttlMs: 60_000, key: lit('same') } })],
      edges: ['start -> t'],
      inputs: { id: {} },
    });
    await (await engine.start(bundleOf(wf), { inputs: { id: 1 } })).outcome;
    const o = await (await engine.start(bundleOf(wf), { inputs: { id: 2 } })).outcome;
    assert.equal(connector.calls.length, 1);
    assert.deepEqual(o.state.results.get('t'), { id: 1 });
  });

  it('masks secret values in results, outputs and errors; the task still gets the real value', async () => {
    const { engine, store } = harness({ environment: { API_KEY: 's3cr3t-value' } });
    const wf = workflow('Secret', {
      nodes: [task('t', 'secret', [lit('key')], { sets: [{ target: 'o', value: result }] }), task('boom', 'fail', [lit('E'), bin('+', lit('bad '), ref('key', 'secret'))])],
      edges: ['start -> t -> boom'],
      secrets: { key: 'API_KEY' },
      outputs: ['o'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.state.results.get('t'), 'the key is •••');
    assert.deepEqual(o.outputs, { o: 'the key is •••' });
    assert.equal(o.error?.message, 'bad •••');
    const journal = JSON.stringify(await store.readEvents(runId));
    assert.ok(!journal.includes('s3cr3t-value'));
  });

  it('refuses to start when a secret\'s environment variable is not set', async () => {
    const { engine } = harness({ environment: {} });
    const wf = workflow('NoSecret', { nodes: [], edges: ['start -> end'], secrets: { key: 'API_KEY' } });
    await assert.rejects(engine.start(bundleOf(wf)), /API_KEY is not set/);
  });

  it('fails a task whose kind has no executor with a clear error', async () => {
    const { engine } = harness();
    const wf = workflow('NoExec', { nodes: [{ kind: 'ai', id: 'a', range: task('x', 'ok').range, nameRange: task('x', 'ok').range, model: lit('m'), prompt: lit('p'), options: { sets: [], idempotent: false } }], edges: ['start -> a'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'NoExecutor');
  });
});

describe('engine sub-workflows', () => {
  const child = workflow('Child', {
    nodes: [setNode('double', { y: bin('*', input('x'), lit(2)) })],
    edges: ['start -> double'],
    inputs: { x: {} },
    outputs: ['y'],
  });

  it('runs another workflow as a child run with `with` as its inputs and its outputs as the result', async () => {
    const { engine, store } = harness();
    const parent = workflow('Parent', { nodes: [sub('c', 'Child', { with: obj({ x: lit(21) }) })], edges: ['start -> c'] });
    const { runId, outcome } = await engine.start(bundleOf(parent, child));
    const o = await outcome;
    assert.deepEqual(o.state.results.get('c'), { y: 42 });
    const children = await store.listRuns({ parentRunId: runId });
    assert.equal(children.length, 1);
    assert.equal(children[0]!.workflow, 'Child');
    assert.equal(children[0]!.status, 'completed');
  });

  it('supports recursion', async () => {
    const { engine } = harness();
    const fact = workflow('Fact', {
      nodes: [
        setNode('base', { r: lit(1) }),
        sub('rec', 'Fact', { with: obj({ n: bin('-', input('n'), lit(1)) }), sets: [{ target: 'r', value: bin('*', input('n'), member(result, 'r')) }] }),
      ],
      edges: [['start -> base', { when: bin('<=', input('n'), lit(1)) }], ['start -> rec', { otherwise: true }]],
      inputs: { n: {} },
      outputs: ['r'],
    });
    const o = await (await engine.start(bundleOf(fact), { inputs: { n: 5 } })).outcome;
    assert.deepEqual(o.outputs, { r: 120 });
  });

  it('fails the parent node with the child\'s error, which on-edges can catch', async () => {
    const { engine } = harness();
    const bad = workflow('Bad', { nodes: [fail('f', 'nope', 'ChildBroke')], edges: ['start -> f'] });
    const parent = workflow('P', { nodes: [sub('c', 'Bad'), setNode('caught')], edges: ['start -> c', ['c -> caught', { on: 'ChildBroke' }]] });
    const o = await (await engine.start(bundleOf(parent, bad))).outcome;
    assert.deepEqual(trace(o.state), ['caught']);
  });

  it('cancelling the parent cancels a waiting child', async () => {
    const { engine, clock, store } = harness();
    const slow = workflow('Slow', { nodes: [timer('t', 'for', ms(1000))], edges: ['start -> t'] });
    const parent = workflow('P2', { nodes: [sub('c', 'Slow'), timer('soon', 'for', ms(10))], edges: ['start -> [c, soon]'] });
    const { runId, outcome } = await engine.start(bundleOf(parent, slow));
    await waitUntil(() => engine.activeRuns().length === 2);
    await engine.cancel(runId, 'test');
    assert.equal((await outcome).status, 'cancelled');
    await clock.whenIdle();
    const [c] = await store.listRuns({ parentRunId: runId });
    assert.equal(c!.status, 'cancelled');
    void out;
  });
});
