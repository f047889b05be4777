// The PostgreSQL run store against a real PostgreSQL server (Debian's, a throwaway cluster on
// loopback: test/support/postgres-server.ts): the RunStore contract, each test in a schema of
// its own; then what only a shared database can show — two stores (two processes' worth of
// connections) writing one run, the layout, and what a wrong URL says.

import assert from 'node:assert/strict';
import pg from 'pg';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { PostgresRunStore, redactedUrl, statusMap } from '../../../runtime/store/postgres-run-store.js';
import { JournalOrderError, type NewRun } from '../../../runtime/store/run-store.js';
import { postgresServer } from '../../support/postgres-server.js';
import { runStoreContract } from './store-contract.js';

let url = '';
let schemas = 0;
const made: PostgresRunStore[] = [];

before(async function () {
  this.timeout(120_000);
  url = (await postgresServer()).url;
});

/** A store in a schema no other test uses. */
function freshStore(schema = `t${process.pid}_${++schemas}`, holder?: string): PostgresRunStore {
  const store = new PostgresRunStore({ url, schema, pollMs: 50, ...(holder !== undefined ? { holder } : {}) });
  made.push(store);
  return store;
}

after(async () => {
  for (const store of made) await store.close().catch(() => undefined);
});

runStoreContract('PostgresRunStore', () => freshStore());

const bundle = { irVersion: 1 as const, entry: 'W', workflows: {}, types: {}, hash: 'h1' };
function newRun(runId: string): NewRun {
  return { runId, workflow: 'W', version: '1.0.0', bundle, bundleHash: 'h1', createdAt: 1000 };
}
function nodeStarted(seq: number): JournalEvent {
  return { type: 'NodeStarted', seq, at: 1000 + seq, node: 'a', token: 1, attempt: 1 };
}

describe('PostgresRunStore, shared by several processes', () => {
  it('lets one of two writers of a run continue its journal and refuses the other, keeping one journal', async () => {
    const schema = `shared${process.pid}`;
    const a = freshStore(schema);
    const b = freshStore(schema);
    await a.createRun(newRun('r1'));
    await a.append('r1', [nodeStarted(1)]);
    // Both think seq 2 comes next: one append wins, the other is refused whole.
    const results = await Promise.allSettled([a.append('r1', [nodeStarted(2), nodeStarted(3)]), b.append('r1', [nodeStarted(2)])]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused.reason instanceof JournalOrderError, String(refused.reason));
    const seqs = (await b.readEvents('r1')).map((e) => e.seq);
    assert.ok(JSON.stringify(seqs) === '[1,2,3]' || JSON.stringify(seqs) === '[1,2]', String(seqs));
    assert.equal((await a.getRun('r1'))!.lastSeq, seqs.length);
  });

  it('commits the appends of many runs asked for together in one statement, failing only those that do not continue their journals', async () => {
    const store = freshStore();
    for (const id of ['good', 'behind']) {
      await store.createRun(newRun(id));
      await store.append(id, [nodeStarted(1)]);
    }
    const results = await Promise.allSettled([
      store.append('good', [nodeStarted(2), nodeStarted(3)]),
      store.append('behind', [nodeStarted(5)]),
      store.append('nobody', [nodeStarted(1)]),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /JournalOrderError: Run behind: expected event seq 2, got 5/);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /UnknownRunError: No run with id 'nobody'/);
    assert.deepEqual((await store.readEvents('good')).map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual((await store.readEvents('behind')).map((e) => e.seq), [1]);
    assert.deepEqual((await store.listRuns()).map((r) => [r.runId, r.lastSeq]).sort(), [['behind', 1], ['good', 3]]);
  });

  it('wakes a waiter in one process for events another process appends (by looking again)', async () => {
    const schema = `wake${process.pid}`;
    const a = freshStore(schema);
    const b = freshStore(schema);
    await a.createRun(newRun('r1'));
    const waiting = b.waitForEvents('r1', 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.append('r1', [nodeStarted(1)]);
    assert.deepEqual((await waiting).map((e) => e.seq), [1]);
  });

  it('makes its tables once in a new schema, records the layout, and refuses a later layout', async () => {
    const schema = `layout${process.pid}`;
    const stores = [freshStore(schema), freshStore(schema), freshStore(schema)];
    // Three stores making the same schema at once (the advisory lock serialises them).
    await Promise.all(stores.map((s, i) => s.createRun(newRun(`r${i}`))));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      assert.deepEqual((await client.query(`SELECT version FROM ${schema}.layout`)).rows, [{ version: 1 }]);
      await client.query(`UPDATE ${schema}.layout SET version = 99`);
      await assert.rejects(freshStore(schema).listRuns(), /has layout 99, written by a newer Weft/);
    } finally {
      await client.end();
    }
  });

  it('lets one process at a time claim a run, says who holds it, and frees it on release or close', async () => {
    const schema = `claims${process.pid}`;
    const a = freshStore(schema, 'worker A');
    const b = freshStore(schema, 'worker B');
    await a.createRun(newRun('r1'));
    // Creating a run claims it.
    assert.match((await b.claimRun('r1'))!, /^worker A on \S+$/);
    assert.equal(await a.claimRun('r1'), undefined, 'a claim held is held');
    a.releaseRun('r1');
    await a.listRuns(); // the release is on its way: one round trip later it has landed
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await b.claimRun('r1'), undefined);
    assert.match((await a.claimRun('r1'))!, /^worker B on /);
    await b.close();
    assert.equal(await a.claimRun('r1'), undefined, 'a closed store holds nothing');
  });

  it('refuses the appends of a run whose claim went with its session, until it is claimed again', async () => {
    const schema = `lost${process.pid}`;
    const a = freshStore(schema, 'worker lost');
    await a.createRun(newRun('r1'));
    await a.append('r1', [nodeStarted(1)]);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'worker lost%'`);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await assert.rejects(a.append('r1', [nodeStarted(2)]), /lost its claim on run r1/);
    // Nobody took it meanwhile: claimed again, it goes on.
    assert.equal(await a.claimRun('r1'), undefined);
    await a.append('r1', [nodeStarted(2)]);
    assert.deepEqual((await a.readEvents('r1')).map((e) => e.seq), [1, 2]);
  });

  it('refuses a schema name it cannot put in its SQL', () => {
    assert.throws(() => new PostgresRunStore({ url, schema: 'x; DROP TABLE runs' }), /cannot name the store's schema/);
  });

  it('says which server it could not reach, without the password', async () => {
    const store = new PostgresRunStore({ url: 'postgres://weft:s3cret@127.0.0.1:1/postgres', schema: 'nowhere' });
    const err = await store.listRuns().then(() => undefined, (e: unknown) => e as Error);
    await store.close();
    assert.ok(err instanceof Error);
    assert.match(err.message, /ECONNREFUSED|connect/);
    assert.doesNotMatch(err.message, /s3cret/);
    assert.equal(redactedUrl('postgres://weft:s3cret@db:5432/x'), 'postgres://weft:***@db:5432/x');
  });

  it('maps a batch to the statuses it changes, from each status a run can have', () => {
    assert.equal(statusMap([nodeStarted(1)]), undefined);
    assert.deepEqual(JSON.parse(statusMap([{ type: 'Paused', seq: 1, at: 1, actor: 'x' }])!), { running: 'paused', waiting: 'paused' });
    assert.deepEqual(JSON.parse(statusMap([{ type: 'RunCompleted', seq: 1, at: 1, outputs: {} }])!),
      { running: 'completed', paused: 'completed', waiting: 'completed', failed: 'completed', cancelled: 'completed' });
  });
});
