// The audit trail over a real run's journal: every control a person or tool applied (pause,
// resume, approve for someone else, set variable, deliver an event, retry, skip, cancel), in
// journal order with who did it and when; the workflow's own steps are not in it.
import assert from 'node:assert/strict';
import { auditTrail } from '../../../runtime/journal/audit-trail.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import { approval, bundleOf, lit, setNode, task, v, waitEvent, workflow } from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';

describe('audit trail', () => {
  it('lists every control of a run with its actor, in journal order, and nothing else', async () => {
    let broken = true;
    const h = harness({ executors: { connector: { execute: async () => { if (broken) throw new TaskError('Down', 'service down'); return 'up'; } } } });
    const wf = workflow('Audited', {
      nodes: [approval('check', 'Ship it?'), waitEvent('go', 'go'), setNode('note', { seen: v('limit') }), task('call', 'x'), task('later', 'x')],
      edges: ['start -> check -> go -> note -> call -> later'],
      vars: { limit: lit(1) },
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    await waitUntil(() => h.engine.peek(runId)?.status === 'waiting');
    await h.engine.pause(runId, 'cli:ann');
    await h.engine.resumeRun(runId, 'cli:ann');
    await h.engine.approve(runId, 'check', { approved: true, by: 'bea', comment: 'looks fine' }, 'editor');
    await waitUntil(() => h.engine.peek(runId)?.tokens.get(1)?.node === 'go');
    await h.engine.setVariable(runId, 'limit', { max: 50 }, 'cli:ann');
    await h.engine.deliverEvent('go', { n: 1 }, { runId, actor: 'cli:ann' });
    assert.equal((await outcome).status, 'failed');
    broken = false;
    await h.engine.retryNode(runId, 'call', 'cli:cid');
    const o = await h.engine.waitFor(runId);
    assert.equal(o.status, 'completed');

    const events = await h.store.readEvents(runId);
    const trail = auditTrail(events);
    assert.deepEqual(trail.map((a) => [a.actor, a.type, a.action, a.node]), [
      ['cli:ann', 'Paused', 'paused the run', undefined],
      ['cli:ann', 'Resumed', 'resumed the run', undefined],
      ['editor', 'ApprovalDecided', "approved 'check' for bea: looks fine", 'check'],
      ['cli:ann', 'VariableSet', "set variable 'limit' to {\"max\":50}", undefined],
      ['cli:ann', 'EventReceived', "delivered event 'go'", undefined],
      ['cli:cid', 'NodeRetried', "retried 'call'", 'call'],
    ]);
    // In journal order, each at its event's place and time.
    for (const a of trail) {
      const e = events.find((x) => x.seq === a.seq)!;
      assert.equal(e.at, a.at);
      assert.equal(e.actor, a.actor);
    }
    assert.deepEqual(trail.map((a) => a.seq), [...trail.map((a) => a.seq)].sort((x, y) => x - y));
  });

  it('names a decider only when it is someone other than the actor, and cuts long values', async () => {
    const h = harness();
    const wf = workflow('Short', { nodes: [approval('check', 'ok?'), task('slow', 'hang')], edges: ['start -> check -> slow'] });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    await waitUntil(() => h.engine.peek(runId)?.status === 'waiting');
    await h.engine.approve(runId, 'check', { approved: false, by: 'dee' }, 'cli:dee');
    await waitUntil(() => h.connector.running.size === 1);
    await h.engine.skipNode(runId, 'slow', { text: 'x'.repeat(500) }, 'ops');
    assert.equal((await outcome).status, 'completed');
    const trail = auditTrail(await h.store.readEvents(runId));
    assert.equal(trail[0]!.action, "rejected 'check'");
    assert.equal(trail[1]!.type, 'NodeSkipped');
    assert.ok(trail[1]!.action.startsWith(`skipped 'slow' with result {"text":"xxx`));
    assert.ok(trail[1]!.action.endsWith('…') && trail[1]!.action.length < 160, trail[1]!.action);
  });
});
