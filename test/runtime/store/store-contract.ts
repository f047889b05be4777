// Test support — the contract every `RunStore` keeps, as one suite run against each store
// (memory, SQLite). A new store passes this suite before the engine may use it.

import assert from 'node:assert/strict';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { PruneRequestError } from '../../../runtime/store/prune-selection.js';
import { RunKeyTakenError, UnknownRunError, type NewRun, type RunStore } from '../../../runtime/store/run-store.js';

const bundle: WorkflowBundle = { irVersion: 1, entry: 'W', workflows: {}, types: {}, hash: 'h1' };

function newRun(runId: string, extra: Partial<NewRun> = {}): NewRun {
  return { runId, workflow: 'W', version: '1.0.0', bundle, bundleHash: 'h1', createdAt: 1000, ...extra };
}

function started(seq: number, at = 1000): JournalEvent {
  return {
    type: 'RunStarted', seq, at, workflow: 'W', version: '1.0.0', bundleHash: 'h1', inputs: {},
    trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 1,
  };
}

function nodeStarted(seq: number, node = 'a', at = 1000 + seq): JournalEvent {
  return { type: 'NodeStarted', seq, at, node, token: 1, attempt: 1 };
}

/** A run's whole journal: started at `at`, then its end (`status`) or nothing more (running). */
async function runEnded(store: RunStore, runId: string, status: 'completed' | 'failed' | 'cancelled' | 'running', at: number, extra: Partial<NewRun> = {}): Promise<void> {
  await store.createRun(newRun(runId, { createdAt: at, ...extra }));
  const end: JournalEvent[] = status === 'completed' ? [{ type: 'RunCompleted', seq: 2, at: at + 10, outputs: {} }]
    : status === 'failed' ? [{ type: 'RunFailed', seq: 2, at: at + 10, error: { name: 'Boom', message: 'boom' } }]
    : status === 'cancelled' ? [{ type: 'Cancelled', seq: 2, at: at + 10, actor: 'me' }]
    : [];
  await store.append(runId, [started(1, at), ...end]);
}

