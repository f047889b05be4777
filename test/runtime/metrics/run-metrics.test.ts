// Metrics derived from journals: executions, successes, errors by name, durations, usage.

import assert from 'node:assert/strict';
import { metricsOf, StoreMetrics, summarize } from '../../../runtime/metrics/run-metrics.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import { body, bundleOf, foreach, list, lit, local, ms, retry, task, timer, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

describe('run metrics', () => {
  it('counts executions, successes and errors by name per workflow and node', async () => {
    const { engine, store } = harness();
    const wf = workflow('M', {
      nodes: [timer('wait', 'for', ms(250)), task('call', 'flaky', [lit(2), lit('Busy')], { retry: retry(1, 100) })],
      edges: ['start -> wait -> call'],
    });
    // flaky(2) with one retry: both attempts fail, the run fails.
    await (await engine.start(bundleOf(wf))).outcome;
    await (await engine.start(bundleOf(wf))).outcome;
    const m = (await metricsOf(store))['M']!;
    assert.equal(m.runs, 2);
    assert.equal(m.failed, 2);
    assert.equal(m.successRate, 0);
    assert.deepEqual(m.errors, { Busy: 2 });
    const call = m.nodes['call']!;
    assert.equal(call.executions, 4);
    assert.equal(call.successes, 0);
    assert.deepEqual(call.errors, { Busy: 4 });
    const wait = m.nodes['wait']!;
    assert.equal(wait.successes, 2);
    assert.equal(wait.durationMs.p50, 250);
    assert.equal(m.durationMs.max, 350);
  });

  it('counts the instances of a node inside a foreach under its static name (`loop.t`)', async () => {
    const { engine, store } = harness();
    const wf = workflow('F', {
      nodes: [foreach('loop', list(lit(10), lit(20), lit(30)), 'x', body([timer('t', 'for', local('x'))], ['start -> t -> end']))],
      edges: ['start -> loop -> end'],
    });
    await (await engine.start(bundleOf(wf))).outcome;
    const m = (await metricsOf(store))['F']!;
    const t = m.nodes['loop.t']!;
    assert.equal(t.executions, 3);
    assert.equal(t.successes, 3);
    assert.equal(t.durationMs.max, 30);
    assert.equal(m.nodes['loop[0].t'], undefined);
  });

  it('summarizes durations with nearest-rank percentiles', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    assert.deepEqual([s.count, s.p50, s.p90, s.p99, s.max, s.mean], [100, 50, 90, 99, 100, 50.5]);
  });

  it('keeps a store\'s figures current by folding only what its journals gained, equal to a fold of everything', async () => {
    let broken = true;
    const { engine, store } = harness({ executors: { connector: { execute: async (ctx) => {
      if (ctx.node.id === 'call' && broken) throw new TaskError('Down', 'down');
      return null;
    } } } });
    const wf = workflow('Inc', { nodes: [timer('wait', 'for', ms(50)), task('call', 'x')], edges: ['start -> wait -> call'] });
    const kept = new StoreMetrics(store);
    assert.deepEqual(await kept.current(), {}, 'an empty store');
    const first = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(first.status, 'failed');
    assert.deepEqual(await kept.current(), await metricsOf(store));
    // More runs, and a failed run reopened by a control: only the new events are folded.
    await (await engine.start(bundleOf(wf))).outcome;
    broken = false;
    await engine.retryNode(first.runId, 'call', 'ops');
    await engine.waitFor(first.runId);
    await (await engine.start(bundleOf(wf))).outcome;
    const [now, everything] = await Promise.all([kept.current(), metricsOf(store)]);
    assert.deepEqual(now, everything);
    assert.deepEqual([now.Inc!.runs, now.Inc!.completed, now.Inc!.failed], [3, 2, 1]);
    assert.deepEqual(await kept.current('Inc'), { Inc: now.Inc });
    assert.deepEqual(await kept.current('Other'), {});
  });

  it('keeps serving figures when runs are pruned, between its listing and its reads too', async () => {
    const { engine, store } = harness();
    const wf = workflow('P', { nodes: [timer('wait', 'for', ms(10))], edges: ['start -> wait -> end'] });
    const kept = new StoreMetrics(store);
    const a = await (await engine.start(bundleOf(wf))).outcome;
    await (await engine.start(bundleOf(wf))).outcome;
    assert.equal((await kept.current()).P!.runs, 2);
    const c = await (await engine.start(bundleOf(wf))).outcome;
    // Another process prunes `c` after the listing and before its journal is read.
    let victim: string | undefined = c.runId;
    const racing = Object.create(store, { listRuns: { value: async () => {
      const listed = await store.listRuns();
      if (victim) await store.pruneRuns!({ runIds: [victim] });
      victim = undefined;
      return listed;
    } } });
    const racingMetrics = new StoreMetrics(racing);
    assert.equal((await racingMetrics.current()).P!.runs, 2, 'the pruned run is left out');
    assert.deepEqual((await metricsOf(racing)).P!.runs, 2, 'metricsOf too');
    // What was folded of a pruned run stays counted.
    await store.pruneRuns!({ runIds: [a.runId] });
    assert.equal((await kept.current()).P!.runs, 2);
    await (await engine.start(bundleOf(wf))).outcome;
    assert.equal((await kept.current()).P!.runs, 3);
  });
});
