// The PostgreSQL run store against a real PostgreSQL server (Debian's, a throwaway cluster on
// loopback: test/support/postgres-server.ts): the RunStore contract, each test in a schema of
// its own; then what only a shared database can show — two stores (two processes' worth of
// connections) writing one run, the layout, and what a wrong URL says.

import assert from 'node:assert/strict';
import pg from 'pg';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { PostgresRunStore, RunNotCarriedHereError, redactedUrl, statusMap } from '../../../runtime/store/postgres-run-store.js';
import type { NewRun } from '../../../runtime/store/run-store.js';
import { postgresStores } from '../support/postgres-stores.js';
import { runStoreContract } from './store-contract.js';

const server = postgresStores();
let schemas = 0;

/** A store in a schema no other test uses. */
function freshStore(schema = `t${process.pid}_${++schemas}`, holder?: string): PostgresRunStore {
  return server.store(schema, holder);
}

runStoreContract('PostgresRunStore', () => freshStore());

const bundle = { irVersion: 1 as const, entry: 'W', workflows: {}, types: {}, hash: 'h1' };
function newRun(runId: string): NewRun {
  return { runId, workflow: 'W', version: '1.0.0', bundle, bundleHash: 'h1', createdAt: 1000 };
}
function nodeStarted(seq: number): JournalEvent {
  return { type: 'NodeStarted', seq, at: 1000 + seq, node: 'a', token: 1, attempt: 1 };
}

