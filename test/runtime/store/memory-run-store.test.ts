import assert from 'node:assert/strict';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryRunStore', () => new MemoryRunStore());

// The memory store folds a run's status, last seq and update time when the run is read, not at
// every append (`MemoryRun.current`), and checks each batch against the journal as a whole.
describe('MemoryRunStore: what a read shows and what an append checks', () => {
  const bundle: WorkflowBundle = { irVersion: 1, entry: 'W', workflows: {}, types: {}, hash: 'h1' };
  const nodeStarted = (seq: number, at = 1000 + seq): JournalEvent => ({ type: 'NodeStarted', seq, at, node: 'a', token: 1, attempt: 1 });
  let store: MemoryRunStore;
  beforeEach(() => {
    store = new MemoryRunStore();
    store.createRunSync({ runId: 'r1', workflow: 'W', version: '1', bundle, bundleHash: 'h1', createdAt: 500 });
  });

  it('shows the status, last seq and update time the journal reached at every read, however appends and reads interleave', async () => {
    assert.deepEqual(pick(await store.getRun('r1')), ['running', 0, 500]);
    store.appendSync('r1', [nodeStarted(1), { type: 'Paused', seq: 2, at: 1002, actor: 'cli' }]);
    assert.deepEqual(pick(await store.getRun('r1')), ['paused', 2, 1002]);
    store.appendSync('r1', [{ type: 'Resumed', seq: 3, at: 1003, actor: 'cli' }]);
    store.appendSync('r1', []);
    store.stepAppender('r1').appendStep(
      { type: 'NodeCompleted', seq: 4, at: 1004, node: 'a', token: 1, result: null, routes: [] },
      { type: 'NodeStarted', seq: 5, at: 1004, node: 'b', token: 1, attempt: 1 },
    );
    assert.deepEqual((await store.listRuns()).map((r) => [r.status, r.lastSeq, r.updatedAt]), [['running', 5, 1004]]);
    store.appendSync('r1', [{ type: 'RunCompleted', seq: 6, at: 1010, outputs: {} }]);
    assert.deepEqual((await store.listRuns({ status: 'completed' })).map((r) => r.runId), ['r1']);
    assert.deepEqual(pick(await store.getRun('r1')), ['completed', 6, 1010]);
  });

  it('refuses a batch when another writer appended first, and keeps nothing of it', async () => {
    store.appendSync('r1', [nodeStarted(1), nodeStarted(2)]);
    // Two writers both numbered their batch from seq 3: the second to arrive is refused.
    store.appendSync('r1', [nodeStarted(3), nodeStarted(4)]);
    assert.throws(() => store.appendSync('r1', [nodeStarted(3), nodeStarted(4), nodeStarted(5)]), /expected event seq 5, got 3/);
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2, 3, 4]);
    assert.equal((await store.getRun('r1'))!.lastSeq, 4);
  });

  it('refuses a batch whose numbering does not end where its length says, and keeps nothing of it', async () => {
    assert.throws(() => store.appendSync('r1', [nodeStarted(1), nodeStarted(3)]), /expected event seq 2, got 3/);
    assert.deepEqual(await store.readEvents('r1'), []);
  });
});

function pick(r: { status: string; lastSeq: number; updatedAt: number } | undefined): unknown[] {
  return [r?.status, r?.lastSeq, r?.updatedAt];
}