export function runStoreContract(name: string, make: () => RunStore): void {
  describe(`${name} keeps the RunStore contract`, () => {
    let store: RunStore;
    beforeEach(() => { store = make(); });
    afterEach(async () => { await store.close(); });

    it('records a run with its bundle, hash and version', async () => {
      await store.createRun(newRun('r1', { parentRunId: 'p0' }));
      const run = await store.getRun('r1');
      assert.ok(run);
      assert.equal(run.workflow, 'W');
      assert.equal(run.version, '1.0.0');
      assert.equal(run.bundleHash, 'h1');
      assert.deepEqual(run.bundle, bundle);
      assert.equal(run.parentRunId, 'p0');
      assert.equal(run.status, 'running');
      assert.equal(run.lastSeq, 0);
    });

    it('refuses a second run with the same id', async () => {
      await store.createRun(newRun('r1'));
      await assert.rejects(store.createRun(newRun('r1')), /already exists/);
    });

    describe('idempotency keys', () => {
      it('refuses a second run of a workflow with a key it has, saying which run has it and whether the inputs match, and records nothing', async () => {
        await store.createRun(newRun('k1', { key: 'delivery-1', keyInputs: 'd1' }));
        const same = await store.createRun(newRun('k2', { key: 'delivery-1', keyInputs: 'd1' })).then(() => undefined, (err: unknown) => err);
        assert.ok(same instanceof RunKeyTakenError, String(same));
        assert.deepEqual([same.workflow, same.key, same.runId, same.sameInputs], ['W', 'delivery-1', 'k1', true]);
        const other = await store.createRun(newRun('k3', { key: 'delivery-1', keyInputs: 'd2' })).then(() => undefined, (err: unknown) => err);
        assert.ok(other instanceof RunKeyTakenError);
        assert.equal(other.sameInputs, false);
        assert.match(other.message, /The key 'delivery-1' started run k1 of W with other inputs/);
        assert.equal(await store.getRun('k2'), undefined);
        assert.equal(await store.getRun('k3'), undefined);
        assert.deepEqual((await store.listRuns()).map((r) => [r.runId, r.key]), [['k1', 'delivery-1']]);
        assert.equal((await store.getRun('k1'))!.key, 'delivery-1');
      });

      it('scopes a key to its workflow, and keyless runs never collide', async () => {
        await store.createRun(newRun('a', { key: 'same', keyInputs: 'd' }));
        await store.createRun(newRun('b', { key: 'same', keyInputs: 'd', workflow: 'Other' }));
        await store.createRun(newRun('c'));
        await store.createRun(newRun('d'));
        assert.equal((await store.getRun('c'))!.key, undefined);
        assert.deepEqual((await store.listRuns({ key: 'same' })).map((r) => r.runId).sort(), ['a', 'b']);
        assert.deepEqual((await store.listRuns({ key: 'same', workflow: 'Other' })).map((r) => r.runId), ['b']);
        assert.deepEqual(await store.listRuns({ key: 'none' }), []);
        assert.deepEqual((await store.listRuns()).map((r) => r.runId).sort(), ['a', 'b', 'c', 'd']);
      });

      it('refuses the second of two keyed creations made together (one commit)', async () => {
        const results = await Promise.allSettled([
          store.createRun(newRun('t1', { key: 'twice', keyInputs: 'd' })),
          store.createRun(newRun('t2', { key: 'twice', keyInputs: 'd' })),
        ]);
        assert.equal(results[0].status, 'fulfilled');
        assert.equal(results[1].status, 'rejected');
        assert.ok((results[1] as PromiseRejectedResult).reason instanceof RunKeyTakenError);
        assert.equal(((results[1] as PromiseRejectedResult).reason as RunKeyTakenError).runId, 't1');
        assert.deepEqual((await store.listRuns()).map((r) => r.runId), ['t1']);
      });

      it('creates a burst of runs made together with their first events, refusing a taken id, a repeated id and a taken key', async () => {
        await store.createRun(newRun('old'));
        await store.createRun(newRun('holder', { key: 'held', keyInputs: 'd' }));
        // 70 creations in one commit: more than two statements' worth of a grouped insert, and a rest.
        const ids = Array.from({ length: 67 }, (_, i) => `b${i}`);
        const asked = [...ids.slice(0, 40), 'old', 'b5', ...ids.slice(40), 'keyed'];
        const creations = asked.map((id) => store.createRun(newRun(id, id === 'keyed' ? { key: 'held', keyInputs: 'd' } : { createdAt: 2000 })));
        // b5's append is left out: in the commit that refused a creation of b5, an append to b5
        // cannot say which creator it came from (the SQLite store refuses it too).
        const appended = ids.filter((id) => id !== 'b5');
        const appends = appended.map((id) => store.append(id, [started(1, 2000)]));
        const created = await Promise.allSettled(creations);
        const refused = asked.filter((_, i) => created[i]!.status === 'rejected');
        assert.deepEqual(refused, ['old', 'b5', 'keyed']);
        assert.match(String((created[asked.indexOf('old')] as PromiseRejectedResult).reason), /Run 'old' already exists/);
        assert.match(String((created[41] as PromiseRejectedResult).reason), /Run 'b5' already exists/);
        assert.equal(((created[asked.length - 1] as PromiseRejectedResult).reason as RunKeyTakenError).runId, 'holder');
        await Promise.all(appends);
        for (const id of ids) {
          const run = await store.getRun(id);
          assert.equal(run?.lastSeq, id === 'b5' ? 0 : 1, id);
          assert.equal(run.createdAt, 2000);
        }
        assert.equal(await store.getRun('keyed'), undefined);
        assert.equal((await store.listRuns()).length, 69);
      });

      it('frees the key of a pruned run', async () => {
        if (!store.pruneRuns) return;
        await runEnded(store, 'old', 'completed', 1000, { key: 'nightly', keyInputs: 'd' });
        await assert.rejects(store.createRun(newRun('again', { key: 'nightly', keyInputs: 'd' })), RunKeyTakenError);
        await store.pruneRuns({ endedBefore: 2000 });
        await store.createRun(newRun('again', { key: 'nightly', keyInputs: 'd' }));
        assert.equal((await store.getRun('again'))!.key, 'nightly');
      });
    });

    it('returns undefined for an unknown run and rejects reading its events', async () => {
      assert.equal(await store.getRun('nope'), undefined);
      await assert.rejects(store.readEvents('nope'), /No run with id 'nope'/);
    });

    it('appends events in order and reads them back whole', async () => {
      await store.createRun(newRun('r1'));
      await store.append('r1', [started(1), nodeStarted(2)]);
      await store.append('r1', [nodeStarted(3, 'b')]);
      const events = await store.readEvents('r1');
      assert.deepEqual(events.map((e) => e.seq), [1, 2, 3]);
      assert.deepEqual(events[2], nodeStarted(3, 'b'));
      assert.deepEqual((await store.readEvents('r1', 2)).map((e) => e.seq), [3]);
    });

    it('rejects an append that does not continue the journal and keeps nothing of it', async () => {
      await store.createRun(newRun('r1'));
      await store.append('r1', [started(1)]);
      await assert.rejects(store.append('r1', [nodeStarted(2), nodeStarted(4)]), /expected event seq 3, got 4/);
      assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1]);
    });

    it('keeps concurrent appends of many runs apart and in order', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
      for (const id of ids) await store.createRun(newRun(id));
      const appends: Promise<void>[] = [];
      for (const id of ids) appends.push(store.append(id, [started(1)]));
      for (let seq = 2; seq <= 5; seq++) for (const id of ids) appends.push(store.append(id, [nodeStarted(seq)]));
      await Promise.all(appends);
      for (const id of ids) assert.deepEqual((await store.readEvents(id)).map((e) => e.seq), [1, 2, 3, 4, 5]);
    });

    it('shows the status the journal reached in listings', async () => {
      await store.createRun(newRun('r1'));
      await store.createRun(newRun('r2', { createdAt: 2000 }));
      await store.append('r1', [started(1), { type: 'RunCompleted', seq: 2, at: 1500, outputs: {} }]);
      await store.append('r2', [started(1, 2000), { type: 'Paused', seq: 2, at: 2001, actor: 'cli' }]);
      const runs = await store.listRuns();
      assert.deepEqual(runs.map((r) => [r.runId, r.status, r.lastSeq]), [['r2', 'paused', 2], ['r1', 'completed', 2]]);
      assert.equal((await store.getRun('r1'))!.updatedAt, 1500);
    });

    it('filters listings by workflow, status and parent, newest first, with a limit', async () => {
      await store.createRun(newRun('a', { createdAt: 1 }));
      await store.createRun(newRun('b', { createdAt: 2, workflow: 'Other' }));
      await store.createRun(newRun('c', { createdAt: 3, parentRunId: 'a' }));
      await store.append('a', [started(1), { type: 'RunFailed', seq: 2, at: 5, error: { name: 'E', message: 'm' } }]);
      assert.deepEqual((await store.listRuns({ workflow: 'W' })).map((r) => r.runId), ['c', 'a']);
      assert.deepEqual((await store.listRuns({ status: 'failed' })).map((r) => r.runId), ['a']);
      assert.deepEqual((await store.listRuns({ status: ['running'] })).map((r) => r.runId), ['c', 'b']);
      assert.deepEqual((await store.listRuns({ parentRunId: 'a' })).map((r) => r.runId), ['c']);
      assert.deepEqual((await store.listRuns({ limit: 1 })).map((r) => r.runId), ['c']);
    });

    it('filters listings by creation time and continues a listing after a run (a page\'s last)', async () => {
      for (const [runId, createdAt] of [['a', 100], ['b', 200], ['c', 200], ['d', 300]] as const) await store.createRun(newRun(runId, { createdAt }));
      assert.deepEqual((await store.listRuns()).map((r) => r.runId), ['d', 'c', 'b', 'a']);
      assert.deepEqual((await store.listRuns({ since: 200 })).map((r) => r.runId), ['d', 'c', 'b']);
      assert.deepEqual((await store.listRuns({ until: 300 })).map((r) => r.runId), ['c', 'b', 'a']);
      assert.deepEqual((await store.listRuns({ since: 150, until: 300 })).map((r) => r.runId), ['c', 'b']);
      // Pages of two, each after the last run of the one before (two runs share a creation time).
      const first = await store.listRuns({ limit: 2 });
      assert.deepEqual(first.map((r) => r.runId), ['d', 'c']);
      const second = await store.listRuns({ limit: 2, after: { createdAt: first[1]!.createdAt, runId: first[1]!.runId } });
      assert.deepEqual(second.map((r) => r.runId), ['b', 'a']);
      assert.deepEqual(await store.listRuns({ limit: 2, after: { createdAt: 100, runId: 'a' } }), []);
    });

    it('wakes a waiter when new events arrive', async () => {
      await store.createRun(newRun('r1'));
      await store.append('r1', [started(1)]);
      const waiting = store.waitForEvents('r1', 1);
      await store.append('r1', [nodeStarted(2)]);
      assert.deepEqual((await waiting).map((e) => e.seq), [2]);
    });

    it('answers a waiter at once when events already follow its position', async () => {
      await store.createRun(newRun('r1'));
      await store.append('r1', [started(1), nodeStarted(2)]);
      assert.deepEqual((await store.waitForEvents('r1', 0)).map((e) => e.seq), [1, 2]);
    });

    describe('pruneRuns', () => {
      /** old-done (completed at 1010) with sub-run old-sub and its own sub-run old-sub-sub; old-failed; old-open (running); old-parent (failed, its sub-run still running); new-done (completed at 5010). */
      async function fill(): Promise<void> {
        await runEnded(store, 'old-done', 'completed', 1000);
        await runEnded(store, 'old-sub', 'completed', 1001, { parentRunId: 'old-done' });
        await runEnded(store, 'old-sub-sub', 'failed', 1002, { parentRunId: 'old-sub' });
        await runEnded(store, 'old-failed', 'failed', 1100, { workflow: 'Other', bundleHash: 'h2' });
        await runEnded(store, 'old-open', 'running', 1200);
        await runEnded(store, 'old-parent', 'failed', 1300);
        await runEnded(store, 'old-parent-sub', 'running', 1301, { parentRunId: 'old-parent' });
        await runEnded(store, 'new-done', 'completed', 5000);
      }
      const ids = async () => (await store.listRuns()).map((r) => r.runId).sort();

      it('deletes ended top-level runs older than the cutoff with their sub-runs, and nothing else', async () => {
        await fill();
        const pruned = await store.pruneRuns!({ endedBefore: 2000 });
        assert.deepEqual(pruned.map((p) => [p.runId, p.status, p.endedAt, p.subRuns.slice().sort()]), [
          ['old-done', 'completed', 1010, ['old-sub', 'old-sub-sub']],
          ['old-failed', 'failed', 1110, []],
        ]);
        assert.deepEqual(await ids(), ['new-done', 'old-open', 'old-parent', 'old-parent-sub']);
        for (const gone of ['old-done', 'old-sub', 'old-sub-sub', 'old-failed']) {
          assert.equal(await store.getRun(gone), undefined);
          await assert.rejects(store.readEvents(gone), UnknownRunError);
          await assert.rejects(store.append(gone, [nodeStarted(3)]), UnknownRunError);
        }
        assert.deepEqual((await store.readEvents('new-done')).map((e) => e.type), ['RunStarted', 'RunCompleted']);
        assert.deepEqual((await store.readEvents('old-open')).map((e) => e.type), ['RunStarted']);
        // The store goes on: new runs, appends to the runs left.
        await runEnded(store, 'after', 'completed', 6000);
        await store.append('old-open', [nodeStarted(2)]);
        assert.deepEqual((await store.readEvents('old-open')).map((e) => e.seq), [1, 2]);
        assert.deepEqual((await store.getRun('after'))?.bundle, bundle);
        assert.equal((await store.getRun('after'))?.status, 'completed');
        assert.deepEqual(await store.pruneRuns!({ endedBefore: 2000 }), [], 'nothing more to prune');
      });

      it('selects by status, workflow and id; a dry run and `keep` delete nothing', async () => {
        await fill();
        const all = await ids();
        assert.deepEqual((await store.pruneRuns!({ endedBefore: 9999, dryRun: true })).map((p) => p.runId), ['old-done', 'old-failed', 'new-done']);
        assert.deepEqual((await store.pruneRuns!({ dryRun: true, statuses: ['failed'] })).map((p) => p.runId), ['old-failed']);
        assert.deepEqual((await store.pruneRuns!({ dryRun: true, workflow: 'W' })).map((p) => p.runId), ['old-done', 'new-done']);
        assert.deepEqual(await ids(), all);
        assert.deepEqual((await store.pruneRuns!({ runIds: ['new-done', 'old-open', 'old-sub'], keep: (id) => id === 'nothing' })).map((p) => p.runId), ['new-done'],
          'a running run and a sub-run are not pruned by id');
        assert.deepEqual((await store.pruneRuns!({ keep: (id) => id === 'old-done' })).map((p) => p.runId), ['old-failed']);
        assert.deepEqual(await ids(), ['old-done', 'old-open', 'old-parent', 'old-parent-sub', 'old-sub', 'old-sub-sub']);
        assert.deepEqual(await store.pruneRuns!({ runIds: [] }), []);
      });

      it('refuses a request for runs that have not ended', async () => {
        await assert.rejects(store.pruneRuns!({ statuses: ['completed', 'running'] }), PruneRequestError);
      });

      it('rejects a waiter on a run it deletes', async () => {
        await runEnded(store, 'r1', 'completed', 1000);
        const rejected = assert.rejects(store.waitForEvents('r1', 2), UnknownRunError);
        await store.pruneRuns!({ runIds: ['r1'] });
        await rejected;
      });
    });

    it('rejects a waiter whose signal aborts', async () => {
      await store.createRun(newRun('r1'));
      const ac = new AbortController();
      const waiting = store.waitForEvents('r1', 0, { signal: ac.signal });
      ac.abort(new Error('stop waiting'));
      await assert.rejects(waiting, /stop waiting/);
    });
  });
}
