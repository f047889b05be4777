// Metrics — the vscode-free report of a workflow's metrics as markdown: runs, success rate,
// errors by name, duration percentiles and cost/token usage per node, from runtime/metrics/.
import type { WorkflowMetrics } from '../../runtime/metrics/run-metrics.js';
import { formatDuration } from '../run/run-format.js';

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

export function metricsMarkdown(metrics: WorkflowMetrics): string {
  const d = metrics.durationMs;
  const lines = [
    `# Metrics of ${metrics.workflow}`,
    '',
    `- runs: ${metrics.runs} (completed ${metrics.completed}, failed ${metrics.failed}, cancelled ${metrics.cancelled})`,
    `- success rate: ${percent(metrics.successRate)}`,
    `- duration: p50 ${formatDuration(d.p50)}, p90 ${formatDuration(d.p90)}, p99 ${formatDuration(d.p99)}, max ${formatDuration(d.max)}`,
  ];
  const errors = Object.entries(metrics.errors);
  lines.push(`- errors: ${errors.length === 0 ? 'none' : errors.map(([name, n]) => `${name} ×${n}`).join(', ')}`);
  const cost = Object.values(metrics.nodes).reduce((sum, n) => sum + (n.usage.cost ?? 0), 0);
  if (cost > 0) lines.push(`- cost: ${cost.toFixed(4)}`);
  lines.push('', '| node | executions | success rate | p50 | p90 | errors | usage |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const n of Object.values(metrics.nodes)) {
    const errs = Object.entries(n.errors).map(([name, c]) => `${name} ×${c}`).join(', ');
    const usage = Object.entries(n.usage).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
    lines.push(`| ${n.node} | ${n.executions} | ${percent(n.successRate)} | ${formatDuration(n.durationMs.p50)} | ${formatDuration(n.durationMs.p90)} | ${errs} | ${usage} |`);
  }
  return lines.join('\n') + '\n';
}
