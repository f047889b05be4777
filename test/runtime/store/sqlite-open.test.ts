// How `SqliteRunStore` opens its file (`sqlite-open.ts`): `read` opens a store read-only (a copy
// in another folder, its bytes untouched), `existing` and `read` make nothing where there is no
// file, a foreign SQLite file is refused before anything is written (WAL mode, in its header, too),
// an earlier layout opened for reading is converted first, a later one keeps its message.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { LAYOUT_VERSION } from '../../../runtime/store/sqlite-layout.js';
import { NoRunStoreError, RunStoreUnusableError } from '../../../runtime/store/sqlite-open.js';
import { openRaw, tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-open-');
const BUNDLE = { irVersion: 1, entry: 'W', workflows: {}, types: {} };

async function storeWithRun(file: string): Promise<void> {
  const store = new SqliteRunStore({ file });
  await store.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: BUNDLE, bundleHash: 'h', createdAt: 1 });
  await store.append('r1', [{ type: 'Paused', seq: 1, at: 2, actor: 'me' }]);
  await store.close();
}

describe('opening the SQLite store file', () => {
  it('reads a store copied to another folder read-only, leaving its bytes and mtime as they were', async () => {
    const file = tempFile();
    await storeWithRun(file);
    const copy = path.join(path.dirname(tempFile()), 'copy.db');
    copyFileSync(file, copy);
    const bytes = readFileSync(copy);
    const mtime = statSync(copy).mtimeMs;
    const store = new SqliteRunStore({ file: copy, access: 'read' });
    assert.deepEqual((await store.listRuns()).map((r) => [r.runId, r.status]), [['r1', 'paused']]);
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.type), ['Paused']);
    // Read-only: an append is refused by SQLite, and nothing reaches the file.
    await assert.rejects(store.append('r1', [{ type: 'Resumed', seq: 2, at: 3, actor: 'me' }]), /readonly/);
    await store.close();
    assert.ok(readFileSync(copy).equals(bytes));
    assert.equal(statSync(copy).mtimeMs, mtime);
  });

  it('makes no file or folder where there is none, unless asked to create', () => {
    const file = path.join(path.dirname(tempFile()), 'typo', 'runs.db');
    for (const access of ['existing', 'read'] as const) {
      assert.throws(() => new SqliteRunStore({ file, access }), (err: unknown) => err instanceof NoRunStoreError && err.message === `no run store at ${file}`);
    }
    assert.equal(existsSync(path.dirname(file)), false);
  });

  it('refuses another program\'s SQLite file before writing anything into it (not even WAL mode)', () => {
    const file = tempFile();
    const raw = openRaw(file);
    raw.exec("CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO runs (name) VALUES ('theirs');");
    raw.close();
    const bytes = readFileSync(file);
    for (const access of ['create', 'existing', 'read'] as const) {
      assert.throws(() => new SqliteRunStore({ file, access }), (err: unknown) => err instanceof RunStoreUnusableError
        && err.message === `cannot use the run store ${file}: it is not a Weft run store (a SQLite file whose tables are runs; its runs table has other columns)`);
    }
    // Byte 18 and 19 say rollback journal (1) or WAL (2): still rollback.
    assert.ok(readFileSync(file).equals(bytes));
    assert.equal(readFileSync(file)[18], 1);
  });

  it('converts a file of an earlier layout that a reading command opens (it needs writing once)', async () => {
    const file = tempFile();
    const old = openRaw(file);
    old.exec(`CREATE TABLE bundles (hash TEXT PRIMARY KEY, bundle TEXT NOT NULL);
      CREATE TABLE events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version TEXT NOT NULL, bundle_hash TEXT NOT NULL,
        parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_seq INTEGER NOT NULL);`);
    old.prepare('INSERT INTO bundles VALUES (?, ?)').run('h', JSON.stringify(BUNDLE));
    old.prepare("INSERT INTO runs VALUES ('r1', 'W', '1', 'h', NULL, 'paused', 1, 3, 0)").run();
    old.close();
    const store = new SqliteRunStore({ file, access: 'read' });
    assert.deepEqual((await store.listRuns()).map((r) => r.runId), ['r1']);
    await store.close();
    const raw = openRaw(file);
    assert.equal((raw.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, LAYOUT_VERSION);
    raw.close();
  });

  it('refuses a file of a later layout opened for reading with the message that says what to do', () => {
    const file = tempFile();
    const raw = openRaw(file);
    raw.exec(`PRAGMA user_version = ${LAYOUT_VERSION + 1};`);
    raw.close();
    assert.throws(() => new SqliteRunStore({ file, access: 'read' }), /has layout \d+, written by a newer Weft .*update Weft, or pass --store with another file/);
  });

  it('names a folder given as the file', () => {
    const dir = path.dirname(tempFile());
    assert.throws(() => new SqliteRunStore({ file: dir }), new RegExp(`^RunStoreUnusableError: cannot use the run store ${dir}: it is a folder, not a file$`));
  });
});
