// Store — the memory store's run record: it keeps the `NewRun` it was given as the run's only
// per-run object besides its journal (no record copy per run), and makes the record a read
// returns from it and the journal, a new object each time.

import assert from 'node:assert/strict';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { NewRun } from '../../../runtime/store/run-store.js';

describe('MemoryRunStore: a run\'s record', () => {
  const bundle: WorkflowBundle = { irVersion: 1, entry: 'W', workflows: {}, types: {}, hash: 'h1' };
  const created: NewRun = { runId: 'r1', workflow: 'W', version: '1', bundle, bundleHash: 'h1', createdAt: 500, parentRunId: 'p' };

  it('keeps the NewRun it was given, and nothing else but the journal, for the run', () => {
    const store = new MemoryRunStore();
    store.createRunSync(created);
    const run = (store as unknown as { runs: Map<string, object> }).runs.get('r1')!;
    assert.equal((run as { run: unknown }).run, created);
    const objects = Object.values(run).filter((v) => typeof v === 'object' && v !== null && v !== created && !Array.isArray(v));
    // The store's shared waiter list is the only other object a run refers to.
    assert.equal(objects.length, 1);
  });

  it('reads as a new record each time, from the NewRun and the journal', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(created);
    const first = await store.getRun('r1');
    assert.deepEqual(first, { runId: 'r1', workflow: 'W', version: '1', bundleHash: 'h1', bundle, status: 'running', createdAt: 500, updatedAt: 500, lastSeq: 0, parentRunId: 'p' });
    first!.status = 'failed';
    store.appendSync('r1', [{ type: 'RunCompleted', seq: 1, at: 900, outputs: {} }]);
    const second = await store.getRun('r1');
    assert.notEqual(second, first);
    assert.deepEqual({ status: second!.status, updatedAt: second!.updatedAt, lastSeq: second!.lastSeq }, { status: 'completed', updatedAt: 900, lastSeq: 1 });
    assert.equal(created.createdAt, 500);
    assert.equal((created as { status?: string }).status, undefined, 'the NewRun is never written');
  });
});
