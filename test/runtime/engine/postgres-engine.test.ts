// The engine on the PostgreSQL store (a real server: test/support/postgres-server.ts): runs and
// journals land in the database, a second engine with its own connections (another worker)
// resumes an unfinished run from it, sub-runs, keys and many concurrent runs commit as they do
// on the other stores, and the state folded from the stored journal is the state the run had.

import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import pg from 'pg';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import { PostgresRunStore } from '../../../runtime/store/postgres-run-store.js';
import { RunKeyTakenError } from '../../../runtime/store/run-store.js';
import { RunCarriedElsewhereError } from '../../../runtime/engine/run-controls.js';
import { postgresServer } from '../../support/postgres-server.js';
import { approval, bundleOf, emit, lit, setNode, sub, task, waitEvent, workflow } from '../support/ir-builder.js';
import { postgresStores } from '../support/postgres-stores.js';
import { assertResumesElsewhere } from '../support/resume-elsewhere.js';

describe('engine on PostgreSQL', () => {
  let n = 0;
  const server = postgresStores();
  const store = (schema: string) => server.store(schema);
  const schemaName = () => `engine${process.pid}_${++n}`;

  it('records the run and resumes it in another engine with its own connections', async () => {
    const schema = schemaName();
    await assertResumesElsewhere(() => store(schema), { answersLater: true });
  });

  it('commits many concurrent runs, each journal whole and in order', async () => {
    const s = store(schemaName());
    const engine = new Engine({ store: s, clock: new VirtualClock(0), environment: {} });
    const simple = workflow('Simple', { nodes: [setNode('a'), setNode('b'), setNode('c')], edges: ['start -> a -> b -> c'] });
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => engine.run(bundleOf(simple))));
    assert.ok(outcomes.every((o) => o.status === 'completed'));
    assert.equal((await s.listRuns({ status: 'completed' })).length, 100);
    for (const o of outcomes.slice(0, 10)) assert.deepStrictEqual(foldJournal(o.runId, await s.readEvents(o.runId)), o.state);
  });

  it('runs sub-workflows and a failing task, with statuses the listing shows', async () => {
    const s = store(schemaName());
    const engine = new Engine({ store: s, clock: new VirtualClock(0), environment: {}, executors: { connector: { execute: async () => { throw Object.assign(new Error('down'), { name: 'Unavailable' }); } } } });
    const child = workflow('Child', { nodes: [setNode('x', { r: lit(7) })], edges: ['start -> x'], vars: { r: null }, outputs: ['r'] });
    const parent = workflow('Parent', { nodes: [sub('call', 'Child'), task('boom', 'noop')], edges: ['start -> call -> boom'] });
    const o = await engine.run(bundleOf(parent, child));
    assert.equal(o.status, 'failed');
    const runs = await s.listRuns();
    assert.deepEqual(runs.map((r) => [r.workflow, r.status, r.parentRunId === o.runId]).sort(), [['Child', 'completed', true], ['Parent', 'failed', false]]);
  });

  it('starts one run per workflow and key', async () => {
    const s = store(schemaName());
    const engine = new Engine({ store: s, clock: new VirtualClock(0), environment: {} });
    const simple = bundleOf(workflow('Keyed', { nodes: [setNode('a')], edges: ['start -> a'] }));
    const first = await engine.run(simple, { key: 'nightly-2026-11-27' });
    const again = await engine.run(simple, { key: 'nightly-2026-11-27' }).then(() => undefined, (e: unknown) => e);
    assert.ok(again instanceof RunKeyTakenError);
    assert.equal(again.runId, first.runId);
    assert.equal((await s.listRuns()).length, 1);
  });
});

