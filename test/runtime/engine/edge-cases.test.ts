// Edge cases of the scheduler the contract leaves to the runtime (docs/runtime.md records the
// decisions): late arrivals at `join N`, a join that can never get its arrivals, pauses and
// waits that survive a restart, controls on runs that do not allow them.

import assert from 'node:assert/strict';
import { approval, bundleOf, join, lit, ms, setNode, task, timer, waitEvent, workflow } from '../support/ir-builder.js';
import { harness, trace, waitUntil } from '../support/engine-harness.js';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';

describe('engine edge cases', () => {
  it('join N absorbs a branch that arrives after it fired', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Late', {
      nodes: [task('a', 'ok'), task('b', 'ok'), task('c', 'gate', [lit('gc')]), join('j', 'count', { n: 2 }), setNode('after')],
      edges: ['start -> [a, b, c]', '[a, b, c] -> j -> after'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => trace(engine.peek(runId)!).includes('after'));
    connector.gate('gc').open();
    const o = await outcome;
    assert.deepEqual(trace(o.state), ['a', 'b', 'j', 'after', 'c']);
    const arrivals = (await engine.store.readEvents(runId)).filter((e) => e.type === 'JoinArrived').map((e) => (e as { absorbed: boolean }).absorbed);
    assert.deepEqual(arrivals, [false, false, true]);
  });

  it('fails a run whose join N can never get N arrivals, instead of completing silently', async () => {
    const { engine } = harness();
    const wf = workflow('Short', {
      nodes: [setNode('a'), setNode('b'), join('j', 'count', { n: 3 }), setNode('after')],
      edges: ['start -> [a, b]', '[a, b] -> j -> after'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'JoinUnsatisfied');
    assert.match(o.error!.message, /needs 3 arrivals but only 2/);
  });

  it('keeps a paused run paused across a restart, and resumes it on request', async () => {
    const first = harness();
    const wf = workflow('PausedRestart', { nodes: [timer('t', 'for', ms(1000)), setNode('after')], edges: ['start -> t -> after'] });
    const { runId } = await first.engine.start(bundleOf(wf));
    await first.engine.pause(runId, 'ops');
    await first.clock.whenIdle();
    first.engine.halt();
    const clock = new VirtualClock(first.clock.now());
    const second = new Engine({ store: first.store, clock, environment: {} });
    const handle = await second.resume(runId);
    await clock.whenIdle();
    assert.equal(second.peek(runId)?.status, 'paused');
    await second.resumeRun(runId, 'ops');
    assert.deepEqual(trace((await handle.outcome).state), ['t', 'after']);
  });

  it('an approval waiting at a restart can still be decided, and its timeout still holds', async () => {
    const first = harness();
    const wf = workflow('ApprovalRestart', { nodes: [approval('ok', 'Ship?', { timeoutMs: 60_000 }), setNode('expired')], edges: ['start -> ok', ['ok -> expired', { timeout: true }]] });
    const a = await first.engine.start(bundleOf(wf), { runId: 'a' });
    const b = await first.engine.start(bundleOf(wf), { runId: 'b' });
    void a; void b;
    await waitUntil(() => first.engine.peek('a')?.status === 'waiting' && first.engine.peek('b')?.status === 'waiting');
    first.engine.halt();
    const clock = new VirtualClock(first.clock.now());
    const second = new Engine({ store: first.store, clock, environment: {} });
    await second.approve('a', 'ok', { approved: true, comment: 'fine' }, 'cli:ann');
    const ao = await second.waitFor('a');
    assert.deepEqual(ao.state.results.get('ok'), { approved: true, by: 'cli:ann', comment: 'fine' });
    const bo = await (await second.resume('b')).outcome;
    assert.deepEqual(trace(bo.state), ['expired']);
  });

  it('rejects approving a node that is not waiting for a decision', async () => {
    const { engine, clock } = harness();
    const wf = workflow('NoApproval', { nodes: [waitEvent('w', 'x')], edges: ['start -> w'] });
    const { runId } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await assert.rejects(engine.approve(runId, 'w', { approved: true }, 'me'), /has no approval 'w' waiting/);
    await assert.rejects(engine.approve('missing-run', 'w', { approved: true }, 'me'), /No run with id 'missing-run'/);
  });

  it('cancelling a run that waits on an approval ends it as cancelled', async () => {
    const { engine, clock } = harness();
    const wf = workflow('CancelApproval', { nodes: [approval('ok', 'Ship?')], edges: ['start -> ok'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    await engine.cancel(runId, 'ops');
    assert.equal((await outcome).status, 'cancelled');
    assert.equal((await engine.store.getRun(runId))?.status, 'cancelled');
  });
});
