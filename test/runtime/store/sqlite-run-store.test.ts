import assert from 'node:assert/strict';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { runStoreContract } from './store-contract.js';
import { tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-store-');

runStoreContract('SqliteRunStore (NORMAL)', () => new SqliteRunStore({ file: tempFile() }));
runStoreContract('SqliteRunStore (FULL, macrotask group commit)', () => new SqliteRunStore({ file: tempFile(), synchronous: 'FULL', groupCommit: 'immediate' }));

describe('SqliteRunStore on disk', () => {
  it('keeps runs and journals across reopening the file', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    await first.createRun({ runId: 'r1', workflow: 'W', version: '2.0.0', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'hx', createdAt: 10 });
    await first.append('r1', [{ type: 'Paused', seq: 1, at: 11, actor: 'me' }]);
    await first.close();
    const second = new SqliteRunStore({ file });
    const run = await second.getRun('r1');
    assert.equal(run?.version, '2.0.0');
    assert.equal(run?.status, 'paused');
    assert.deepEqual(await second.readEvents('r1'), [{ type: 'Paused', seq: 1, at: 11, actor: 'me' }]);
    await second.close();
  });

  it('sees events another connection appended to the same file', async () => {
    const file = tempFile();
    const writer = new SqliteRunStore({ file });
    const reader = new SqliteRunStore({ file, pollMs: 10 });
    await writer.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'h', createdAt: 1 });
    const waiting = reader.waitForEvents('r1', 0);
    await writer.append('r1', [{ type: 'Paused', seq: 1, at: 2 }]);
    assert.deepEqual((await waiting).map((e) => e.type), ['Paused']);
    await writer.close();
    await reader.close();
  });

  it('reports the last seq and time of a journal whose status did not change, after reopening', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    await first.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'h', createdAt: 5 });
    await first.append('r1', [{ type: 'VariableSet', seq: 1, at: 7, name: 'x', role: 'var', value: 1, actor: 'me' }]);
    await first.append('r1', [{ type: 'VariableSet', seq: 2, at: 9, name: 'x', role: 'var', value: 2, actor: 'me' }]);
    await first.close();
    const second = new SqliteRunStore({ file });
    const [summary] = await second.listRuns();
    assert.deepEqual([summary?.status, summary?.lastSeq, summary?.updatedAt], ['running', 2, 9]);
    await assert.rejects(second.append('r1', [{ type: 'Paused', seq: 2, at: 10 }]), /expected event seq 3/);
    await second.close();
  });

  for (const [layout, ddl] of [
    ['WITHOUT ROWID', 'CREATE TABLE events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;'],
    ['append-ordered', 'CREATE TABLE events (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL); CREATE UNIQUE INDEX events_by_run ON events (run_id, seq);'],
  ] as const) {
    it(`converts a database written with the earlier one-row-per-event ${layout} events table and continues its journals`, async () => {
      const file = tempFile();
      const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
      const old = new DatabaseSync(file);
      old.exec(ddl);
      old.exec(`CREATE TABLE bundles (hash TEXT PRIMARY KEY, bundle TEXT NOT NULL);
        CREATE TABLE runs (run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version TEXT NOT NULL, bundle_hash TEXT NOT NULL,
          parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_seq INTEGER NOT NULL);`);
      old.prepare('INSERT INTO bundles VALUES (?, ?)').run('h', JSON.stringify({ irVersion: 1, entry: 'W', workflows: {}, types: {} }));
      old.prepare("INSERT INTO runs VALUES ('r1', 'W', '1', 'h', NULL, 'paused', 1, 3, 0)").run();
      const insert = old.prepare('INSERT INTO events (run_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)');
      insert.run('r1', 1, 'VariableSet', 2, JSON.stringify({ type: 'VariableSet', seq: 1, at: 2, name: 'x', role: 'var', value: 1, actor: 'me' }));
      insert.run('r1', 2, 'Paused', 3, JSON.stringify({ type: 'Paused', seq: 2, at: 3, actor: 'me' }));
      old.close();
      const store = new SqliteRunStore({ file });
      assert.deepEqual((await store.readEvents('r1')).map((e) => [e.seq, e.type]), [[1, 'VariableSet'], [2, 'Paused']]);
      assert.deepEqual((await store.readEvents('r1', 1)).map((e) => e.seq), [2]);
      const run = await store.getRun('r1');
      assert.deepEqual([run?.status, run?.lastSeq, run?.updatedAt], ['paused', 2, 3]);
      await store.append('r1', [{ type: 'Resumed', seq: 3, at: 4, actor: 'me' }]);
      assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2, 3]);
      assert.equal((await store.getRun('r1'))?.status, 'running');
      await store.close();
    });
  }

  it('creates a new file with 2 KiB pages and leaves the page size of an existing file as it is', async () => {
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    const pageSize = (file: string) => {
      const db = new DatabaseSync(file);
      const size = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
      db.close();
      return size;
    };
    const fresh = tempFile();
    await new SqliteRunStore({ file: fresh }).close();
    assert.equal(pageSize(fresh), 2048);
    const old = tempFile();
    const db = new DatabaseSync(old);
    // A store of the first layout (another program's file would be refused).
    db.exec(`PRAGMA page_size = 4096; CREATE TABLE runs (run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version TEXT NOT NULL, bundle_hash TEXT NOT NULL,
      parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_seq INTEGER NOT NULL);`);
    db.close();
    const store = new SqliteRunStore({ file: old });
    await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'h', createdAt: 1 });
    await store.close();
    assert.equal(pageSize(old), 4096);
  });

  it('keeps a commit\'s events of one run in one journal row and reads any position inside it', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'h', createdAt: 1 });
    await store.append('r1', [{ type: 'Paused', seq: 1, at: 2, actor: 'a' }, { type: 'Resumed', seq: 2, at: 3, actor: 'a' }, { type: 'Paused', seq: 3, at: 4, actor: 'a' }]);
    await store.close();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    const db = new DatabaseSync(file);
    assert.deepEqual(db.prepare('SELECT j.last FROM journal j JOIN runs r ON r.run_key = j.run_key WHERE r.run_id = ?').all('r1').map((r) => r['last']), [3]);
    db.close();
    const again = new SqliteRunStore({ file });
    assert.deepEqual((await again.readEvents('r1', 1)).map((e) => e.seq), [2, 3]);
    assert.deepEqual((await again.readEvents('r1', 3)), []);
    await again.close();
  });
});