describe('engines on two machines sharing a PostgreSQL store', () => {
  let url = '';
  const stores: PostgresRunStore[] = [];
  before(async function () {
    this.timeout(120_000);
    url = (await postgresServer()).url;
  });
  after(async () => { for (const s of stores) await s.close().catch(() => undefined); });
  /** Two stores on one schema, as two machines' processes have, each named by its holder, and an engine over each. */
  const twoMachines = (schema: string, holderA: string, holderB: string) => {
    const storeA = new PostgresRunStore({ url, schema, holder: holderA });
    const storeB = new PostgresRunStore({ url, schema, holder: holderB });
    stores.push(storeA, storeB);
    const a = new Engine({ store: storeA, clock: new VirtualClock(0), environment: {} });
    const b = new Engine({ store: storeB, clock: new VirtualClock(0), environment: {} });
    return { storeA, storeB, a, b };
  };

  it('carries a run in one engine at a time: the other is refused, naming the holder, until the first lets go', async () => {
    const { storeA, a, b } = twoMachines(`machines${process.pid}`, 'weft serve (pid 1) A', 'weft serve (pid 2) B');
    const waiting = workflow('Waits', { nodes: [waitEvent('go', 'go'), setNode('done', { out: lit(1) })], edges: ['start -> go -> done'], vars: {}, outputs: ['out'] });
    const { runId } = await a.start(bundleOf(waiting));
    for (let i = 0; i < 100 && a.peek(runId)?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
    const refused = await b.resume(runId).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(refused instanceof RunCarriedElsewhereError, String(refused));
    assert.match(refused.message, /^Run \S+ is carried on by weft serve \(pid 1\) A on \S+; act on it there/);
    assert.deepEqual(b.activeRuns(), []);
    // A stops (as a process that dies lets go of its session): B carries the run on.
    a.halt();
    await storeA.close();
    const handle = await b.resume(runId);
    assert.deepEqual(await b.deliverEvent('go', null), [runId]);
    assert.equal((await handle.outcome).status, 'completed');
  });

  it('passes a control or an event asked of one engine to the engine that carries the run, which applies it and answers once it is durable', async () => {
    const schema = `requests${process.pid}`;
    const { storeA, storeB, a, b } = twoMachines(schema, 'worker A', 'worker B');
    const asks = workflow('Asks', { nodes: [approval('ok', 'go?'), setNode('done', { out: lit(1) })], edges: ['start -> ok -> done'], vars: {}, outputs: ['out'] });
    const waits = workflow('Waits', { nodes: [waitEvent('go', 'go'), setNode('done', { out: lit(2) })], edges: ['start -> go -> done'], vars: {}, outputs: ['out'] });
    const asked = await a.start(bundleOf(asks));
    const waiting = await a.start(bundleOf(waits));
    for (let i = 0; i < 100 && (a.peek(asked.runId)?.status !== 'waiting' || a.peek(waiting.runId)?.status !== 'waiting'); i++) await new Promise((r) => setTimeout(r, 10));

    // A control that does not apply: A's error, as B's own.
    await assert.rejects(b.approve(asked.runId, 'nope', { approved: true }, 'cli:bob'), (err: Error) => err.name === 'ControlError' && /nope/.test(err.message));
    // Applied by A, durable when B hears so: B reads the decision from the store at once.
    assert.deepEqual(await b.approve(asked.runId, 'ok', { approved: true, comment: 'fine' }, 'cli:bob'), { carriedBy: `worker A on ${hostname()}` });
    const decided = (await storeB.readEvents(asked.runId)).find((e) => e.type === 'ApprovalDecided');
    assert.equal(decided?.actor, 'cli:bob');
    assert.equal((await asked.outcome).status, 'completed');
    assert.deepEqual(b.activeRuns(), [], 'B carries nothing');

    // An event from outside the processes (loadUnfinished), delivered by B: A's waiting run takes it.
    const offered: string[] = [];
    const took = await b.deliverEvent('go', { n: 1 }, { loadUnfinished: true, offeredElsewhere: (answers) => { for (const x of answers) offered.push(`${x.holder}: ${x.runIds.join(',')} ${x.answer?.ok}`); } });
    assert.deepEqual(took, [waiting.runId]);
    assert.deepEqual(offered, [`worker A on ${hostname()}:  true`], 'offered to A, which carries unfinished runs');
    assert.equal((await waiting.outcome).status, 'completed');
    // An event a run on B emits reaches A's waiting run too, as it would a run of B's own.
    const again = await a.start(bundleOf(waits));
    for (let i = 0; i < 100 && (await b.inspect(again.runId)).status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
    const emits = workflow('Emits', { nodes: [emit('tell', 'go')], edges: ['start -> tell'] });
    assert.equal((await b.run(bundleOf(emits))).status, 'completed');
    assert.equal((await again.outcome).status, 'completed');
    assert.deepEqual((await storeA.readEvents(again.runId)).filter((e) => e.type === 'EventReceived').length, 1);
    // Every request was read and deleted by its asker.
    const rows = await storeB.listRuns();
    assert.equal(rows.length, 4);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // (The emit's request is read by B in the background, a look or two after A answered.)
      let left = -1;
      for (let i = 0; i < 50 && left !== 0; i++) {
        if (i) await new Promise((r) => setTimeout(r, 20));
        left = Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.requests`)).rows[0].n);
      }
      assert.equal(left, 0);
    } finally {
      await admin.end();
    }

    // A run nobody carries any more (A stopped): B applies the control itself.
    const later = await a.start(bundleOf(asks));
    // Waiting as the store has it (halting stops before what is not durable yet).
    for (let i = 0; i < 100 && (await b.inspect(later.runId)).status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
    a.halt();
    await storeA.close();
    assert.deepEqual(await b.approve(later.runId, 'ok', { approved: true }, 'cli:bob'), {});
    assert.equal((await b.waitFor(later.runId)).status, 'completed');
  });
});
