// Store — the chain path's step appenders (`RunStore.stepAppender`, `SyncStepAppender`): a step's
// completion and the next start appended through one are what `appendSync` of the two appends.

import assert from 'node:assert/strict';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { JournalOrderError, statusAfter } from '../../../runtime/store/run-store.js';
import { SyncStepAppender } from '../../../runtime/store/sync-step-appender.js';
import type { RunStatus } from '../../../runtime/journal/workflow-state.js';
import { completed, newRun, runStarted, started } from '../support/step-events.js';


describe('store: step appenders', () => {
  it('appends a step to a memory run as appendSync would: events, last seq and update time', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), started(2, 'a')]);
    const appender = store.stepAppender('r1');
    appender.appendStep(completed(3), started(4));
    appender.appendStep(completed(5, 'b'), started(6, 'c'));
    assert.deepEqual(await store.readEvents('r1'), [runStarted(1), started(2, 'a'), completed(3), started(4), completed(5, 'b'), started(6, 'c')]);
    const run = await store.getRun('r1');
    assert.equal(run!.lastSeq, 6);
    assert.equal(run!.updatedAt, 1006);
    assert.equal(run!.status, 'running');
  });

  it('leaves a run\'s status as it was, as statusAfter does for a completion and a start', async () => {
    for (const status of ['running', 'paused', 'failed', 'completed', 'cancelled'] as RunStatus[]) {
      assert.equal(statusAfter(statusAfter(status, completed(1)), started(2)), status);
    }
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), { type: 'Paused', seq: 2, at: 1002, actor: 'cli' }]);
    store.stepAppender('r1').appendStep(completed(3), started(4));
    assert.equal((await store.getRun('r1'))!.status, 'paused');
  });

  it('refuses a step that does not continue the journal and keeps nothing of it', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), started(2, 'a')]);
    const appender = store.stepAppender('r1');
    assert.throws(() => appender.appendStep(completed(4), started(5)), (err: Error) => err instanceof JournalOrderError && /expected event seq 3, got 4/.test(err.message));
    assert.throws(() => appender.appendStep(completed(3), started(5)), /expected event seq 4, got 5/);
    store.appendSync('r1', [completed(3)]); // another writer moved the journal on
    assert.throws(() => appender.appendStep(completed(3), started(4)), /expected event seq 4, got 3/);
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2, 3]);
    assert.equal((await store.getRun('r1'))!.lastSeq, 3);
  });

  it('refuses a step appender for an unknown run', () => {
    assert.throws(() => new MemoryRunStore().stepAppender('nope'), /No run with id 'nope'/);
  });

  it('wakes a waiter when a step is appended', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), started(2, 'a')]);
    const waiting = store.waitForEvents('r1', 2);
    store.stepAppender('r1').appendStep(completed(3), started(4));
    assert.deepEqual((await waiting).map((e) => e.seq), [3, 4]);
  });

  it('appends through any store\'s appendSync when the store offers no appender of its own', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), started(2, 'a')]);
    const calls: [string, number[]][] = [];
    const inner = store.appendSync.bind(store);
    store.appendSync = (runId, events) => {
      calls.push([runId, events.map((e) => e.seq)]);
      inner(runId, events);
    };
    const appender = new SyncStepAppender(store, 'r1');
    appender.appendStep(completed(3), started(4));
    appender.appendStep(completed(5, 'b'), started(6, 'c'));
    assert.deepEqual(calls, [['r1', [3, 4]], ['r1', [5, 6]]]);
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2, 3, 4, 5, 6]);
    assert.throws(() => appender.appendStep(completed(9), started(10)), /expected event seq 7, got 9/);
  });
});
