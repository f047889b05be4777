// The engine on the embedded default store: runs and journals land in SQLite, and a second
// process (a new store on the same file, a new engine) resumes an unfinished run from disk.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { bundleOf, setNode, waitEvent, workflow } from '../support/ir-builder.js';
import { assertResumesElsewhere } from '../support/resume-elsewhere.js';

describe('engine on SQLite', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'weft-engine-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
    let commits = 0;
    const proto = Object.getPrototypeOf(store) as { flush(this: SqliteRunStore): void };
    const flush = proto.flush;
    (store as unknown as { flush(): void }).flush = function (this: SqliteRunStore) { commits++; flush.call(this); };
    const handle = await engine.start(bundleOf(simple), { runId: 'one' });
    assert.equal(commits, 1);
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
});