describe('PostgresRunStore, shared by several processes', () => {
  it('writes a run\'s journal only from the process that carries it: another is refused, even one that still thinks it carries the run', async () => {
    const schema = `shared${process.pid}`;
    const a = freshStore(schema);
    const b = freshStore(schema);
    await a.createRun(newRun('r1'));
    await a.append('r1', [nodeStarted(1)]);
    // B never claimed it: refused whole, nothing written.
    await assert.rejects(b.append('r1', [nodeStarted(2)]), (err: Error) => err instanceof RunNotCarriedHereError && /does not carry run r1/.test(err.message));
    await a.append('r1', [nodeStarted(2), nodeStarted(3)]);
    // The claim moves to B while A still thinks it holds the run (as after A's claim was let go in
    // the database and B took the run over before A learnt of it): A's next append is refused.
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    try {
      await admin.query(`UPDATE ${schema}.runs SET carrier = NULL WHERE run_id = 'r1'`);
    } finally {
      await admin.end();
    }
    assert.equal(await b.claimRun('r1'), undefined);
    await assert.rejects(a.append('r1', [nodeStarted(4)]), RunNotCarriedHereError);
    await b.append('r1', [nodeStarted(4)]);
    assert.deepEqual((await a.readEvents('r1')).map((e) => e.seq), [1, 2, 3, 4]);
    assert.equal((await a.getRun('r1'))!.lastSeq, 4);
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
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    try {
      assert.deepEqual((await client.query(`SELECT version FROM ${schema}.layout`)).rows, [{ version: 2 }]);
      await client.query(`UPDATE ${schema}.layout SET version = 99`);
      await assert.rejects(freshStore(schema).listRuns(), /has layout 99, written by a newer Weft/);
    } finally {
      await client.end();
    }
  });

  it('takes a layout-1 store (session 17: a lock per claimed run) to layout 2, keeping its runs', async () => {
    const schema = `layout1_${process.pid}`;
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    try {
      // Layout 1 as session 17 made it: no carrier column.
      await client.query(`CREATE SCHEMA ${schema};
        CREATE TABLE ${schema}.layout (version integer NOT NULL); INSERT INTO ${schema}.layout VALUES (1);
        CREATE TABLE ${schema}.bundles (hash text PRIMARY KEY, bundle text NOT NULL);
        CREATE TABLE ${schema}.runs (run_key bigserial PRIMARY KEY, run_id text NOT NULL UNIQUE, workflow text NOT NULL, version text NOT NULL,
          bundle_hash text NOT NULL REFERENCES ${schema}.bundles (hash), parent_run_id text, status text NOT NULL, created_at bigint NOT NULL,
          updated_at bigint NOT NULL, last_seq integer NOT NULL, idem_key text, key_inputs text);
        CREATE TABLE ${schema}.journal (run_key bigint NOT NULL REFERENCES ${schema}.runs (run_key) ON DELETE CASCADE, last integer NOT NULL,
          at bigint NOT NULL, body text NOT NULL, PRIMARY KEY (run_key, last));
        INSERT INTO ${schema}.bundles VALUES ('h1', '${JSON.stringify(bundle)}');
        INSERT INTO ${schema}.runs (run_id, workflow, version, bundle_hash, status, created_at, updated_at, last_seq) VALUES ('old', 'W', '1.0.0', 'h1', 'running', 1000, 1000, 0);`);
      const store = freshStore(schema, 'worker new');
      assert.equal(await store.claimRun('old'), undefined, 'a run of layout 1 is free to claim');
      await store.append('old', [nodeStarted(1)]);
      await store.createRun(newRun('new'));
      assert.deepEqual((await client.query(`SELECT version FROM ${schema}.layout`)).rows, [{ version: 2 }]);
      assert.match((await freshStore(schema, 'worker other').claimRun('old'))!, /^worker new on /);
      assert.deepEqual((await store.listRuns()).map((r) => [r.runId, r.lastSeq]).sort(), [['new', 0], ['old', 1]]);
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

  it('says which unfinished runs no live process holds, in one look', async () => {
    const schema = `unheld${process.pid}`;
    const a = freshStore(schema, 'worker A');
    const b = freshStore(schema, 'worker B');
    for (const id of ['held', 'let-go', 'ended']) await a.createRun(newRun(id));
    await a.append('ended', [nodeStarted(1), { type: 'RunCompleted', seq: 2, at: 1002, outputs: {} } as JournalEvent]);
    a.releaseRun('let-go');
    a.releaseRun('ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await b.unheldRuns(), ['let-go'], 'an ended run is nobody\'s to wake');
    assert.deepEqual(await a.unheldRuns(), ['let-go'], 'nor is one this process holds');
    await a.close();
    assert.deepEqual((await b.unheldRuns()).sort(), ['held', 'let-go'], 'a closed store holds nothing');
  });

  it('refuses the appends of a run whose claim went with its session, until it is claimed again', async () => {
    const schema = `lost${process.pid}`;
    const a = freshStore(schema, 'worker lost');
    await a.createRun(newRun('r1'));
    await a.append('r1', [nodeStarted(1)]);
    const admin = new pg.Client({ connectionString: server.url() });
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

  it('creates and claims the runs asked for together, tells each refused run why, and lets go of them together', async () => {
    const schema = `batch${process.pid}`;
    const a = freshStore(schema, 'batch worker A');
    const b = freshStore(schema, 'batch worker B');
    await a.createRun(newRun('old'));
    const ids = Array.from({ length: 600 }, (_, i) => `n${i}`);
    const keyed = (runId: string, inputs: string): NewRun => ({ ...newRun(runId), key: 'k1', keyInputs: inputs });
    // More runs than one statement takes, an id taken, and two runs under one key, in one turn.
    const results = await Promise.allSettled([
      ...ids.map((id) => a.createRun(newRun(id))),
      a.createRun(newRun('old')),
      a.createRun(keyed('first', 'i1')),
      a.createRun(keyed('second', 'i1')),
    ]);
    assert.deepEqual(results.slice(0, ids.length).filter((r) => r.status === 'rejected'), []);
    assert.match(String((results[ids.length] as PromiseRejectedResult).reason), /Run 'old' already exists/);
    const keyResults = results.slice(ids.length + 1);
    assert.equal(keyResults.filter((r) => r.status === 'fulfilled').length, 1);
    const keyRefusal = (keyResults.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
    assert.equal(keyRefusal.name, 'RunKeyTakenError');
    assert.equal((await a.listRuns()).length, ids.length + 2);
    // Every new run is A's, and B is told so for each in one look.
    const held = await b.heldElsewhere(['old', ...ids, 'nobody']);
    assert.equal(held.size, ids.length + 1);
    assert.match(held.get('n599')!, /^batch worker A on \S+$/);
    assert.deepEqual(await a.heldElsewhere(ids.slice(0, 5)), new Map(), 'its own claims are not elsewhere');
    // However many runs it carries, a process holds one lock of the server's shared lock table.
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    try {
      const locks = await admin.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND a.application_name LIKE 'batch worker A%'`);
      assert.deepEqual(locks.rows, [{ n: 1 }]);
    } finally {
      await admin.end();
    }
    const claims = await Promise.all(ids.slice(0, 50).map((id) => b.claimRun(id)));
    assert.ok(claims.every((holder) => /^batch worker A on /.test(holder ?? '')), String(claims[0]));
    // A lets go of them all in one turn; B can then claim each.
    for (const id of ids) a.releaseRun(id);
    await a.listRuns();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual((await Promise.all(ids.map((id) => b.claimRun(id)))).filter((h) => h !== undefined), []);
    assert.equal((await a.heldElsewhere(ids)).size, ids.length);
  });

  it('holds a run claimed twice at once by one claim, so one release lets go of it', async () => {
    const schema = `twice${process.pid}`;
    const a = freshStore(schema, 'worker A');
    const b = freshStore(schema, 'worker B');
    await a.createRun(newRun('r1'));
    a.releaseRun('r1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await Promise.all([a.claimRun('r1'), a.claimRun('r1')]), [undefined, undefined]);
    a.releaseRun('r1');
    await a.listRuns();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await b.claimRun('r1'), undefined, 'one release let go of the run');
  });

  it('creates a run whose bundle another process pruned after this one wrote it', async () => {
    const schema = `rebundle${process.pid}`;
    const a = freshStore(schema);
    const b = freshStore(schema);
    await a.createRun(newRun('r1'));
    await a.append('r1', [{ type: 'RunCompleted', seq: 1, at: 1001, outputs: {} }]);
    a.releaseRun('r1');
    assert.deepEqual((await b.pruneRuns({ endedBefore: Date.now() })).map((r) => r.runId), ['r1']);
    // A still thinks the bundle is there: its insert fails the reference check and sends it.
    await a.createRun(newRun('r2'));
    assert.equal((await b.getRun('r2'))!.bundle.entry, 'W');
  });

  it('refuses a schema name it cannot put in its SQL', () => {
    assert.throws(() => new PostgresRunStore({ url: server.url(), schema: 'x; DROP TABLE runs' }), /cannot name the store's schema/);
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
