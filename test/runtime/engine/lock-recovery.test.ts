// Engine — locks after a crash: locks are not journaled, so a resumed run's sub-workflow call
// takes its lock again before it re-attaches to its child, queueing behind whoever holds it then
// (its child is not resumed meanwhile); a call that times out while it queues leaves the queue
// without freeing the holder's lock. The CLI's real-process test is test/cli/lock-resume.test.ts.

import assert from 'node:assert/strict';
import { bundleOf, input, obj, sub, task, workflow } from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';

/** `Caller` calls `Work` under lock "L"; Work's task waits for the gate named by `who`. */
function flows(timeoutMs?: number) {
  const work = workflow('Work', { nodes: [task('w', 'gate', [input('who')], { idempotent: true })], edges: ['start -> w'], inputs: { who: {} } });
  const caller = workflow('Caller', {
    nodes: [sub('c', 'Work', { lock: 'L', with: obj({ who: input('who') }), ...(timeoutMs !== undefined ? { timeoutMs } : {}) })],
    edges: ['start -> c'],
    inputs: { who: {} },
  });
  return bundleOf(caller, work);
}

/** Run `one` started on a first engine, halted (the process died) while its child's task ran. */
async function crashedRun(timeoutMs?: number) {
  const first = harness();
  await first.engine.start(flows(timeoutMs), { runId: 'one', inputs: { who: 'one' } });
  await waitUntil(() => first.connector.running.size === 1);
  first.engine.halt();
  return first.store;
}

describe('engine: locks after a crash', function () {
  this.timeout(20_000);

  it('a resumed call queues for its lock behind the run that holds it now, and only then resumes its child', async () => {
    const store = await crashedRun();
    const { engine, connector } = harness({ store });
    const two = await engine.start(flows(), { runId: 'two', inputs: { who: 'two' } });
    await waitUntil(() => connector.running.size === 1);
    const one = await engine.resume('one');
    // Its child stays in the store, not resumed, while `two` holds the lock.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual([...connector.running].length, 1);
    assert.ok(!engine.activeRuns().some((id) => id.startsWith('one.')), `active: ${engine.activeRuns().join(', ')}`);
    connector.gate('two').open();
    assert.equal((await two.outcome).status, 'completed');
    await waitUntil(() => connector.running.size === 1);
    assert.ok(engine.activeRuns().some((id) => id.startsWith('one.')));
    connector.gate('one').open();
    assert.equal((await one.outcome).status, 'completed');
    assert.equal(connector.peak, 1, 'never two children under the lock at once');
  });

  it('a resumed call that is alone takes its lock at once: a new run then waits for it', async () => {
    const store = await crashedRun();
    const { engine, connector } = harness({ store });
    const one = await engine.resume('one');
    await waitUntil(() => connector.running.size === 1);
    const two = await engine.start(flows(), { runId: 'two', inputs: { who: 'two' } });
    await waitUntil(() => engine.activeRuns().includes('two'));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(connector.running.size, 1, 'the new run waits for the resumed call\'s lock');
    connector.gate('one').open();
    connector.gate('two').open();
    assert.equal((await one.outcome).status, 'completed');
    assert.equal((await two.outcome).status, 'completed');
    assert.equal(connector.peak, 1);
  });

  it('a call that times out while it queues leaves the queue, and the holder keeps the lock', async () => {
    const store = await crashedRun(300);
    const { engine, connector } = harness({ store });
    const two = await engine.start(flows(), { runId: 'two', inputs: { who: 'two' } });
    await waitUntil(() => connector.running.size === 1);
    const o = await (await engine.resume('one')).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'Timeout');
    // `two` still holds "L": a third run waits for it.
    const three = await engine.start(flows(), { runId: 'three', inputs: { who: 'three' } });
    await waitUntil(() => engine.activeRuns().includes('three'));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(connector.running.size, 1, `the timed-out call freed a lock it did not hold: ${[...connector.running].join(', ')} ${engine.activeRuns().join(', ')}`);
    connector.gate('two').open();
    connector.gate('three').open();
    assert.equal((await two.outcome).status, 'completed');
    assert.equal((await three.outcome).status, 'completed');
    assert.equal(connector.peak, 1);
  });
});
