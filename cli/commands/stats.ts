// `weft stats [workflow] [--since 7d] [--until time] [--json]`: figures per workflow and per node
// folded from the journals in the store (of the runs started in the window, when given) — runs, success rate, duration percentiles, errors by name, script cpu/memory, AI
// tokens and cost. Read-only.
import { metricsOf, type DurationSummary } from '../../runtime/metrics/run-metrics.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { listingRunStore } from '../control-session.js';
import { storeOptions } from '../run-store-option.js';
import { formatDuration, formatTable } from '../text-table.js';
import { windowOptions, windowText } from '../time-option.js';

function percent(rate: number): string {
    return `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;
}

function durations(d: DurationSummary): string[] {
    return d.count === 0 ? ['-', '-', '-', '-'] : [formatDuration(d.p50), formatDuration(d.p90), formatDuration(d.p99), formatDuration(d.max)];
}

function errors(e: Record<string, number>): string {
    return Object.entries(e).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name}×${n}`).join(' ');
}

function usage(u: Record<string, number>): string {
    const parts: string[] = [];
    if (u.cpuMs !== undefined) parts.push(`cpu ${formatDuration(u.cpuMs)}`);
    if (u.memoryBytes !== undefined) parts.push(`mem ${(u.memoryBytes / 1048576).toFixed(1)}MB`);
    const tokens = u.tokens ?? ((u.promptTokens ?? 0) + (u.completionTokens ?? 0));
    if (tokens) parts.push(`${tokens} tokens`);
    const cost = u.costUsd ?? u.cost;
    if (cost !== undefined) parts.push(`$${cost.toFixed(4)}`);
    return parts.join(', ');
}

export const statsCommand: CliCommand = {
    name: 'stats',
    summary: 'executions, success rates, durations, errors and usage per workflow and node',
    usage: 'weft stats [workflow] [--since 7d | time] [--until time] [--store path|url] [--json]',
    options: { ...storeOptions, json: { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length > 1) throw new UsageError('stats takes at most one workflow name');
        const workflow = positionals[0];
        const window = windowOptions(values);
        const metrics = await listingRunStore('stats', values, cwd, io, '{}', (store) => metricsOf(store, workflow, window));
        if (metrics === undefined) return ExitCode.ok;
        if (values.json) {
            io.stdout(JSON.stringify(metrics, null, 2) + '\n');
            return ExitCode.ok;
        }
        const all = Object.values(metrics);
        const when = windowText(window);
        if (all.length === 0) {
            io.stdout(`${workflow ? `No runs of ${workflow}` : 'No runs'}${when}.\n`);
            return ExitCode.ok;
        }
        if (when) io.stdout(`Runs started${when}:\n\n`);
        const out: string[] = [];
        for (const w of all) {
            out.push(`${w.workflow}: ${w.runs} ${w.runs === 1 ? 'run' : 'runs'}, ${w.completed} completed, ${w.failed} failed, ${w.cancelled} cancelled, success ${percent(w.successRate)}`);
            if (w.durationMs.count) out.push(`  run duration p50 ${formatDuration(w.durationMs.p50)}, p90 ${formatDuration(w.durationMs.p90)}, p99 ${formatDuration(w.durationMs.p99)}, max ${formatDuration(w.durationMs.max)}`);
            if (Object.keys(w.errors).length) out.push(`  errors ${errors(w.errors)}`);
            out.push('');
            out.push(formatTable(
                ['NODE', 'EXECUTIONS', 'SUCCESS', 'P50', 'P90', 'P99', 'MAX', 'ERRORS', 'USAGE'],
                Object.values(w.nodes).map((n) => [n.node, String(n.executions), percent(n.successRate), ...durations(n.durationMs), errors(n.errors), usage(n.usage)]),
            ).replace(/^/gm, '  ').trimEnd());
            out.push('');
        }
        io.stdout(out.join('\n') + '\n');
        return ExitCode.ok;
    },
};
