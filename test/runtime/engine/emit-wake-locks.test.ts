// Engine — an event from outside (`weft emit` in another process, `POST /events`) wakes a store's
// unfinished runs (`deliverEvent` with `loadUnfinished`). A sub-run is woken through its parent,
// whose call re-takes its lock before it re-attaches: loaded on its own, the sub-run ran while its
// parent's call still queued for the lock, that is without it. With the lock free, the sub-run is
// re-attached before the event is delivered, so it still takes the event. With the lock taken, the
// event is kept in the sub-run's journal, and the sub-run's wait takes it once it is re-attached if
// it came before the wait's deadline (session 27; before, it was lost).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { bundleOf, lit, ms, obj, sub, task, timer, waitEvent, workflow } from '../support/ir-builder.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { harness, waitUntil } from '../support/engine-harness.js';
import { postgresStores } from '../support/postgres-stores.js';

/** `Caller` calls `Work` under lock "L"; Work waits for event `go`, then runs `after`. */
function flows() {
  const work = workflow('Work', { nodes: [waitEvent('ev', 'go'), task('after', 'ok', [lit(1)])], edges: ['start -> ev', 'ev -> after'] });
  const caller = workflow('Caller', { nodes: [sub('c', 'Work', { lock: 'L', with: obj({}) })], edges: ['start -> c'] });
  return bundleOf(caller, work);
}

/** Run `one` started on a first engine and halted (its process died) while its sub-run waits for `go`. */
async function crashedWhileWaiting(bundle = flows(), store?: RunStore) {
  const first = harness(store ? { store } : {});
  // Virtual time stands still here: a wait's deadline does not come before the crash.
  first.clock.busy();
  await first.engine.start(bundle, { runId: 'one' });
  await waitUntil(() => first.engine.activeRuns().some((id) => id.startsWith('one.')));
  // Its wait is journaled.
  await new Promise((r) => setTimeout(r, 20));
  first.engine.halt();
  return first.store;
}

