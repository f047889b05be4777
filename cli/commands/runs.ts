// `weft runs [--workflow Name] [--status s] [--since 1h] [--until time] [--limit n] [--store path|url] [--json]`: lists the runs
// in the store, newest first (id, workflow, version, status, start time, journal length). A run
// that goes on is `waiting` when all it does is wait for the outside, as `weft show` says.
// Read-only: it opens the store and never starts an engine.
import type { RunStatus } from '../../runtime/journal/workflow-state.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { listingRunStore } from '../control-session.js';
import { listRunsAsTheyStand } from '../../runtime/store/runs-as-they-stand.js';
import { storeOptions } from '../run-store-option.js';
import { formatTable, formatUtcTime } from '../text-table.js';
import { windowOptions, windowText } from '../time-option.js';

const STATUSES: RunStatus[] = ['running', 'paused', 'waiting', 'completed', 'failed', 'cancelled'];

export const runsCommand: CliCommand = {
    name: 'runs',
    summary: 'list the runs in the store, newest first',
    usage: 'weft runs [--workflow Name] [--status running|waiting|paused|completed|failed|cancelled] [--key key] [--since 1h | time] [--until time] [--limit n] [--all] [--store path|url] [--json]',
    options: {
        ...storeOptions,
        workflow: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
        all: { type: 'boolean' },
        json: { type: 'boolean' },
        since: { type: 'string' },
        until: { type: 'string' },
        key: { type: 'string' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        const status = values.status as string | undefined;
        if (status !== undefined && !STATUSES.includes(status as RunStatus)) throw new UsageError(`unknown status '${status}' (one of ${STATUSES.join(', ')})`);
        const limit = values.limit === undefined ? 50 : Number(values.limit);
        if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit needs a positive whole number, not '${String(values.limit)}'`);
        const window = windowOptions(values);
        const runs = await listingRunStore('runs', values, cwd, io, '[]', (store) => listRunsAsTheyStand(store, {
            ...(values.workflow ? { workflow: values.workflow as string } : {}),
            ...(typeof values.key === 'string' ? { key: values.key } : {}),
            ...(status ? { status: status as RunStatus } : {}),
            ...window,
        }));
        if (runs === undefined) return ExitCode.ok;
        // Sub-runs are listed with --all only; their parents show them in `weft show`.
        const shown = runs.filter((r) => values.all || !r.parentRunId).slice(0, limit);
        if (values.json) {
            io.stdout(JSON.stringify(shown.map((r) => ({
                runId: r.runId, workflow: r.workflow, version: r.version, status: r.status,
                createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
                events: r.lastSeq, ...(r.parentRunId ? { parentRunId: r.parentRunId } : {}), ...(r.key !== undefined ? { key: r.key } : {}),
            })), null, 2) + '\n');
            return ExitCode.ok;
        }
        if (shown.length === 0) {
            io.stdout(`No runs${windowText(window)}.\n`);
            return ExitCode.ok;
        }
        io.stdout(formatTable(
            ['RUN', 'WORKFLOW', 'VERSION', 'STATUS', 'STARTED', 'EVENTS'],
            shown.map((r) => [r.runId, r.workflow, r.version, r.status, formatUtcTime(r.createdAt), String(r.lastSeq)]),
        ));
        return ExitCode.ok;
    },
};
