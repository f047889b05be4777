// The engine's typed event stream for observers (CLI progress, run views, the debug adapter):
// every journal event once durable and in journal order, task logs (masked), run outcomes.

import assert from 'node:assert/strict';
import type { EngineEvent } from '../../../runtime/engine/engine-events.js';
import { bundleOf, lit, retry, task, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

describe('engine event stream', () => {
  it('delivers each journal event once, in order, then the run outcome', async () => {
    const { engine, store } = harness();
    const seen: EngineEvent[] = [];
    const stop = engine.onEvent((e) => seen.push(e));
    const wf = workflow('Observed', { nodes: [task('t', 'flaky', [lit(1)], { retry: retry(1, 10) })], edges: ['start -> t'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await outcome;
    const journal = seen.filter((e): e is Extract<EngineEvent, { kind: 'journal' }> => e.kind === 'journal');
    assert.deepEqual(journal.map((e) => e.event), await store.readEvents(runId));
    assert.ok(journal.every((e) => e.runId === runId && e.workflow === 'Observed'));
    const last = seen.at(-1)!;
    assert.equal(last.kind, 'run-finished');
    assert.equal(last.kind === 'run-finished' && last.outcome.status, 'completed');
    stop();
    await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(seen.filter((e) => e.kind === 'run-finished').length, 1);
  });

  it('passes task log lines with node and branch, secrets masked', async () => {
    const { engine } = harness({ environment: { K: 'hunter2' } });
    const logs: string[] = [];
    engine.onEvent((e) => { if (e.kind === 'log') logs.push(`${e.node}@${e.token}:${e.level}:${e.message}`); });
    const wf = workflow('Logs', { nodes: [task('t', 'log', [lit('password is hunter2')])], edges: ['start -> t'], secrets: { k: 'K' } });
    await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(logs, ['t@1:info:password is •••']);
  });

  it('keeps running when an observer throws', async () => {
    const { engine } = harness();
    engine.onEvent(() => { throw new Error('observer bug'); });
    const wf = workflow('Robust', { nodes: [task('t', 'ok')], edges: ['start -> t'] });
    assert.equal((await (await engine.start(bundleOf(wf))).outcome).status, 'completed');
  });
});
