// Controls and the debugging hook: pause, resume, cancel, retry a failed node, skip a node with
// a result, set a variable, each journaled with actor and time; `beforeNode` holds one branch
// (a debugger's thread) while the others run on.

import assert from 'node:assert/strict';
import { bundleOf, join, lit, obj, out, result, setNode, task, v, waitEvent, workflow, bin, member, node, timer, ms } from '../support/ir-builder.js';
import { Gate, harness, trace, waitUntil } from '../support/engine-harness.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import type { NodeContext } from '../../../runtime/engine/engine-events.js';
import type { NodeDefinition } from '../../../runtime/ir/index.js';
import { R, taskOptions } from '../support/ir-builder.js';

describe('engine controls', () => {
  it('pause lets running work finish but starts nothing new until resume', async () => {
    const { engine, connector, store } = harness();
    const wf = workflow('Pause', { nodes: [task('a', 'gate', [lit('ga')]), task('b', 'ok')], edges: ['start -> a -> b'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 1);
    await engine.pause(runId, 'cli:bob');
    connector.gate('ga').open();
    await waitUntil(() => engine.peek(runId)!.tokens.get(1)?.phase === 'ready');
    const paused = await engine.inspect(runId);
    assert.equal(paused.status, 'paused');
    assert.deepEqual(connector.calls, ['a#1']);
    await engine.resumeRun(runId, 'cli:bob');
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(connector.calls, ['a#1', 'b#1']);
    const controls = (await store.readEvents(runId)).filter((e) => e.type === 'Paused' || e.type === 'Resumed');
    assert.deepEqual(controls.map((e) => [e.type, e.actor]), [['Paused', 'cli:bob'], ['Resumed', 'cli:bob']]);
  });

  it('cancel ends the run at once and aborts running tasks', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Cancel', { nodes: [task('a', 'hang')], edges: ['start -> a'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => connector.running.size === 1);
    await engine.cancel(runId, 'cli:carol', 'not needed');
    const o = await outcome;
    assert.equal(o.status, 'cancelled');
    await waitUntil(() => connector.running.size === 0);
    const last = (await engine.store.readEvents(runId)).at(-1)!;
    assert.equal(last.type, 'Cancelled');
    assert.equal(last.actor, 'cli:carol');
    await assert.rejects(engine.pause(runId, 'x'), /Cannot pause run .*: it is cancelled/);
  });

  it('retry a failed node reopens the failed run and completes it', async () => {
    let broken = true;
    const h = harness({ executors: { connector: { execute: async () => { if (broken) throw new TaskError('Down', 'service down'); return 'up'; } } } });
    const wf = workflow('RetryNode', { nodes: [task('call', 'x'), setNode('after')], edges: ['start -> call -> after'] });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    broken = false;
    await h.engine.retryNode(runId, 'call', 'cli:dan');
    const o = await h.engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['call', 'after']);
    assert.equal((await h.store.getRun(runId))!.status, 'completed');
  });

  it('retry also works on a failed run loaded from the store by another engine', async () => {
    let broken = true;
    const exec = { connector: { execute: async () => { if (broken) throw new TaskError('Down', 'down'); return 1; } } };
    const h = harness({ executors: exec });
    const wf = workflow('RetryLater', { nodes: [task('call', 'x')], edges: ['start -> call'] });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    await outcome;
    broken = false;
    const other = harness({ store: h.store, executors: exec });
    await other.engine.retryNode(runId, 'call', 'cli:erin');
    assert.equal((await other.engine.waitFor(runId)).status, 'completed');
  });

  it('skip completes a failed node with the given result and the run goes on', async () => {
    const { engine } = harness();
    const wf = workflow('Skip', {
      nodes: [task('call', 'fail', [lit('Down')]), setNode('after', { got: member(node('call'), 'stub') })],
      edges: ['start -> call -> after'],
      vars: { got: null },
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    await engine.skipNode(runId, 'call', { stub: 7 }, 'cli:fay');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.equal(o.state.variables['got'], 7);
    assert.equal(o.state.history.find((h) => h.node === 'call' && h.status === 'skipped')?.node, 'call');
  });

  it('skip also replaces a node that is still waiting', async () => {
    const { engine, clock } = harness();
    const wf = workflow('SkipWait', { nodes: [waitEvent('w', 'never'), setNode('after')], edges: ['start -> w -> after'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await engine.skipNode(runId, 'w', null, 'ops');
    assert.deepEqual(trace((await outcome).state), ['after']);
  });

  it('set variable changes state that later guards read, journaled with its actor', async () => {
    const { engine, clock, store } = harness();
    const wf = workflow('SetVar', {
      nodes: [waitEvent('w', 'go'), setNode('high'), setNode('low')],
      edges: ['start -> w', ['w -> high', { when: bin('>', v('limit'), lit(10)) }], ['w -> low', { otherwise: true }]],
      vars: { limit: lit(1) },
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await engine.setVariable(runId, 'limit', 50, 'cli:gus');
    await engine.deliverEvent('go', null);
    assert.deepEqual(trace((await outcome).state), ['w', 'high']);
    const set = (await store.readEvents(runId)).find((e) => e.type === 'VariableSet');
    assert.equal(set?.actor, 'cli:gus');
    await assert.rejects(engine.setVariable(runId, 'nope', 1, 'x'), /Cannot set a variable in run/);
  });

  it('checks a variable\'s new value against its declared type and records nothing when it does not fit', async () => {
    const { engine, clock, store } = harness();
    const wf = workflow('SetTyped', { nodes: [waitEvent('w', 'go')], edges: ['start -> w'], vars: { limit: lit(1) }, outputs: ['tags'] });
    wf.variables.find((d) => d.name === 'limit')!.type = { kind: 'number' };
    wf.variables.find((d) => d.name === 'tags')!.type = { kind: 'list', of: { kind: 'string' } };
    const { runId } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    const before = (await store.readEvents(runId)).length;
    await assert.rejects(engine.setVariable(runId, 'limit', 'lots', 'x'), new RegExp(`^ControlError: Cannot set var 'limit' of run ${runId}: expected number, got string$`));
    await assert.rejects(engine.setVariable(runId, 'tags', ['a', 2], 'x'), /Cannot set output 'tags' of run .*: \[1\]: expected string, got number$/);
    assert.equal((await store.readEvents(runId)).length, before);
    await engine.setVariable(runId, 'limit', 20, 'x');
    await engine.setVariable(runId, 'limit', null, 'x'); // what a var holds before anything sets it
    await engine.setVariable(runId, 'tags', ['a', 'b'], 'x');
    await clock.whenIdle();
    const state = await engine.inspect(runId);
    assert.equal(state.variables['limit'], null);
    assert.deepEqual(state.outputs['tags'], ['a', 'b']);
  });

  it('sets a variable of a failed run durably, for a retry of the node that failed on it', async () => {
    const seen: unknown[] = [];
    const executors = { connector: { execute: async (ctx: { input: Record<string, unknown> }) => {
      const limit = ctx.input['limit'];
      seen.push(limit);
      if ((limit as number) < 100) throw new TaskError('OverLimit', 'over the limit');
      return 'posted';
    } } };
    const h = harness({ executors });
    const wf = workflow('FixThenRetry', {
      nodes: [task('post', 'x', [], { with: obj({ limit: v('limit') }) })],
      edges: ['start -> post'],
      vars: { limit: lit(10) },
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    await h.engine.setVariable(runId, 'limit', 500, 'cli:gil');
    // Durable at once, and the run stays failed until the retry: another engine reads both from the store.
    const other = harness({ store: h.store, executors });
    const reread = await other.engine.inspect(runId);
    assert.equal(reread.status, 'failed');
    assert.equal(reread.variables['limit'], 500);
    assert.equal((await h.store.getRun(runId))!.status, 'failed');
    await other.engine.retryNode(runId, 'post', 'cli:gil');
    assert.equal((await other.engine.waitFor(runId)).status, 'completed');
    assert.deepEqual(seen, [10, 500]);
    await assert.rejects(other.engine.setVariable(runId, 'limit', 1, 'x'), /Cannot set a variable in run .*: it is completed/);
  });

  it('skip applies the task\'s set entries to the given result, as a completion would, and checks what they assign', async () => {
    const { engine, store } = harness();
    const wf = workflow('SkipSets', {
      nodes: [task('call', 'fail', [lit('Down')], { sets: [{ target: 'total', value: member(result, 'sum') }] }), setNode('after')],
      edges: ['start -> call', ['call -> after', { when: bin('>', out('total'), lit(10)) }]],
      outputs: ['total'],
    });
    wf.variables.find((d) => d.name === 'total')!.type = { kind: 'number' };
    const { runId, outcome } = await engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    const before = (await store.readEvents(runId)).length;
    await assert.rejects(engine.skipNode(runId, 'call', null, 'ops'), /^ControlError: Cannot skip 'call' of run .* with that result: cannot read 'sum' of null/);
    await assert.rejects(engine.skipNode(runId, 'call', { sum: 'many' }, 'ops'), /with that result: output total: expected number, got string$/);
    assert.equal((await store.readEvents(runId)).length, before, 'a refused skip records nothing');
    assert.equal((await engine.inspect(runId)).status, 'failed');
    await engine.skipNode(runId, 'call', { sum: 42 }, 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { total: 42 });
    // The guard read the assignment the skip made.
    assert.deepEqual(trace(o.state), ['after']);
    const skipped = (await store.readEvents(runId)).find((e) => e.type === 'NodeSkipped');
    assert.deepEqual(skipped && 'sets' in skipped ? skipped.sets : undefined, [{ name: 'total', role: 'output', value: 42 }]);
  });

  it('skip of an AI task takes only a result that meets its returns type', async () => {
    const { engine, clock } = harness();
    const classify: NodeDefinition = {
      kind: 'ai', id: 'classify', range: R, nameRange: R, model: lit('m'), prompt: lit('p'), options: taskOptions(),
      returns: { kind: 'object', fields: [{ name: 'label', type: { kind: 'string' }, optional: false }] },
    };
    // The harness configures no AI provider: `classify` is skipped whether it is still ready or has failed.
    const wf = workflow('SkipAi', { nodes: [waitEvent('w', 'go'), classify], edges: ['start -> w -> classify'] });
    const { runId } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await assert.rejects(engine.skipNode(runId, 'w', null, 'ops').then(() => engine.skipNode(runId, 'classify', { label: 3 }, 'ops')), /with that result: result\.label: expected string, got number$/);
    await engine.skipNode(runId, 'classify', { label: 'urgent' }, 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.history.filter((h) => h.status === 'skipped').map((h) => h.node), ['w', 'classify']);
  });

  it('rejects setting an undeclared variable with a clear error', async () => {
    const { engine, clock } = harness();
    const wf = workflow('SetBad', { nodes: [waitEvent('w', 'go')], edges: ['start -> w'] });
    const { runId } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await assert.rejects(engine.setVariable(runId, 'ghost', 1, 'x'), /has no variable or output 'ghost'/);
  });
});

describe('engine debugging hook', () => {
  it('is called before every node with the node, its branch token and attempt', async () => {
    const seen: string[] = [];
    const { engine } = harness({ beforeNode: (ctx: NodeContext) => { seen.push(`${ctx.node.id}@${ctx.token}#${ctx.attempt}`); } });
    const wf = workflow('Hook', { nodes: [setNode('a'), setNode('b')], edges: ['start -> a -> b -> end'] });
    await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(seen, ['start@1#1', 'a@1#1', 'b@1#1', 'end@1#1']);
  });

  it('holds only the branch whose hook has not settled; the others run on', async () => {
    const gate = new Gate();
    const { engine } = harness({ beforeNode: (ctx) => (ctx.node.id === 'a' ? gate.opened.then(() => undefined) : undefined) });
    const wf = workflow('HoldOne', {
      nodes: [setNode('a'), timer('b', 'for', ms(1000)), setNode('c')],
      edges: ['start -> [a, b]', 'b -> c'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => trace(engine.peek(runId)!).includes('c'));
    const mid = await engine.inspect(runId);
    assert.ok(!trace(mid).includes('a'));
    gate.open();
    assert.deepEqual(trace((await outcome).state), ['b', 'c', 'a']);
  });

  it('fails the node when the hook throws', async () => {
    const { engine } = harness({ beforeNode: (ctx) => { if (ctx.node.id === 'a') throw new TaskError('Stopped', 'debugger stopped it'); } });
    const wf = workflow('HookFail', { nodes: [setNode('a')], edges: ['start -> a'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'Stopped');
  });
});

describe('engine controls after compensation', () => {
  it('a retried run that fails again does not compensate the same task twice', async () => {
    let broken = true;
    const calls: string[] = [];
    const h = harness({ executors: { connector: { execute: async (ctx) => { calls.push(ctx.node.id); if (ctx.node.id === 'ship' && broken) throw new TaskError('Down', 'down'); return null; } } } });
    const wf = workflow('Saga2', {
      nodes: [task('charge', 'x', [], { compensate: 'refund' }), task('ship', 'x'), task('refund', 'x')],
      edges: ['start -> charge -> ship'],
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    await h.engine.retryNode(runId, 'ship', 'ops');
    assert.equal((await h.engine.waitFor(runId)).status, 'failed');
    assert.deepEqual(calls, ['charge', 'ship', 'refund', 'ship']);
    broken = false;
  });
});

describe('engine debugging hook and joins', () => {
  it('a join waits for a branch the hook holds just before it', async () => {
    const gate = new Gate();
    let held = false;
    const { engine } = harness({
      beforeNode: (ctx) => {
        if (ctx.node.id === 'j' && ctx.token !== 1 && !held) { held = true; return gate.opened.then(() => undefined); }
        return undefined;
      },
    });
    const wf = workflow('HoldAtJoin', { nodes: [setNode('a'), setNode('b'), join('j'), setNode('after')], edges: ['start -> [a, b]', '[a, b] -> j -> after'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => held && engine.peek(runId)!.status === 'running');
    await new Promise((r) => setImmediate(r));
    assert.ok(!trace(engine.peek(runId)!).includes('j'), 'the join must not fire while a branch is held before it');
    gate.open();
    const o = await outcome;
    assert.deepEqual(trace(o.state), ['a', 'b', 'j', 'after']);
    assert.equal((o.state.results.get('j') as unknown[]).length, 2);
  });
});
