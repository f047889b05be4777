// Tests of `SqliteRunStore.pruneRuns` with other connections to the same file (other processes,
// in production): what they remember of runs and bundles is dropped at their next commit, an
// append to a pruned run fails, a read of one finds nothing, a run key given again reads only
// the new run, and the pruned journal rows keep no body.

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

  it('empties the pruned runs\' journal rows and index entries, and keeps every journal id taken', async () => {
    const file = tempFile();
    const store = new SqliteRunStore({ file });
    for (const id of ['p1', 'p2', 'k1']) await create(store, id);
    for (let seq = 2; seq <= 20; seq++) await Promise.all(['p1', 'p2', 'k1'].map((id) => store.append(id, [nodeStarted(seq)])));
    await store.append('p1', [completed(21, 2000)]);
    await store.append('p2', [completed(21, 2000)]);
    const raw = openRaw(file);
    const before = Number(raw.prepare('SELECT MAX(id) AS m FROM journal').get()!['m']);
    await store.pruneRuns({ endedBefore: 3000 });
    const rows = raw.prepare('SELECT run_key, COUNT(*) AS n, SUM(LENGTH(body)) AS bytes FROM journal GROUP BY run_key ORDER BY run_key').all();
    assert.deepEqual(rows.map((r) => [r['run_key'], r['n'], r['bytes']]).filter((r) => r[0] !== 3), [[0, 43, 0]], 'the 21 rows each of p1 and p2 and the mark, with no body');
    assert.equal(Number(raw.prepare('SELECT MAX(id) AS m FROM journal').get()!['m']), before + 1, 'no id freed: the mark after the highest');
    assert.deepEqual(raw.prepare('SELECT DISTINCT run_key FROM journal_runs WHERE run_key <> 0').all().map((r) => r['run_key']), [3]);
    raw.close();
    assert.equal((await store.readEvents('k1')).length, 20);
    await store.append('k1', [nodeStarted(21)]);
    assert.equal((await store.readEvents('k1')).length, 21);
    await store.close();
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
    // Each batch's transaction leaves its mark (a row of run key 0 with a time; emptied rows have none).
    assert.equal(raw.prepare('SELECT COUNT(*) AS n FROM journal WHERE run_key = 0 AND at <> 0').get()!['n'], 3, '450 runs in batches of 200');
    raw.close();
    assert.equal(pruned.length, 450);
    assert.deepEqual((await store.listRuns()).map((r) => r.runId), ['live']);
    assert.deepEqual((await store.readEvents('live')).map((e) => e.seq), Array.from({ length: 40 }, (_, n) => n + 1));
    await store.close();
  });
});
