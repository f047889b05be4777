// Test support for the engine suites on durable stores (SQLite, PostgreSQL) — a run that forks,
// joins and waits for an event, started in one engine on one store object, halted, and carried
// on by a second engine on a second store object of the same store (another process): it must
// end as one uninterrupted run would, and its stored journal fold to the state it ended with.

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { bin, bundleOf, fork, join, lit, setNode, v, waitEvent, workflow } from './ir-builder.js';

const durable = workflow('Durable', {
  nodes: [fork('f'), setNode('a', { n: bin('+', v('n'), lit(1)) }), setNode('b'), join('j'), waitEvent('go', 'go'), setNode('done', { out: v('n') })],
  edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(true) }], '[a, b] -> j -> go -> done'],
  vars: { n: lit(0) },
  outputs: ['out'],
});

/**
 * Starts the run on `open()`'s store, halts it waiting, and resumes it on a second `open()`.
 * `answersLater`: the store commits after real I/O (PostgreSQL), so the wait's start may still
 * be on its way when virtual time is idle; the run is given up to a second to be waiting.
 */
export async function assertResumesElsewhere(open: () => RunStore, options: { answersLater?: boolean } = {}): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const store1 = open();
  const engine1 = new Engine({ store: store1, clock, environment: {} });
  const { runId } = await engine1.start(bundleOf(durable), { runId: 'durable-1' });
  await clock.whenIdle();
  if (options.answersLater) for (let i = 0; i < 100 && engine1.peek(runId)?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(engine1.peek(runId)?.status, 'waiting');
  engine1.halt();
  await store1.close();

  const store2 = open();
  try {
    assert.equal((await store2.getRun(runId))?.status, 'running', 'a waiting run is unfinished in the listing');
    const engine2 = new Engine({ store: store2, clock: new VirtualClock(clock.now()), environment: {} });
    const handle = await engine2.resume(runId);
    assert.deepEqual(await engine2.deliverEvent('go', null), [runId]);
    const o = await handle.outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { out: 1 });
    const run = await store2.getRun(runId);
    assert.equal(run?.status, 'completed');
    assert.equal(run?.version, '1.0.0');
    assert.match(run!.bundleHash, /^[0-9a-f]{64}$/);
    assert.deepStrictEqual(foldJournal(runId, await store2.readEvents(runId)), o.state);
  } finally {
    await store2.close();
  }
}
