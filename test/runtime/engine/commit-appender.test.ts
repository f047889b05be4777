// Engine — where a run's commits go (`RunExecution.commit`): to a store with `appendSync`, through
// the run's step appender (the store's own, asked once per run, or `SyncStepAppender` over
// `appendSync`), so a commit looks no run up by id; the journal is the same either way.

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { testConnector } from '../support/engine-harness.js';
import { bundleOf, join, setNode, task, workflow, lit } from '../support/ir-builder.js';

/** A run through the general path (a split, a join, a `set`) and the chain path (a straight chain after). */
const bundle = bundleOf(workflow('Mixed', {
  nodes: [task('a', 'ok'), task('b', 'ok'), join('j'), setNode('s', { x: lit(1) }), task('c', 'ok'), task('d', 'ok'), task('e', 'ok')],
  vars: { x: lit(0) },
  edges: ['start -> a -> j', 'start -> b -> j', 'j -> s -> c -> d -> e -> end'],
}));

async function run(store: RunStore): Promise<JournalEvent[]> {
  const engine = new Engine({ store, clock: new VirtualClock(Date.UTC(2026, 0, 1)), environment: {}, executors: { connector: testConnector() } });
  const outcome = await (await engine.start(bundle, { runId: 'r' })).outcome;
  assert.equal(outcome.status, 'completed');
  return store.readEvents('r');
}

/** The journal without its clock readings. */
const untimed = (events: JournalEvent[]) => events.map(({ at: _at, ...rest }) => rest);

describe('engine: a run commits through its step appender', () => {
  it('appends every commit to the memory store through the run\'s appender: no appendSync, the same journal', async () => {
    const store = new MemoryRunStore();
    const asked: string[] = [];
    const stepAppender = store.stepAppender.bind(store);
    store.stepAppender = (runId) => { asked.push(runId); return stepAppender(runId); };
    let appendSyncs = 0;
    const appendSync = store.appendSync.bind(store);
    store.appendSync = (runId, events) => { appendSyncs++; appendSync(runId, events); };
    const journal = await run(store);
    assert.equal(appendSyncs, 0, 'no commit looked the run up by id');
    assert.deepEqual(asked, ['r'], 'the appender was asked for once');
    const expected = await run(wrapped(new MemoryRunStore(), () => undefined));
    assert.deepEqual(untimed(journal), untimed(expected));
  });

  it('appends every event through appendSync when the store offers no appender (a wrapper)', async () => {
    const inner = new MemoryRunStore();
    let appended = 0;
    const journal = await run(wrapped(inner, (events) => { appended += events.length; }));
    assert.ok(journal.length > 10);
    assert.equal(appended, journal.length, 'every event went through the wrapper\'s appendSync');
  });
});

/** A store over `inner` with `appendSync` (told of each batch) and no step appender of its own. */
function wrapped(inner: MemoryRunStore, told: (events: readonly JournalEvent[]) => void): RunStore {
  return {
    createRun: (r) => inner.createRun(r),
    createRunSync: (r) => inner.createRunSync(r),
    append: (id, events) => inner.append(id, events),
    appendSync: (id, events) => { told(events); inner.appendSync(id, events); },
    readEvents: (id, after) => inner.readEvents(id, after),
    getRun: (id) => inner.getRun(id),
    listRuns: (filter) => inner.listRuns(filter),
    waitForEvents: (id, after, options) => inner.waitForEvents(id, after, options),
    close: () => inner.close(),
  };
}
