// Metrics — the per workflow and per node figures (`run-metrics.ts`) in Prometheus's text
// exposition format (version 0.0.4), for `GET /metrics` of `weft serve`: counters of runs,
// outcomes, node executions and errors, duration summaries (p50/p90/p99 with sum and count) in
// seconds, and what tasks reported (script cpu and memory, AI tokens and cost) as gauges.

import type { DurationSummary, WorkflowMetrics } from './run-metrics.js';

/** The content type of the text this module writes. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

/** A label value as the format quotes it: backslash, double quote and line feed escaped. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}=${quoted(v)}`).join(',')}}` : '';
}

/** A number as the format writes it (`NaN`, `+Inf` and `-Inf` by name). */
function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

class Family {
  readonly samples: string[] = [];
  constructor(readonly name: string, readonly type: 'counter' | 'gauge' | 'summary', readonly help: string) {}
  add(labels: Labels, value: number, suffix = ''): void {
    this.samples.push(`${this.name}${suffix}${labelText(labels)} ${num(value)}`);
  }
  /** A duration summary in seconds: its quantiles, sum and count. */
  summary(labels: Labels, d: DurationSummary): void {
    for (const [q, v] of [['0.5', d.p50], ['0.9', d.p90], ['0.99', d.p99]] as const) this.add({ ...labels, quantile: q }, v / 1000);
    this.add(labels, (d.mean * d.count) / 1000, '_sum');
    this.add(labels, d.count, '_count');
  }
  text(): string {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n${this.samples.map((s) => `${s}\n`).join('')}`;
  }
}

/**
 * `metrics` (per workflow, as `metricsOf` gives them) in the text format; `gauges` adds
 * figures of the serving process (runs it carries now; a counter when its `type` says so: runs
 * it pruned). A family with no sample is left out.
 */
export function prometheusText(metrics: Readonly<Record<string, WorkflowMetrics>>, gauges: ReadonlyArray<{ name: string; help: string; value: number; type?: 'gauge' | 'counter' }> = []): string {
  const runs = new Family('weft_runs_total', 'counter', 'Runs recorded in the store, by workflow.');
  const ended = new Family('weft_runs_ended_total', 'counter', 'Runs that ended, by workflow and how they ended.');
  const runDuration = new Family('weft_run_duration_seconds', 'summary', 'Duration of ended runs, on their own clock.');
  const runErrors = new Family('weft_run_errors_total', 'counter', 'Runs that failed, by workflow and the error they failed with.');
  const executions = new Family('weft_node_executions_total', 'counter', 'Node attempts started, by workflow and node.');
  const successes = new Family('weft_node_successes_total', 'counter', 'Node attempts that completed, by workflow and node.');
  const nodeErrors = new Family('weft_node_errors_total', 'counter', 'Node attempts that failed (retried or not), by workflow, node and error name.');
  const nodeDuration = new Family('weft_node_duration_seconds', 'summary', 'Duration of node attempts, by workflow and node.');
  const usage = new Family('weft_node_usage', 'gauge', 'What tasks reported, by workflow, node and figure: sums (cpuMs, tokens, cost…), memoryBytes as the largest.');
  for (const w of Object.values(metrics)) {
    const wl = { workflow: w.workflow };
    runs.add(wl, w.runs);
    for (const status of ['completed', 'failed', 'cancelled'] as const) ended.add({ ...wl, status }, w[status]);
    if (w.durationMs.count) runDuration.summary(wl, w.durationMs);
    for (const [error, n] of Object.entries(w.errors)) runErrors.add({ ...wl, error }, n);
    for (const n of Object.values(w.nodes)) {
      const nl = { ...wl, node: n.node };
      executions.add(nl, n.executions);
      successes.add(nl, n.successes);
      for (const [error, count] of Object.entries(n.errors)) nodeErrors.add({ ...nl, error }, count);
      if (n.durationMs.count) nodeDuration.summary(nl, n.durationMs);
      for (const [figure, value] of Object.entries(n.usage)) usage.add({ ...nl, figure }, value);
    }
  }
  const families = [runs, ended, runDuration, runErrors, executions, successes, nodeErrors, nodeDuration, usage];
  for (const g of gauges) {
    const f = new Family(g.name, g.type ?? 'gauge', g.help);
    f.add({}, g.value);
    families.push(f);
  }
  return families.filter((f) => f.samples.length).map((f) => f.text()).join('');
}
