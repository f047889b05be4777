// Crash recovery in-process (LANGUAGE.md §4 rule 7): the store "dies" at every possible append
// of a run (the events of that append are lost, as with SIGKILL), a fresh engine resumes from
// the journal, and the outcome must equal an uninterrupted run's; completed nodes never re-run;
// an interrupted non-idempotent task without retries fails with a clear error.

import assert from 'node:assert/strict';
import type { ConnectorNode, WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { TaskContext } from '../../../runtime/engine/task-executor.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TaskError } from '../../../runtime/executors/task-error.js';
import {
  bin, bundleOf, fork, join, lit, ms, obj, result, retry, setNode, task, timer, v, waitEvent, workflow,
} from '../support/ir-builder.js';
import { DyingStore } from '../support/dying-store.js';
import { PostgresRunStore } from '../../../runtime/store/postgres-run-store.js';
import { postgresServer } from '../../support/postgres-server.js';

/** A connector that records `node/token` per execution and answers deterministically. */
function recordingConnector(calls: string[]) {
  return {
    async execute(ctx: TaskContext<ConnectorNode>) {
      calls.push(`${ctx.node.id}/${ctx.token}`);
      const args = ctx.node.args.map((a) => ctx.evaluate(a));
      if (ctx.node.action === 'flaky' && ctx.attempt <= Number(args[0])) throw new TaskError('Flaky', `attempt ${ctx.attempt}`);
      return { node: ctx.node.id, input: ctx.input };
    },
  };
}

const T0 = Date.UTC(2026, 0, 1);

const idem = { idempotent: true };
const sample = workflow('Order', {
  nodes: [
    task('validate', 'ok', [], { ...idem, with: obj({ id: lit('o1') }) }),
    fork('f'),
    task('charge', 'flaky', [lit(1)], { ...idem, retry: retry(2, 1000), compensate: 'refund' }),
    task('reserve', 'ok', [], idem),
    timer('cool', 'for', ms(60_000)),
    join('j'),
    waitEvent('settled', 'payment.settled', { timeoutMs: 3_600_000 }),
    setNode('count', { n: bin('+', v('n'), lit(1)) }),
    task('ship', 'ok', [], { ...idem, sets: [{ target: 'tracking', value: result }] }),
    task('refund', 'ok', [], idem),
  ],
  edges: [
    'start -> validate -> f',
    ['f -> charge', { when: lit(true) }], ['f -> reserve', { when: lit(true) }], ['f -> cool', { when: lit(false) }],
    '[charge, reserve, cool] -> j -> settled -> count',
    ['count -> count', { when: bin('<', v('n'), lit(3)) }],
    ['count -> ship', { otherwise: true }],
  ],
  vars: { n: lit(0) },
  outputs: ['tracking'],
});
const events = [{ type: 'payment.settled', data: { ok: true }, at: 5000 }];

async function uninterrupted(bundle: WorkflowBundle) {
  const calls: string[] = [];
  const store = new MemoryRunStore();
  const counter = new DyingStore(store, Infinity);
  const engine = new Engine({ store: counter, clock: new VirtualClock(T0), executors: { connector: recordingConnector(calls) }, environment: {} });
  const { outcome } = await engine.start(bundle, { runId: 'r', events });
  return { outcome: await outcome, calls, commits: counter.appends, store };
}

function completedNodes(events: JournalEvent[]): string[] {
  return events.filter((e) => e.type === 'NodeCompleted').map((e) => (e as { node: string }).node).sort();
}

const tempDirs: string[] = [];
after(() => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

/** Where the dying process writes and how the next process opens the same journal. */
const storeKinds: Array<{ name: string; open(): { first: RunStore; reopen(): RunStore } }> = [
  { name: 'memory store', open() { const m = new MemoryRunStore(); return { first: m, reopen: () => m }; } },
  {
    name: 'SQLite store',
    open() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-crash-'));
      tempDirs.push(dir);
      const file = path.join(dir, 'runs.db');
      return { first: new SqliteRunStore({ file }), reopen: () => new SqliteRunStore({ file }) };
    },
  },
  {
    // A schema per crash point; the next process is a new store with connections of its own.
    name: 'PostgreSQL store',
    open() {
      const schema = `crash${process.pid}_${++pgSchemas}`;
      return { first: new PostgresRunStore({ url: pgUrl, schema }), reopen: () => new PostgresRunStore({ url: pgUrl, schema }) };
    },
  },
];
let pgUrl = '';
let pgSchemas = 0;
before(async function () {
  this.timeout(120_000);
  pgUrl = (await postgresServer()).url;
});

describe('engine crash recovery', () => {
  for (const kind of storeKinds) it(`resumes after a crash at every append and ends as an uninterrupted run does (${kind.name})`, async function () {
    this.timeout(60_000);
    const bundle = bundleOf(sample);
    const base = await uninterrupted(bundle);
    assert.equal(base.outcome.status, 'completed');
    const baseCompleted = completedNodes(await base.store.readEvents('r'));
    let crashes = 0;
    for (let dieAt = 2; ; dieAt++) {
      const stores = kind.open();
      const calls: string[] = [];
      const clock = new VirtualClock(T0);
      const dying = new DyingStore(stores.first, dieAt);
      const first = new Engine({ store: dying, clock, executors: { connector: recordingConnector(calls) }, environment: {} });
      const { outcome } = await first.start(bundle, { runId: 'r', events });
      const survived = await outcome.then(() => true, () => false);
      if (survived) break; // the run finished before append `dieAt`: every crash point is covered
      crashes++;
      first.halt();
      const inner = stores.reopen();
      // The old process is gone, and with it what it held (a PostgreSQL store's claims).
      if (inner !== stores.first) await stores.first.close();
      const before = await inner.readEvents('r');
      const doneBefore = new Set(before.filter((e) => e.type === 'NodeCompleted').map((e) => `${(e as { node: string }).node}/${(e as { token: number }).token}`));
      // The new process: same journal, clock where the old one stopped, events not yet delivered.
      const after: string[] = [];
      const second = new Engine({ store: inner, clock: new VirtualClock(clock.now()), executors: { connector: recordingConnector(after) }, environment: {} });
      const remaining = events.filter((e) => T0 + e.at > clock.now()).map((e) => ({ ...e, at: T0 + e.at - clock.now() }));
      const delivered = before.some((e) => e.type === 'EventReceived');
      const resumed = await second.resume('r');
      if (!delivered && remaining.length === 0) await second.deliverEvent('payment.settled', { ok: true });
      else if (!delivered) second.scheduleEvents(remaining, { runId: 'r' });
      const o = await resumed.outcome;
      assert.equal(o.status, 'completed', `crash at append ${dieAt}: ${JSON.stringify(o.error)}`);
      assert.deepEqual(o.outputs, base.outcome.outputs, `crash at append ${dieAt}`);
      assert.deepEqual(completedNodes(await inner.readEvents('r')).filter((n) => n !== 'refund'), baseCompleted, `crash at append ${dieAt}`);
      for (const c of after) {
        const taskNode = c.split('/')[0];
        if (taskNode === 'charge') continue; // keyed by token: a retried node keeps its token
        assert.ok(!doneBefore.has(c), `crash at append ${dieAt}: completed node ${c} ran again`);
      }
      if (inner !== stores.first) await inner.close();
    }
    // Every commit boundary of the run is a crash point (a commit is atomic).
    assert.equal(crashes, base.commits - 1);
  });

  it('tells observers of a run it stops because its journal could not be written (run-crashed), and forgets it', async () => {
    const dying = new DyingStore(new MemoryRunStore(), 3);
    const engine = new Engine({ store: dying, clock: new VirtualClock(T0), executors: { connector: recordingConnector([]) }, environment: {} });
    const seen: string[] = [];
    engine.onEvent((e) => { if (e.kind === 'run-crashed') seen.push(`${e.runId} ${e.workflow}: ${e.error.message}`); });
    const { outcome } = await engine.start(bundleOf(sample), { runId: 'r', events });
    await assert.rejects(outcome, /process killed/);
    assert.deepEqual(seen, ['r Order: process killed']);
    assert.equal(engine.peek('r'), undefined);
  });

  it('fails an interrupted task that is neither idempotent nor retryable, with a clear error', async () => {
    const wf = workflow('Risky', { nodes: [task('pay', 'ok')], edges: ['start -> pay'] });
    const inner = new MemoryRunStore();
    const clock = new VirtualClock(T0);
    // Appends: RunStarted … NodeStarted pay (1), its completion (2): die at 2.
    const first = new Engine({ store: new DyingStore(inner, 2), clock, executors: { connector: recordingConnector([]) }, environment: {} });
    const { outcome } = await first.start(bundleOf(wf), { runId: 'r' });
    await assert.rejects(outcome, /process killed/);
    first.halt();
    const calls: string[] = [];
    const second = new Engine({ store: inner, clock: new VirtualClock(clock.now()), executors: { connector: recordingConnector(calls) }, environment: {} });
    const o = await (await second.resume('r')).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'Interrupted');
    assert.match(o.error!.message, /not marked idempotent and has no retry left/);
    assert.deepEqual(calls, []);
  });

  it('re-runs an interrupted task that has a retry left, as its next attempt', async () => {
    const wf = workflow('Retryable', { nodes: [task('pay', 'ok', [], { retry: retry(1, 10) })], edges: ['start -> pay'] });
    const inner = new MemoryRunStore();
    const clock = new VirtualClock(T0);
    const first = new Engine({ store: new DyingStore(inner, 2), clock, executors: { connector: recordingConnector([]) }, environment: {} });
    await (await first.start(bundleOf(wf), { runId: 'r' })).outcome.catch(() => undefined);
    first.halt();
    const second = new Engine({ store: inner, clock: new VirtualClock(clock.now()), executors: { connector: recordingConnector([]) }, environment: {} });
    const o = await (await second.resume('r')).outcome;
    assert.equal(o.status, 'completed');
    const recovered = (await inner.readEvents('r')).find((e) => e.type === 'RunRecovered');
    assert.deepEqual(recovered && 'rerun' in recovered ? recovered.rerun : undefined, [{ node: 'pay', token: 1, idempotent: false }]);
    const attempts = o.state.history.filter((h) => h.node === 'pay').map((h) => `${h.attempt}:${h.status}`);
    assert.deepEqual(attempts, ['1:cancelled', '2:completed']);
  });

  it('resumeAll picks up every unfinished top-level run', async () => {
    const wf = workflow('Waits', { nodes: [timer('t', 'for', ms(1000))], edges: ['start -> t'] });
    const store = new MemoryRunStore();
    const clock = new VirtualClock(T0);
    const first = new Engine({ store, clock, environment: {} });
    await first.start(bundleOf(wf), { runId: 'a' });
    await first.start(bundleOf(wf), { runId: 'b' });
    first.halt();
    const second = new Engine({ store, clock: new VirtualClock(T0), environment: {} });
    const handles = await second.resumeAll();
    assert.deepEqual(handles.map((h) => h.runId).sort(), ['a', 'b']);
    for (const h of handles) assert.equal((await h.outcome).status, 'completed');
  });
});

describe('engine crash recovery before the start was journaled', () => {
  it('fails a run that was created but never journaled its start, with a clear error', async () => {
    const store = new MemoryRunStore();
    await store.createRun({ runId: 'ghost', workflow: 'W', version: '1', bundle: bundleOf(workflow('W', { nodes: [], edges: ['start -> end'] })), bundleHash: 'h', createdAt: T0 });
    const engine = new Engine({ store, clock: new VirtualClock(T0), environment: {} });
    const o = await (await engine.resume('ghost')).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'NeverStarted');
  });
});
