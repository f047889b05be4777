// `listRunsAsTheyStand`: the runs a store lists as running, with the fold's word for them
// (`running`, or `waiting` when all they do is wait for the outside), filters on that word and
// the limit after it; runs an engine carries are read from it, not from their journals.

import assert from 'node:assert/strict';
import { listRunsAsTheyStand } from '../../../runtime/store/runs-as-they-stand.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { bundleOf, setNode, task, waitEvent, workflow } from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';

describe('listRunsAsTheyStand', () => {
  it('says waiting for a run the store lists as running, filters on that word, and applies the limit after it', async () => {
    const { engine, store, connector } = harness();
    const waits = bundleOf(workflow('Waits', { nodes: [waitEvent('w', 'go')], edges: ['start -> w'] }));
    const works = bundleOf(workflow('Works', { nodes: [task('a', 'hang')], edges: ['start -> a'] }));
    const done = bundleOf(workflow('Done', { nodes: [setNode('s')], edges: ['start -> s -> end'] }));
    const first = (await engine.start(waits)).runId;
    const busy = (await engine.start(works)).runId;
    const second = (await engine.start(waits)).runId;
    const finished = await engine.start(done);
    await finished.outcome;
    await waitUntil(() => connector.running.size === 1 && engine.peek(first)?.status === 'waiting' && engine.peek(second)?.status === 'waiting');
    assert.deepEqual((await store.listRuns()).map((r) => r.status), ['completed', 'running', 'running', 'running'], 'the store\'s own summary');

    const all = await listRunsAsTheyStand(store);
    assert.deepEqual(all.map((r) => [r.runId, r.status]), [[finished.runId, 'completed'], [second, 'waiting'], [busy, 'running'], [first, 'waiting']]);
    assert.deepEqual((await listRunsAsTheyStand(store, { status: 'waiting' })).map((r) => r.runId), [second, first]);
    assert.deepEqual((await listRunsAsTheyStand(store, { status: 'waiting', limit: 1 })).map((r) => r.runId), [second]);
    assert.deepEqual((await listRunsAsTheyStand(store, { status: 'running', limit: 1 })).map((r) => r.runId), [busy], 'the limit counts running runs only');
    assert.deepEqual((await listRunsAsTheyStand(store, { status: ['running', 'waiting'], limit: 2 })).map((r) => r.runId), [second, busy]);
    assert.deepEqual((await listRunsAsTheyStand(store, { status: 'completed' })).map((r) => r.runId), [finished.runId]);

    // With the engine that carries them: no journal is read.
    const reads: string[] = [];
    const counting: RunStore = Object.create(store, { readEvents: { value: (id: string, after?: number) => { reads.push(id); return store.readEvents(id, after); } } });
    const live = await listRunsAsTheyStand(counting, {}, (id) => engine.peek(id));
    assert.deepEqual(live.map((r) => r.status), ['completed', 'waiting', 'running', 'waiting']);
    assert.deepEqual(reads, []);
    await listRunsAsTheyStand(counting);
    assert.deepEqual(reads.sort(), [busy, first, second].sort(), 'without it, each running run\'s journal is folded');
  });

  it('leaves out a run pruned between the listing and the read of its journal', async () => {
    const { engine, store } = harness();
    const done = bundleOf(workflow('Done', { nodes: [setNode('s')], edges: ['start -> s -> end'] }));
    const finished = await (await engine.start(done)).outcome;
    // The store listed it as running, and another process ended and pruned it before the read.
    const racing: RunStore = Object.create(store, { listRuns: { value: async () => {
      const listed = (await store.listRuns()).map((r) => ({ ...r, status: 'running' as const }));
      await store.pruneRuns!({ runIds: [finished.runId] });
      return listed;
    } } });
    assert.deepEqual(await listRunsAsTheyStand(racing), []);
  });
});
