// Specification of the metrics report (extension/metrics/metrics-report.ts) on metrics the
// runtime computed from real runs in a memory store.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import { metricsOf } from '../../../runtime/metrics/run-metrics.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { metricsMarkdown } from '../../../extension/metrics/metrics-report.js';
import { compileSource } from '../run/compile-source.js';

describe('metrics: report', () => {
  it('reports runs, success rate and errors by name of a workflow', async () => {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new VirtualClock(0), executors: defaultExecutors() });
    const bundle = await compileSource(`
workflow Gate {
  input pass: boolean
  set ok { }
  fail no "closed" code Closed
  start -> ok
  ok -> end when pass
  ok -> no when not pass
}
`);
    for (const pass of [true, true, false]) await (await engine.start(bundle, { inputs: { pass } })).outcome;
    engine.halt();
    const metrics = (await metricsOf(store, 'Gate')).Gate;
    const report = metricsMarkdown(metrics);
    assert.match(report, /^# Metrics of Gate$/m);
    assert.match(report, /- runs: 3 \(completed 2, failed 1, cancelled 0\)/);
    assert.match(report, /- success rate: 66\.7 %/);
    assert.match(report, /- errors: Closed ×1/);
  });
});
