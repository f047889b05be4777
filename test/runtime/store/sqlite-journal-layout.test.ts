// Tests of the SQLite store's layouts 3 and 4 (`runtime/store/sqlite-layout.ts`): journal rows indexed
// in batches (reads see the unindexed tail too), appends from two processes to one run, the
// conversion of layout-2 files and the refusal of files from a newer Weft.

import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { LAYOUT_VERSION } from '../../../runtime/store/sqlite-layout.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { openRaw, tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-layout-');


const bundle = { irVersion: 1 as const, entry: 'W', workflows: {}, types: {} };
const variable = (seq: number, value: unknown = seq): JournalEvent => ({ type: 'VariableSet', seq, at: 100 + seq, name: 'x', role: 'var', value, actor: 'me' });

async function newRun(store: SqliteRunStore, runId: string): Promise<void> {
  await store.createRun({ runId, workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 1 });
}

describe('SqliteRunStore journal layout', () => {
  it('reads a journal whose newest rows are not indexed yet, from another connection', async () => {
    const file = tempFile();
    const writer = new SqliteRunStore({ file });
    await newRun(writer, 'r1');
    await newRun(writer, 'r2');
    // Past one index batch (1,024 rows), short of two.
    for (let seq = 1; seq <= 1100; seq++) {
      await Promise.all([writer.append('r1', [variable(seq)]), seq <= 5 ? writer.append('r2', [variable(seq)]) : undefined]);
    }
    const raw = openRaw(file);
    const { through } = raw.prepare('SELECT through FROM journal_indexed').get() as { through: number };
    const { last } = raw.prepare('SELECT MAX(id) AS last FROM journal').get() as { last: number };
    raw.close();
    assert.ok(through > 0 && through < last, `some rows indexed and some not (through ${through}, last ${last})`);
    const reader = new SqliteRunStore({ file });
    assert.deepEqual((await reader.readEvents('r1')).map((e) => e.seq), Array.from({ length: 1100 }, (_, i) => i + 1));
    assert.deepEqual((await reader.readEvents('r1', 1090)).map((e) => e.seq), [1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099, 1100]);
    assert.deepEqual((await reader.readEvents('r2')).map((e) => e.seq), [1, 2, 3, 4, 5]);
    const byId = new Map((await reader.listRuns()).map((r) => [r.runId, [r.lastSeq, r.updatedAt]]));
    assert.deepEqual(byId.get('r1'), [1100, 1200]);
    assert.deepEqual(byId.get('r2'), [5, 105]);
    await reader.close();
    await writer.close();
  });

  it('writes a commit of many runs (several multi-row inserts and single rows) with every run\'s events in its own row', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    const ids = Array.from({ length: 70 }, (_, i) => `r${i}`);
    await Promise.all(ids.map((id) => newRun(store, id)));
    await Promise.all(ids.map((id) => store.append(id, [variable(1, `${id}/1`), variable(2, `${id}/2`)])));
    await store.close();
    const reader = new SqliteRunStore({ file });
    for (const id of ids) {
      assert.deepEqual((await reader.readEvents(id)).map((e) => (e as { value?: unknown }).value), [`${id}/1`, `${id}/2`]);
    }
    await reader.close();
    const raw = openRaw(file);
    assert.equal((raw.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n, 70);
    raw.close();
  });

  it('indexes the rest of the journal when the store that appended it closes', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    await newRun(store, 'r1');
    for (let seq = 1; seq <= 3; seq++) await store.append('r1', [variable(seq)]);
    await store.close();
    const raw = openRaw(file);
    assert.deepEqual(raw.prepare('SELECT last FROM journal_runs ORDER BY last').all().map((r) => r['last']), [1, 2, 3]);
    raw.close();
  });

  it('refuses an append from a store whose view of the run another process moved past, and takes the next one', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    const second = new SqliteRunStore({ file });
    await newRun(first, 'r1');
    await first.append('r1', [variable(1)]);
    await second.append('r1', [variable(2)]);
    await assert.rejects(first.append('r1', [variable(2)]), /expected event seq 3, got 2/);
    await first.append('r1', [variable(3)]);
    await second.close();
    await first.close();
    const reader = new SqliteRunStore({ file });
    assert.deepEqual((await reader.readEvents('r1')).map((e) => [e.seq, (e as { value?: unknown }).value]), [[1, 1], [2, 2], [3, 3]]);
    await reader.close();
  });

  it('keeps the journals of two processes appending to their own runs in turn', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    const second = new SqliteRunStore({ file });
    await newRun(first, 'a');
    await newRun(second, 'b');
    for (let seq = 1; seq <= 20; seq++) {
      await first.append('a', [variable(seq, `a${seq}`)]);
      await second.append('b', [variable(seq, `b${seq}`)]);
    }
    await first.close();
    await second.close();
    const reader = new SqliteRunStore({ file });
    for (const id of ['a', 'b']) {
      assert.deepEqual((await reader.readEvents(id)).map((e) => (e as { value?: unknown }).value), Array.from({ length: 20 }, (_, i) => `${id}${i + 1}`));
    }
    await reader.close();
  });

  it(`converts a layout-2 file (journal with its own index) to layout ${LAYOUT_VERSION} and continues its journals`, async () => {
    const file = tempFile();
    const raw = openRaw(file);
    raw.exec(`CREATE TABLE bundles (hash TEXT PRIMARY KEY, bundle TEXT NOT NULL);
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version TEXT NOT NULL, bundle_hash TEXT NOT NULL,
        parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_seq INTEGER NOT NULL, run_key INTEGER);
      CREATE UNIQUE INDEX runs_by_key ON runs (run_key);
      CREATE TABLE journal (id INTEGER PRIMARY KEY, run_key INTEGER NOT NULL, last INTEGER NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE UNIQUE INDEX journal_by_run ON journal (run_key, last);`);
    raw.prepare('INSERT INTO bundles VALUES (?, ?)').run('h', JSON.stringify(bundle));
    raw.prepare("INSERT INTO runs VALUES ('r1', 'W', '1', 'h', NULL, 'running', 1, 1, 0, 1)").run();
    raw.prepare('INSERT INTO journal (run_key, last, at, body) VALUES (1, 2, 102, ?)').run(JSON.stringify([variable(1), variable(2)]));
    raw.close();
    const store = new SqliteRunStore({ file });
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2]);
    await store.append('r1', [variable(3)]);
    assert.deepEqual((await store.getRun('r1'))?.lastSeq, 3);
    await store.close();
    const after = openRaw(file);
    assert.equal((after.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, LAYOUT_VERSION);
    assert.equal(after.prepare("SELECT 1 FROM sqlite_master WHERE name = 'journal_by_run'").get(), undefined);
    const runKey = (after.prepare('PRAGMA table_info(runs)').all() as Array<{ name: string; pk: number }>).find((c) => c.name === 'run_key');
    assert.equal(runKey?.pk, 1, 'runs is keyed by run_key');
    assert.deepEqual(after.prepare('SELECT run_key, run_id, status FROM runs').all().map((r) => ({ ...r })), [{ run_key: 1, run_id: 'r1', status: 'running' }]);
    after.close();
  });

  it('adds the runs\' keys to a layout-3 file written before them, and two connections keep one run per key', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    await newRun(first, 'old');
    await first.append('old', [variable(1)]);
    await first.close();
    // The file as session 14's Weft left it: no keys, no prune count.
    const raw = openRaw(file);
    raw.exec(`DROP INDEX runs_by_idem_key; ALTER TABLE runs DROP COLUMN idem_key; ALTER TABLE runs DROP COLUMN key_inputs; DROP TABLE journal_pruned;`);
    raw.close();
    const a = new SqliteRunStore({ file });
    const b = new SqliteRunStore({ file });
    assert.deepEqual((await a.readEvents('old')).map((e) => e.seq), [1]);
    assert.equal((await a.getRun('old'))?.key, undefined);
    await a.createRun({ runId: 'k1', workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 2, key: 'delivery-7', keyInputs: 'd' });
    await assert.rejects(b.createRun({ runId: 'k2', workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 3, key: 'delivery-7', keyInputs: 'd' }),
      (err: Error) => err.name === 'RunKeyTakenError' && /Run k1 of W was started with the key 'delivery-7' already/.test(err.message));
    assert.equal(await b.getRun('k2'), undefined);
    assert.equal((await b.getRun('k1'))?.key, 'delivery-7');
    await a.close();
    await b.close();
    const after = openRaw(file);
    assert.equal((after.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, LAYOUT_VERSION);
    assert.ok(after.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'runs_by_idem_key'").get());
    after.close();
  });

  it('reads a layout-3 file as it is with read access, and makes it layout 4 on a writing open, its rows read as before', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    await newRun(first, 'r1');
    await first.close();
    const step = (seq: number): JournalEvent[] => [
      { type: 'NodeCompleted', node: 'a', token: 1, result: { n: seq }, routes: [{ edge: 'e', to: 'b', token: 1 }], seq, at: 100 + seq },
      { type: 'NodeStarted', node: 'b', token: 1, attempt: 1, seq: seq + 1, at: 100 + seq },
    ];
    // A row as layout 3 wrote it: every event whole.
    const raw = openRaw(file);
    raw.prepare('INSERT INTO journal (run_key, last, at, body) VALUES (1, 2, 102, ?)').run(JSON.stringify(step(1)));
    raw.exec('PRAGMA user_version = 3;');
    raw.close();
    const version = () => {
      const db = openRaw(file);
      try { return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version; } finally { db.close(); }
    };
    const reader = new SqliteRunStore({ file, access: 'read' });
    assert.deepEqual(await reader.readEvents('r1'), step(1));
    await reader.close();
    assert.equal(version(), 3, 'a command that only reads leaves the file as it was');
    const writer = new SqliteRunStore({ file });
    await writer.append('r1', step(3));
    assert.deepEqual(await writer.readEvents('r1'), [...step(1), ...step(3)]);
    await writer.close();
    assert.equal(version(), LAYOUT_VERSION);
    const db = openRaw(file);
    const bodies = (db.prepare('SELECT body FROM journal ORDER BY id').all() as Array<{ body: string }>).map((r) => r.body);
    db.close();
    assert.equal(bodies[0], JSON.stringify(step(1)), 'the layout-3 row is kept as it was');
    assert.equal(bodies[1], '[[1,"a",1,{"n":3},["e","b",1]],[0,"b",1,1]]', 'the new row is compact');
  });

  it('refuses a file written by a newer Weft, saying what to do', () => {
    const file = tempFile();
    const raw = openRaw(file);
    raw.exec(`PRAGMA user_version = ${LAYOUT_VERSION + 1};`);
    raw.close();
    assert.throws(() => new SqliteRunStore({ file }), new RegExp(`runs\\.db has layout ${LAYOUT_VERSION + 1}, written by a newer Weft .*update Weft, or pass --store with another file`));
  });
});
