// Store — a memory run whose journal is kept in its engine state's event log
// (`StepAppender.shareLog`): the journal is the log's appended prefix, never what was folded and
// not yet appended; an append of anything else than the log's own event ends the sharing
// without touching the log. The engine shares the log of every run that takes the chain path.

import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { testConnector } from '../support/engine-harness.js';
import { bundleOf, lit, task, workflow } from '../support/ir-builder.js';
import { completed, newRun, runStarted, started } from '../support/step-events.js';


/** The array a memory run keeps its journal in (white box: the run is its own step appender). */
const journalArray = (store: MemoryRunStore, runId: string) => (store.stepAppender(runId) as unknown as { events: readonly JournalEvent[] }).events;

/** A store with run `r1` holding `RunStarted` and a start, shared with `log` (which has both). */
function sharedRun(): { store: MemoryRunStore; log: JournalEvent[] } {
  const store = new MemoryRunStore();
  store.createRunSync(newRun('r1'));
  const log: JournalEvent[] = [runStarted(1), started(2, 'a')];
  store.appendSync('r1', log.slice());
  store.stepAppender('r1').shareLog!(log);
  return { store, log };
}

describe('store: a memory run sharing its engine state\'s log', () => {
  it('keeps the journal in the log and shows only what was appended', async () => {
    const { store, log } = sharedRun();
    assert.equal(journalArray(store, 'r1'), log);
    const c = completed(3);
    const s = started(4);
    log.push(c, s); // folded, not yet appended
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2]);
    assert.equal((await store.getRun('r1'))!.lastSeq, 2);
    store.stepAppender('r1').appendStep(c, s);
    assert.deepEqual((await store.readEvents('r1')).map((e) => e.seq), [1, 2, 3, 4]);
    assert.deepEqual(await store.readEvents('r1', 3), [s]);
    assert.equal((await store.getRun('r1'))!.lastSeq, 4);
    assert.equal(journalArray(store, 'r1'), log, 'still shared');
    assert.equal(log.length, 4, 'the store wrote nothing to the log');
  });

  it('answers a waiter with appended events only', async () => {
    const { store, log } = sharedRun();
    const c = completed(3);
    log.push(c);
    const waiting = store.waitForEvents('r1', 2);
    store.appendSync('r1', [c]);
    assert.deepEqual(await waiting, [c]);
  });

  it('ends the sharing, without writing to the log, when an append is not the log\'s own event', async () => {
    const { store, log } = sharedRun();
    log.push(completed(3)); // folded by the sharing engine, never appended
    const other = completed(3, 'x'); // another writer's event with the same seq
    store.appendSync('r1', [other]);
    assert.notEqual(journalArray(store, 'r1'), log);
    assert.deepEqual(await store.readEvents('r1'), [runStarted(1), started(2, 'a'), other]);
    assert.equal(log.length, 3);
    assert.notEqual(log[2], other);
    // An event its engine did not fold, at the end of the log, is not written there either.
    const second = sharedRun();
    const unfolded = completed(3);
    second.store.appendSync('r1', [unfolded]);
    assert.equal(second.log.length, 2);
    assert.deepEqual((await second.store.readEvents('r1')).map((e) => e.seq), [1, 2, 3]);
  });

  it('refuses a log that does not start with the journal kept so far', () => {
    const store = new MemoryRunStore();
    store.createRunSync(newRun('r1'));
    store.appendSync('r1', [runStarted(1), started(2, 'a')]);
    const own = journalArray(store, 'r1');
    store.stepAppender('r1').shareLog!([runStarted(1), started(2, 'a')]); // equal, not the same events
    assert.equal(journalArray(store, 'r1'), own);
    store.stepAppender('r1').shareLog!([]);
    assert.equal(journalArray(store, 'r1'), own);
  });

  it('is what the engine does for a run that takes the chain path: the store keeps no copy of its journal', async () => {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new VirtualClock(Date.UTC(2026, 0, 1)), environment: {}, executors: { connector: testConnector() } });
    const wf = workflow('Chain', { nodes: [task('a', 'ok', [lit(1)]), task('b', 'ok', [lit(2)]), task('c', 'ok', [lit(3)])], edges: ['start -> a -> b -> c -> end'] });
    const o = await (await engine.start(bundleOf(wf), { runId: 'run-1' })).outcome;
    assert.equal(o.state.status, 'completed');
    assert.equal(journalArray(store, 'run-1'), o.state.log);
    assert.deepEqual(await store.readEvents('run-1'), o.state.log);
  });
});