describe('engine: an event from outside wakes a sub-run through its parent', function () {
  this.timeout(20_000);

  for (const kind of ['memory', 'SQLite'] as const) {
    it(`does not run a sub-run whose parent's call queues for its lock: the event is kept for it, and it takes it once re-attached (${kind})`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-keep-'));
      const store = await crashedWhileWaiting(flows(), kind === 'SQLite' ? new SqliteRunStore({ file: path.join(dir, 'runs.db') }) : undefined);
      try {
        await keptUntilReattached(store);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('with the lock free, the woken parent re-attaches its sub-run before the event is delivered: the sub-run takes it', async () => {
    const store = await crashedWhileWaiting();
    const { engine, connector } = harness({ store });
    const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
    assert.ok(took.some((id) => id.startsWith('one.')), `took: ${took.join(', ')}`);
    await waitUntil(() => connector.calls.length === 1);
    assert.equal((await engine.waitFor('one')).status, 'completed');
  });

  it('a kept event that came before the wait\'s deadline is taken after it, once re-attached', async () => {
    const store = await crashedWhileWaiting(withDeadline());
    const { engine, connector, clock } = harness({ store });
    // "L" is held by a call that waits on a gate, then for an hour: one's sub-run is re-attached
    // long after its wait's deadline (10 minutes after it started).
    const two = await engine.start(withDeadline(), { runId: 'two', workflow: 'GateThenHour' });
    await waitUntil(() => connector.running.size === 1);
    const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
    const oneChild = await childOf(store, 'one');
    assert.ok(took.includes(oneChild), `took: ${took.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(connector.calls, ['hold#1'], 'one\'s sub-run went on while "L" was held');
    const since = clock.now();
    connector.gate('hold').open();
    assert.equal((await two.outcome).status, 'completed');
    const one = await engine.waitFor('one');
    assert.ok(clock.now() - since >= 3_600_000, 'the sub-run was re-attached after its deadline');
    assert.equal(one.status, 'completed', JSON.stringify(one.error));
    assert.deepEqual(connector.calls, ['hold#1', 'after#1']);
  });

  it('a kept event that came at or after the wait\'s deadline does not count: the wait times out once re-attached', async () => {
    const store = await crashedWhileWaiting(withDeadline());
    const { engine, connector } = harness({ store });
    // "L" is held by a call that waits an hour (past one's sub-run's deadline), then on a gate.
    const two = await engine.start(withDeadline(), { runId: 'two', workflow: 'HourThenGate' });
    await waitUntil(() => connector.running.size === 1);
    const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
    assert.ok(took.includes(await childOf(store, 'one')), `took: ${took.join(', ')}`);
    connector.gate('hold').open();
    assert.equal((await two.outcome).status, 'completed');
    const one = await engine.waitFor('one');
    assert.equal(one.status, 'failed');
    assert.match(JSON.stringify(one.error), /Timeout|timed out/);
    assert.deepEqual(connector.calls, ['hold#1'], 'one\'s sub-run ran its task');
  });
});

describe('engine: an event kept for a sub-run whose parent\'s call queues, on PostgreSQL', function () {
  this.timeout(60_000);
  const server = postgresStores();

  it('claims the sub-run to keep the event in its journal, in a process that resumed the parent after another died', async () => {
    // The first process: its store's claims end with it (closed), as a dead process's session does.
    const first = server.store('keep', 'first');
    await crashedWhileWaiting(flows(), first);
    await first.close();
    await keptUntilReattached(server.store('keep', 'second'));
  });
});

/** The id of run `parentRunId`'s one sub-run. */
async function childOf(store: RunStore, parentRunId: string): Promise<string> {
  const runs = await store.listRuns();
  const child = runs.find((r) => r.parentRunId === parentRunId);
  assert.ok(child, `no sub-run of ${parentRunId}`);
  return child.runId;
}

/**
 * `Caller` calls `Work` under lock "L"; Work waits for `go` for at most 10 minutes, then runs
 * `after`. `GateThenHour` and `HourThenGate` hold "L" (through calls of `Hold1`, `Hold2`) while
 * a gate task `hold` waits for the test, and for an hour, in either order.
 */
function withDeadline() {
  const work = workflow('Work', { nodes: [waitEvent('ev', 'go', { timeoutMs: 600_000 }), task('after', 'ok', [lit(1)])], edges: ['start -> ev', 'ev -> after'] });
  const caller = workflow('Caller', { nodes: [sub('c', 'Work', { lock: 'L', with: obj({}) })], edges: ['start -> c'] });
  const hold1 = workflow('Hold1', { nodes: [task('hold', 'gate'), timer('hour', 'for', ms(3_600_000))], edges: ['start -> hold', 'hold -> hour'] });
  const hold2 = workflow('Hold2', { nodes: [timer('hour', 'for', ms(3_600_000)), task('hold', 'gate')], edges: ['start -> hour', 'hour -> hold'] });
  const gateThenHour = workflow('GateThenHour', { nodes: [sub('h', 'Hold1', { lock: 'L', with: obj({}) })], edges: ['start -> h'] });
  const hourThenGate = workflow('HourThenGate', { nodes: [sub('h', 'Hold2', { lock: 'L', with: obj({}) })], edges: ['start -> h'] });
  return bundleOf(caller, work, hold1, hold2, gateThenHour, hourThenGate);
}

/** The first test's body: a store whose run `one` crashed while its sub-run waited for `go`. */
async function keptUntilReattached(store: RunStore): Promise<void> {
  const { engine, connector } = harness({ store });
  // Another run holds "L" now, its own sub-run waiting for `go` too.
  const two = await engine.start(flows(), { runId: 'two' });
  await waitUntil(() => engine.activeRuns().some((id) => id.startsWith('two.')));
  const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
  const oneChild = await childOf(store, 'one');
  assert.ok(took.some((id) => id.startsWith('two.')), `took: ${took.join(', ')}`);
  // Kept for one's sub-run (in its journal), which is not active while its parent's call queues.
  assert.ok(took.includes(oneChild), `took: ${took.join(', ')}`);
  const kept = (await store.readEvents(oneChild)).filter((e) => e.type === 'EventReceived');
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.type === 'EventReceived' && kept[0]!.buffered, true);
  assert.equal((await two.outcome).status, 'completed');
  // Once "L" is free, one's call takes it and re-attaches its sub-run, which takes the kept
  // event without another one and completes.
  assert.equal((await engine.waitFor('one')).status, 'completed');
  assert.deepEqual(connector.calls, ['after#1', 'after#1']);
  assert.ok(!engine.activeRuns().length, `still active: ${engine.activeRuns().join(', ')}`);
}
