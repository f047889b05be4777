// Store — the memory store's runs: a list indexed by id only once something looks a run up by id
// (`MemoryRuns`), the run created last handed out as its step appender without a lookup, and a
// new run's duplicate check skipped only for an id its creator vouches for (`NewRun.freshId`, kept
// through a wrapper that passes the record on).

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';
import { newRun, runStarted } from '../support/step-events.js';
import type { RunStore } from '../../../runtime/store/run-store.js';

/** A `NewRun` whose creator vouches for its id (`NewRun.freshId`). */
const fresh = (runId: string) => ({ ...newRun(runId), freshId: true });

describe('store: the memory store\'s runs', () => {
  it('keeps runs an engine starts, commits and ends without an index by id', async () => {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
    const bundle = bundleOf(workflow('Two', { nodes: [task('a', 'noop'), task('b', 'noop')], edges: ['start -> a -> b -> end'] }));
    const handles = await Promise.all(Array.from({ length: 20 }, () => engine.start(bundle)));
    const outcomes = await Promise.all(handles.map((h) => h.outcome));
    assert.ok(outcomes.every((o) => o.status === 'completed'));
    assert.equal(store.indexed, false, 'no run was looked up by id');
    // The first lookup makes the index; every run and its whole journal are there.
    for (const h of handles) {
      const events = await store.readEvents(h.runId);
      assert.deepEqual(events.map((e) => e.type), ['RunStarted', 'NodeStarted', 'NodeCompleted', 'NodeStarted', 'NodeCompleted', 'NodeStarted', 'NodeCompleted', 'NodeStarted', 'NodeCompleted', 'RunCompleted']);
      assert.equal((await store.getRun(h.runId))?.status, 'completed');
    }
    assert.equal(store.indexed, true);
    assert.deepEqual(new Set((await store.listRuns()).map((r) => r.runId)), new Set(handles.map((h) => h.runId)));
  });

  it('needs no index for the runs of an engine through a wrapper that passes the NewRun on', async () => {
    const inner = new MemoryRunStore();
    const store = wrapperOf(inner);
    const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
    const bundle = bundleOf(workflow('One', { nodes: [task('a', 'noop')], edges: ['start -> a -> end'] }));
    const handles = await Promise.all(Array.from({ length: 5 }, () => engine.start(bundle)));
    await Promise.all(handles.map((h) => h.outcome));
    assert.equal(inner.indexed, false);
    assert.equal((await store.getRun(handles[4]!.runId))?.status, 'completed');
  });

  it('starts a run whose store fails to hand out its appender at creation, and crashes it at its first commit as before', async () => {
    const inner = new MemoryRunStore();
    let asked = 0;
    const store = wrapperOf(inner, { stepAppender: () => { asked++; throw new Error('no appender'); } });
    const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
    const handle = await engine.start(bundleOf(workflow('One', { nodes: [task('a', 'noop')], edges: ['start -> a -> end'] })));
    await assert.rejects(handle.outcome, /no appender/);
    assert.equal(asked, 2, 'asked at creation, then at the first commit');
    assert.deepEqual(await inner.readEvents(handle.runId), []);
  });

  it('checks duplicates unless the id is vouched fresh and there is no index yet', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(fresh('a'));
    store.createRunSync(fresh('b'));
    assert.equal(store.indexed, false);
    assert.throws(() => store.createRunSync(newRun('a')), /Run 'a' already exists/);
    assert.equal(store.indexed, true, 'a checked id makes the index');
    assert.throws(() => store.createRunSync(fresh('b')), /Run 'b' already exists/, 'with an index even a fresh id is checked');
    store.createRunSync(fresh('c'));
    assert.equal((await store.getRun('c'))?.runId, 'c', 'the index follows runs created after it');
    await assert.rejects(store.createRun(newRun('c')), /Run 'c' already exists/);
    assert.deepEqual((await store.listRuns()).map((r) => r.runId).sort(), ['a', 'b', 'c']);
  });

  it('hands out the run created last as its step appender without a lookup, any other after one', async () => {
    const store = new MemoryRunStore();
    store.createRunSync(fresh('a'));
    store.createRunSync(fresh('b'));
    const b = store.stepAppender('b');
    assert.equal(store.indexed, false);
    b.append([runStarted(1)]);
    assert.deepEqual((await store.readEvents('b')).map((e) => e.seq), [1]);
    const a = store.stepAppender('a');
    assert.notEqual(a, b);
    assert.equal(store.stepAppender('b'), b, 'the same run object either way');
    assert.throws(() => store.stepAppender('nope'), /No run with id 'nope'/);
  });
});

/** A store that passes every call on to `inner` (as a user's wrapper would), but for `overrides`. */
function wrapperOf(inner: MemoryRunStore, overrides: Partial<RunStore> = {}): RunStore {
  return {
    createRun: (r) => inner.createRun(r),
    createRunSync: (r) => { inner.createRunSync(r); },
    append: (id, events) => inner.append(id, events),
    appendSync: (id, events) => { inner.appendSync(id, events); },
    stepAppender: (id) => inner.stepAppender(id),
    readEvents: (id, after) => inner.readEvents(id, after),
    getRun: (id) => inner.getRun(id),
    listRuns: (filter) => inner.listRuns(filter),
    waitForEvents: (id, after, options) => inner.waitForEvents(id, after, options),
    close: () => inner.close(),
    ...overrides,
  };
}
