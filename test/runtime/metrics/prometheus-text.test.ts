// Metrics in Prometheus's text exposition format (runtime/metrics/prometheus-text.ts): one
// HELP and TYPE per family, label values escaped, durations as summaries in seconds, usage as
// gauges, empty families left out. The real parser's view is test/cli/serve-metrics.test.ts.
import assert from 'node:assert/strict';
import { prometheusText } from '../../../runtime/metrics/prometheus-text.js';
import type { WorkflowMetrics } from '../../../runtime/metrics/run-metrics.js';

const d = (count: number, mean: number, p50: number, p90: number, p99: number) => ({ count, mean, p50, p90, p99, max: p99 });

const metrics: Record<string, WorkflowMetrics> = {
  'Say "hi"\\now': {
    workflow: 'Say "hi"\\now', runs: 3, completed: 2, failed: 1, cancelled: 0, successRate: 2 / 3,
    durationMs: d(3, 1500, 1000, 2000, 2500), errors: { Boom: 1 },
    nodes: {
      call: { node: 'call', executions: 4, successes: 2, errors: { 'Bad\nLine': 2 }, successRate: 2 / 3, durationMs: d(4, 250, 200, 400, 500), usage: { tokens: 120, cost: 0.5 } },
      idle: { node: 'idle', executions: 0, successes: 0, errors: {}, successRate: 1, durationMs: d(0, 0, 0, 0, 0), usage: {} },
    },
  },
};

describe('metrics in the Prometheus text format', () => {
  it('writes each family once with its help and type, labels escaped, durations in seconds', () => {
    const text = prometheusText(metrics, [{ name: 'weft_runs_carried', help: 'Runs carried now.', value: 2 }]);
    const w = 'workflow="Say \\"hi\\"\\\\now"';
    for (const line of [
      '# HELP weft_runs_total Runs recorded in the store, by workflow.',
      '# TYPE weft_runs_total counter',
      `weft_runs_total{${w}} 3`,
      `weft_runs_ended_total{${w},status="completed"} 2`,
      `weft_runs_ended_total{${w},status="cancelled"} 0`,
      '# TYPE weft_run_duration_seconds summary',
      `weft_run_duration_seconds{${w},quantile="0.5"} 1`,
      `weft_run_duration_seconds{${w},quantile="0.99"} 2.5`,
      `weft_run_duration_seconds_sum{${w}} 4.5`,
      `weft_run_duration_seconds_count{${w}} 3`,
      `weft_run_errors_total{${w},error="Boom"} 1`,
      `weft_node_executions_total{${w},node="call"} 4`,
      `weft_node_executions_total{${w},node="idle"} 0`,
      `weft_node_errors_total{${w},node="call",error="Bad\\nLine"} 2`,
      `weft_node_duration_seconds_sum{${w},node="call"} 1`,
      `weft_node_usage{${w},node="call",figure="tokens"} 120`,
      '# TYPE weft_runs_carried gauge',
      'weft_runs_carried 2',
    ]) assert.ok(text.split('\n').includes(line), `missing: ${line}\n${text}`);
    assert.equal(text.match(/^# TYPE weft_node_duration_seconds /gm)?.length, 1);
    assert.ok(!text.includes('node="idle",quantile'), 'a node that never ran has no duration summary');
    assert.ok(text.endsWith('\n'));
  });

  it('writes nothing for a store without runs', () => {
    assert.equal(prometheusText({}), '');
  });
});
