// Run ids (`newRunId` in `runtime/engine/engine.ts`): `run_<ms in base 36>_<8 hex digits>`,
// ordered by time, and never the same twice in one process, however many runs start in the
// same millisecond (the concurrent-run benchmark starts 1,000 in one or two).

import assert from 'node:assert/strict';
import { Engine, newRunId } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { seedFrom } from '../../../runtime/engine/seeded-random.js';
import type { RunStarted } from '../../../runtime/journal/journal-event.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { bundleOf, setNode, workflow } from '../support/ir-builder.js';

describe('newRunId', () => {
  it('spells the millisecond in base 36 and a 32-bit suffix in hex', () => {
    const before = Date.now();
    const id = newRunId();
    const after = Date.now();
    const m = /^run_([0-9a-z]+)_([0-9a-f]{8})$/.exec(id);
    assert.ok(m, id);
    const ms = parseInt(m[1]!, 36);
    assert.ok(ms >= before && ms <= after);
  });

  it('never repeats an id, also for many ids made in the same millisecond', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(newRunId());
    assert.equal(ids.size, 200_000);
    for (const id of ids) assert.match(id, /^run_[0-9a-z]+_[0-9a-f]{8}$/);
  });

  it('counts the suffix up within a millisecond, across its lower byte', () => {
    for (let tries = 0; tries < 50; tries++) {
      const ids = Array.from({ length: 600 }, () => newRunId());
      const sameMs = ids.filter((id) => id.split('_')[1] === ids[0]!.split('_')[1]);
      if (sameMs.length < 300) continue; // the millisecond changed early: try again
      const suffixes = sameMs.map((id) => parseInt(id.split('_')[2]!, 16));
      for (let i = 1; i < suffixes.length; i++) assert.equal(suffixes[i], (suffixes[i - 1]! + 1) >>> 0);
      return;
    }
    assert.fail('never 300 ids in one millisecond');
  });

  it('seeds a run from its id, whether the engine made the id or was given it', async () => {
    assert.equal(seedFrom('d', seedFrom('run_abc')), seedFrom('run_abcd'), 'the hash of a prefix continues');
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new RealClock(), environment: {} });
    const bundle = bundleOf(workflow('Seeded', { nodes: [setNode('s')], edges: ['start -> s -> end'] }));
    const given = newRunId();
    newRunId();
    const runIds: string[] = [];
    for (const options of [{}, {}, { runId: given }, { runId: 'my-run' }]) {
      const handle = await engine.start(bundle, options);
      await handle.outcome;
      runIds.push(handle.runId);
    }
    for (const runId of runIds) {
      const started = (await store.readEvents(runId))[0] as RunStarted;
      assert.equal(started.seed, seedFrom(runId), runId);
    }
  });
});
