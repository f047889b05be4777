// Tests of `SqliteRunStore.pruneRuns` with other connections to the same file (other processes,
// in production): what they remember of runs and bundles is dropped at their next commit, an
// append to a pruned run fails, a read of one finds nothing, a run key given again reads only
// the new run, the pruned journal rows are gone, and a connection that is behind does not insert
// into a journal id a prune freed.

import assert from 'node:assert/strict';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { UnknownRunError } from '../../../runtime/store/run-store.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { openRaw, tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-prune-');


const bundleOf = (hash: string): WorkflowBundle => ({ irVersion: 1, entry: 'W', workflows: {}, types: {}, hash });
const started = (at: number): JournalEvent => ({
  type: 'RunStarted', seq: 1, at, workflow: 'W', version: '1', bundleHash: 'h', inputs: {},
  trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 1,
});
const nodeStarted = (seq: number): JournalEvent => ({ type: 'NodeStarted', seq, at: 1000 + seq, node: 'a', token: 1, attempt: 1 });
const completed = (seq: number, at: number): JournalEvent => ({ type: 'RunCompleted', seq, at, outputs: {} });

async function create(store: SqliteRunStore, runId: string, hash = 'h', at = 1000): Promise<void> {
  await store.createRun({ runId, workflow: 'W', version: '1', bundle: bundleOf(hash), bundleHash: hash, createdAt: at });
  await store.append(runId, [started(at)]);
}

