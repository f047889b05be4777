// The run trace `weft run --json` prints (`completionTrace`): every execution that ended, in
// completion order, with its status. Work a `terminate` or a `join … cancel` withdrew is listed
// as `cancelled` (it started); the conformance suite's traces list completed executions only, so
// withdrawn work is absent from those (docs/conformance.md, "Decisions recorded here").

import assert from 'node:assert/strict';
import { completionTrace } from '../../../runtime/journal/workflow-state.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import { bundleOf, join, lit, ms, setNode, task, terminate, timer, workflow } from '../support/ir-builder.js';
import { harness, trace } from '../support/engine-harness.js';

describe('completion trace: withdrawn work', () => {
  it('after `terminate`, the withdrawn branches are `cancelled` entries, ended at the terminate', async () => {
    const h = harness();
    const t0 = h.clock.now();
    // f02 of the semantics audit: t1, then a 10 ms wait that terminates and a 1 h wait withdrawn.
    const wf = workflow('Term', {
      nodes: [task('t1', 'ok', [lit(1)], { compensate: 'c1' }), task('c1', 'ok'), timer('a', 'for', ms(10)), timer('b', 'for', ms(3_600_000)), setNode('b2'), terminate('t')],
      edges: ['start -> t1 -> [a, b]', 'a -> t', 'b -> b2 -> end'],
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    const entries = completionTrace(o.state).map((e) => ({ node: e.node, status: e.status, startedAt: e.startedAt - t0, endedAt: e.endedAt! - t0 }));
    assert.deepEqual(entries.map((e) => `${e.node}:${e.status}`), ['t1:completed', 'a:completed', 't:completed', 'b:cancelled']);
    const b = entries.find((e) => e.node === 'b')!;
    assert.equal(b.endedAt, entries.find((e) => e.node === 't')!.endedAt, 'b ended when the terminate did');
    assert.ok(b.startedAt < b.endedAt);
    // Not compensated (terminate completes the run), and the conformance view leaves b out.
    assert.deepEqual(trace(o.state), ['t1', 'a', 't']);
    // The same from the journal alone.
    assert.deepEqual(completionTrace(foldJournal(o.runId, await h.store.readEvents(o.runId))).map((e) => `${e.node}:${e.status}`), entries.map((e) => `${e.node}:${e.status}`));
  });

  it('a running task a `join first cancel` withdrew is a `cancelled` entry after the join', async () => {
    const h = harness();
    const wf = workflow('FirstCancel', {
      nodes: [task('fast', 'ok', [lit(1)]), task('slow', 'hang'), join('j', 'first', { cancel: true }), setNode('after')],
      edges: ['start -> [fast, slow]', '[fast, slow] -> j -> after'],
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(completionTrace(o.state).map((e) => `${e.node}:${e.status}`), ['fast:completed', 'slow:cancelled', 'j:completed', 'after:completed']);
  });
});