describe('SqliteRunStore appendThen (the engine\'s callback-style append)', () => {
  const bundle = { irVersion: 1 as const, entry: 'W', workflows: {}, types: {} };
  function appendThen(store: SqliteRunStore, runId: string, events: Parameters<SqliteRunStore['append']>[1]): Promise<Error | null> {
    return new Promise<Error | null>((resolve) => store.appendThen(runId, events, resolve));
  }

  it('calls done(null) once the events are committed, so another connection reads them', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 1 });
    assert.equal(await appendThen(store, 'r1', [{ type: 'Paused', seq: 1, at: 2 }]), null);
    const reader = new SqliteRunStore({ file });
    assert.deepEqual((await reader.readEvents('r1')).map((e) => e.seq), [1]);
    await reader.close();
    await store.close();
  });

  it('calls done with the error an append would reject with (a gap in the journal, an unknown run)', async () => {
    const store = new SqliteRunStore({ file: tempFile() });
    await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 1 });
    const gap = appendThen(store, 'r1', [{ type: 'Paused', seq: 2, at: 2 }]);
    const unknown = appendThen(store, 'nope', [{ type: 'Paused', seq: 1, at: 2 }]);
    assert.match(String(await gap), /expected event seq 1, got 2/);
    assert.match(String(await unknown), /No run with id 'nope'/);
    await store.close();
  });

  it('never calls done from within the appendThen call itself', async () => {
    const store = new SqliteRunStore({ file: tempFile() });
    await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle, bundleHash: 'h', createdAt: 1 });
    let calledDuring = false;
    let inside = true;
    const ended = new Promise<void>((resolve) => store.appendThen('r1', [{ type: 'Paused', seq: 1, at: 2 }], () => { calledDuring = inside; resolve(); }));
    inside = false;
    await ended;
    assert.equal(calledDuring, false);
    await store.close();
  });
});