describe('SqliteRunStore.pruneRuns beside other connections', () => {
  it('makes another connection drop what it remembers: its append to a pruned run fails, its other runs go on', async () => {
    const file = tempFile();
    const a = new SqliteRunStore({ file });
    const b = new SqliteRunStore({ file });
    await create(a, 'gone');
    await create(a, 'stays');
    // `b` ends `gone` behind `a`'s back (two writers of one run: what the carrier records prevent).
    await b.append('gone', [completed(2, 1100)]);
    assert.equal((await b.pruneRuns({ endedBefore: 5000 })).length, 1);
    // `a` still remembers `gone` as running at seq 1. Its next commit (of two runs: the general
    // path, which finds rows after its own last one) sees the prune's mark and forgets it.
    const [toGone, toStays] = await Promise.allSettled([a.append('gone', [nodeStarted(2)]), a.append('stays', [nodeStarted(2)])]);
    assert.equal(toGone.status, 'rejected');
    assert.ok((toGone as PromiseRejectedResult).reason instanceof UnknownRunError);
    assert.equal(toStays.status, 'fulfilled');
    await assert.rejects(a.append('gone', [nodeStarted(2)]), UnknownRunError);
    await a.append('stays', [nodeStarted(3)]);
    assert.deepEqual((await b.readEvents('stays')).map((e) => e.seq), [1, 2, 3]);
    await a.close();
    await b.close();
  });

  it('writes a bundle again that a prune deleted, though this connection wrote it before', async () => {
    const file = tempFile();
    const a = new SqliteRunStore({ file });
    const b = new SqliteRunStore({ file });
    await create(a, 'first', 'hb');
    await a.append('first', [completed(2, 1100)]);
    await b.pruneRuns({ runIds: ['first'] });
    const raw = openRaw(file);
    assert.equal(raw.prepare("SELECT COUNT(*) AS n FROM bundles WHERE hash = 'hb'").get()!['n'], 0, 'the bundle no run uses went');
    raw.close();
    await create(a, 'second', 'hb');
    assert.deepEqual((await b.getRun('second'))?.bundle, bundleOf('hb'));
    await a.close();
    await b.close();
  });

  it('reads only the new run under a run key a pruned run had, from a connection that read the pruned one', async () => {
    const file = tempFile();
    const a = new SqliteRunStore({ file });
    const b = new SqliteRunStore({ file });
    await create(a, 'old');
    await a.append('old', [nodeStarted(2), completed(3, 1100)]);
    assert.equal((await b.readEvents('old')).length, 3);
    await a.pruneRuns({ endedBefore: 5000 });
    // The newest run's key is free again: SQLite gives it to the next run.
    await create(a, 'new', 'h', 6000);
    const raw = openRaw(file);
    const keys = raw.prepare('SELECT run_id, run_key FROM runs').all();
    raw.close();
    assert.deepEqual(keys.map((k) => [k['run_id'], k['run_key']]), [['new', 1]]);
    await assert.rejects(b.readEvents('old'), UnknownRunError);
    assert.deepEqual((await b.readEvents('new')).map((e) => [e.type, e.at]), [['RunStarted', 6000]]);
    await a.close();
    await b.close();
  });

  it('deletes the pruned runs\' journal rows and index entries, and counts the prune', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    for (const id of ['p1', 'p2', 'k1']) await create(store, id);
    for (let seq = 2; seq <= 20; seq++) await Promise.all(['p1', 'p2', 'k1'].map((id) => store.append(id, [nodeStarted(seq)])));
    await store.append('p1', [completed(21, 2000)]);
    await store.append('p2', [completed(21, 2000)]);
    const raw = openRaw(file);
    await store.pruneRuns({ endedBefore: 3000 });
    const rows = raw.prepare('SELECT run_key, COUNT(*) AS n FROM journal GROUP BY run_key ORDER BY run_key').all();
    assert.deepEqual(rows.map((r) => [r['run_key'], r['n']]), [[3, 20]], 'only k1\'s rows are left');
    assert.deepEqual(raw.prepare('SELECT DISTINCT run_key FROM journal_runs').all().map((r) => r['run_key']), [3]);
    assert.equal(raw.prepare('SELECT generation FROM journal_pruned').get()!['generation'], 1);
    raw.close();
    assert.equal((await store.readEvents('k1')).length, 20);
    await store.append('k1', [nodeStarted(21)]);
    assert.equal((await store.readEvents('k1')).length, 21);
    await store.close();
  });

  it('keeps a connection that is behind from inserting into a journal id a prune freed (its event would never be read)', async () => {
    const file = tempFile();
    const a = new SqliteRunStore({ file });
    const b = new SqliteRunStore({ file });
    await create(a, 'slow');
    // `b` appends after `a`'s last row: the row at `a`'s next id is `old`'s, which `b` then prunes.
    await create(b, 'old');
    await b.append('old', [completed(2, 1100)]);
    const before = openRaw(file);
    const freed = before.prepare("SELECT j.id FROM journal j JOIN runs r ON r.run_key = j.run_key WHERE r.run_id = 'old'").all().map((r) => Number(r['id']));
    before.close();
    await b.pruneRuns({ runIds: ['old'] });
    // `a`'s next commit is a lone append (its sequential path, at the id after its own last one).
    await a.append('slow', [nodeStarted(2)]);
    const reader = new SqliteRunStore({ file });
    assert.deepEqual((await reader.readEvents('slow')).map((e) => e.seq), [1, 2], 'the event is read back');
    const raw = openRaw(file);
    const ids = raw.prepare("SELECT j.id FROM journal j JOIN runs r ON r.run_key = j.run_key WHERE r.run_id = 'slow' ORDER BY j.id").all().map((r) => Number(r['id']));
    raw.close();
    assert.ok(ids[1]! > Math.max(...freed), `the new row (${ids.join(', ')}) comes after the ids the prune freed (${freed.join(', ')}): none is given twice`);
    for (const s of [a, b, reader]) await s.close();
  });

  it('prunes many runs in batches, letting this store\'s own commits in between', async () => {
    const store = new SqliteRunStore({ file: tempFile() });
    const ids = Array.from({ length: 450 }, (_, n) => `old-${String(n).padStart(3, '0')}`);
    for (const id of ids) await store.createRun({ runId: id, workflow: 'W', version: '1', bundle: bundleOf('h'), bundleHash: 'h', createdAt: 1000 });
    await Promise.all(ids.map((id) => store.append(id, [started(1000), completed(2, 1100)])));
    await create(store, 'live', 'h', 5000);
    const file = (store as unknown as { file: string }).file;
    const pruning = store.pruneRuns({ endedBefore: 2000 });
    // Appends while the prune goes on: each commits (between its batches), in order.
    const appends: Array<Promise<void>> = [];
    for (let seq = 2; seq <= 40; seq++) {
      appends.push(store.append('live', [nodeStarted(seq)]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const pruned = await pruning;
    await Promise.all(appends);
    const raw = openRaw(file);
    // Each batch's transaction counts a prune.
    assert.equal(raw.prepare('SELECT generation FROM journal_pruned').get()!['generation'], 3, '450 runs in batches of 200');
    raw.close();
    assert.equal(pruned.length, 450);
    assert.deepEqual((await store.listRuns()).map((r) => r.runId), ['live']);
    assert.deepEqual((await store.readEvents('live')).map((e) => e.seq), Array.from({ length: 40 }, (_, n) => n + 1));
    await store.close();
  });

  it('adds the prune count to a layout-3 file written before it existed, and prunes there', async () => {
    const file = tempFile();
    const old = new SqliteRunStore({ file });
    await create(old, 'r1');
    await old.append('r1', [completed(2, 1100)]);
    await old.close();
    const raw = openRaw(file);
    raw.exec('DROP TABLE journal_pruned');
    raw.close();
    const store = new SqliteRunStore({ file });
    assert.deepEqual((await store.pruneRuns({ endedBefore: 5000 })).map((p) => p.runId), ['r1']);
    await create(store, 'r2');
    await store.append('r2', [nodeStarted(2)]);
    assert.deepEqual((await store.readEvents('r2')).map((e) => e.seq), [1, 2]);
    await store.close();
  });
});
