// The engine on the embedded default store: runs and journals land in SQLite, and a second
// process (a new store on the same file, a new engine) resumes an unfinished run from disk.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { bundleOf, lit, setNode, task, waitEvent, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';
import { assertResumesElsewhere } from '../support/resume-elsewhere.js';

describe('engine on SQLite', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'weft-engine-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** How often `store` calls its private `method` (`flush`: a commit; `enqueue`: an append queued for the group commit), counted from now. */
  function countCalls(store: SqliteRunStore, method: 'flush' | 'enqueue'): () => number {
    let calls = 0;
    const own = (Object.getPrototypeOf(store) as Record<string, (this: SqliteRunStore, ...args: unknown[]) => void>)[method]!;
    (store as unknown as Record<string, (...args: unknown[]) => void>)[method] = function (this: SqliteRunStore, ...args: unknown[]) { calls++; own.apply(this, args); };
    return () => calls;
  }

  for (const synchronous of ['NORMAL', 'FULL'] as const) {
    it(`records the run and resumes it from the file in a new engine (${synchronous})`, async () => {
      const file = path.join(dir, 'runs.db');
      await assertResumesElsewhere(() => new SqliteRunStore({ file, synchronous }));
    });
  }

  it('commits many concurrent runs through group commit', async () => {
    const store = new SqliteRunStore({ file: path.join(dir, 'many.db'), synchronous: 'FULL' });
    const engine = new Engine({ store, clock: new VirtualClock(0), environment: {} });
    const simple = workflow('Simple', { nodes: [setNode('a'), setNode('b')], edges: ['start -> a -> b'] });
    const handles = await Promise.all(Array.from({ length: 50 }, () => engine.start(bundleOf(simple))));
    const outcomes = await Promise.all(handles.map((h) => h.outcome));
    assert.ok(outcomes.every((o) => o.status === 'completed'));
    assert.equal((await store.listRuns({ status: 'completed' })).length, 50);
    await store.close();
  });

  it('commits a new run\'s creation and its first events in one transaction', async () => {
    const store = new SqliteRunStore({ file: path.join(dir, 'one.db') });
    const engine = new Engine({ store, clock: new VirtualClock(0), environment: {} });
    const simple = workflow('Simple', { nodes: [setNode('a')], edges: ['start -> a'] });
    const commits = countCalls(store, 'flush');
    const handle = await engine.start(bundleOf(simple), { runId: 'one' });
    assert.equal(commits(), 1);
    assert.equal((await store.readEvents('one'))[0]?.type, 'RunStarted');
    assert.equal((await handle.outcome).status, 'completed');
    await store.close();
  });

  it('refuses to start a run whose id the store already holds, and journals nothing into that run', async () => {
    const file = path.join(dir, 'dup.db');
    const store = new SqliteRunStore({ file });
    const engine = new Engine({ store, clock: new VirtualClock(0), environment: {} });
    const waiting = workflow('Waiting', { nodes: [waitEvent('go', 'go')], edges: ['start -> go'] });
    await engine.start(bundleOf(waiting), { runId: 'dup' });
    const before = await store.readEvents('dup');
    const other = new Engine({ store, clock: new VirtualClock(0), environment: {} });
    await assert.rejects(other.start(bundleOf(waiting), { runId: 'dup' }), /already exists/);
    assert.deepEqual(await store.readEvents('dup'), before);
    assert.deepEqual(other.activeRuns(), []);
    await store.close();
  });

  const tenTasks = () => workflow('Ten', {
    nodes: Array.from({ length: 10 }, (_, i) => task(`t${i}`, 'ok', [lit(i)])),
    edges: ['start -> t0', ...Array.from({ length: 9 }, (_, i) => `t${i} -> t${i + 1}`)],
  });

  it('commits a lone run\'s task steps at once (appendSync), each durable before the next task starts', async () => {
    const store = new SqliteRunStore({ file: path.join(dir, 'lone.db') });
    const queued = countCalls(store, 'enqueue');
    assert.equal(typeof store.appendSync, 'function', 'offered while the store has no run under way');
    const { engine, connector } = harness({ store });
    const seen: number[] = [];
    // Each task finds the previous task's completion in the file already (another connection reads it).
    const reader = new SqliteRunStore({ file: path.join(dir, 'lone.db'), access: 'read' });
    const execute = connector.execute.bind(connector);
    connector.execute = async (ctx) => {
      const journal = await reader.readEvents(ctx.runId);
      seen.push(journal.filter((e) => e.type === 'NodeCompleted').length);
      return execute(ctx);
    };
    const outcome = await engine.run(bundleOf(tenTasks()), { runId: 'lone' });
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'what each task found journaled before it started');
    // The creation, the first turn and the run's end wait for the group commit: the nine chain steps commit at once.
    assert.ok(queued() <= 3, `${queued()} appends queued for the group commit`);
    const events = await store.readEvents('lone');
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    assert.equal(events.at(-1)?.type, 'RunCompleted');
    await reader.close();
    await store.close();
  });

  it('withdraws appendSync while several runs are under way: their steps wait for the group commit', async () => {
    const store = new SqliteRunStore({ file: path.join(dir, 'many-steps.db') });
    const { engine } = harness({ store });
    const flushes = countCalls(store, 'flush');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => engine.run(bundleOf(tenTasks()))));
    assert.ok(outcomes.every((o) => o.status === 'completed'));
    // 20 runs × 12 commits each, grouped: about one group commit per wave of steps.
    assert.ok(flushes() < 40, `${flushes()} group commits for 240 commits`);
    assert.equal(typeof store.appendSync, 'function', 'offered again once the runs have ended');
    await store.close();
  });
});
