// `weft prune [runId…] [--older-than 30d] [--status completed,failed,cancelled] [--workflow Name]
// [--dry-run] [--store path|url] [--json]`: deletes ended runs from the store — each top-level run
// with its sub-runs and their journals — that ended longer ago than `--older-than`, or the runs
// named. Runs that go on are never deleted, nor an ended run that another live process holds
// (a control reopening it). A store's runs and journals otherwise grow for ever; `weft serve
// --retain` does the same on a schedule; `--vacuum` then gives the freed space back to the disk
// (refused while another process uses the store). Exit 0 (also when nothing qualified), 1 when a named
// run cannot be pruned (then nothing is), 2 for usage errors.
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { withRunStore } from '../control-session.js';
import { isPostgresStore, storeFileFor, storeOptions } from '../run-store-option.js';
import { formatTable, formatUtcTime } from '../text-table.js';
import { durationOption } from '../time-option.js';
import { TERMINAL_STATUSES, type RunStatus } from '../../runtime/journal/workflow-state.js';
import { foldJournal } from '../../runtime/journal/fold.js';
import { carriedRunsIn } from '../../runtime/store/run-carriers.js';
import { liveServer } from '../../runtime/store/serve-marker.js';
import { SqliteRunStore } from '../../runtime/store/sqlite-run-store.js';
import type { PruneRequest, PrunedRun, RunStore } from '../../runtime/store/run-store.js';

export const pruneCommand: CliCommand = {
    name: 'prune',
    summary: 'delete ended runs (with their sub-runs and journals) older than a duration, or the runs named',
    usage: 'weft prune [runId…] [--older-than 30d] [--status completed,failed,cancelled] [--workflow Name] [--dry-run] [--vacuum] [--store path|url] [--json]',
    options: {
        ...storeOptions,
        'older-than': { type: 'string' },
        status: { type: 'string' },
        workflow: { type: 'string' },
        'dry-run': { type: 'boolean' },
        vacuum: { type: 'boolean' },
        json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        const olderThan = values['older-than'] as string | undefined;
        if (olderThan === undefined && positionals.length === 0) {
            throw new UsageError('prune needs --older-than <duration> (such as 30d or 12h) or the ids of the runs to delete');
        }
        const request: PruneRequest = { dryRun: values['dry-run'] === true };
        const now = Date.now();
        if (olderThan !== undefined) request.endedBefore = now - durationOption('--older-than', olderThan);
        if (values.status !== undefined) request.statuses = statusesOption(values.status as string);
        if (values.workflow !== undefined) request.workflow = values.workflow as string;
        if (positionals.length) request.runIds = [...new Set(positionals)];
        const storeFile = storeFileFor(values, cwd);
        const vacuum = values.vacuum === true;
        if (vacuum && request.dryRun) throw new UsageError('--vacuum gives space back after a prune: not with --dry-run');
        if (vacuum && isPostgresStore(values)) throw new UsageError('--vacuum is for a SQLite store: PostgreSQL\'s autovacuum reuses the space of pruned runs (VACUUM FULL, run by its administrator, gives it back to the disk)');
        // The live processes that carry runs of the store, read once: the check below and `keep`.
        const carried = carriedRunsIn(storeFile);
        if (vacuum) {
            // VACUUM holds the write lock while it rewrites the file: the commits of a process
            // using the store would wait, and fail after 5 s.
            const server = liveServer(storeFile);
            const users = [...(server ? [`weft serve (pid ${server.pid})`] : []), ...new Set([...carried.values()].map((c) => `${c.command} (pid ${c.pid})`))];
            if (users.length) {
                io.stderr(`weft prune: --vacuum needs the store to itself, and ${users.join(', ')} uses it; prune without --vacuum, or stop ${users.length === 1 ? 'it' : 'them'} first\n`);
                return ExitCode.invalid;
            }
        }
        return withRunStore(values, cwd, async (store) => {
            if (!store.pruneRuns) throw new Error('this store cannot prune runs');
            // A named run that cannot be pruned is an error, and then nothing is pruned.
            const refusals = request.runIds ? await refusalsFor(store, request.runIds) : [];
            if (refusals.length) {
                for (const r of refusals) io.stderr(`weft prune: ${r}\n`);
                io.stderr('weft prune: nothing was pruned\n');
                return ExitCode.invalid;
            }
            // Ended runs a live process holds are left to it (a control reopening one, most likely).
            const held: string[] = [];
            request.keep = (runId) => {
                const carrier = carried.get(runId);
                if (carrier) held.push(`left run ${runId}: ${carrier.command} (pid ${carrier.pid}) holds it`);
                return carrier !== undefined;
            };
            const pruned = await store.pruneRuns(request);
            for (const line of held) io.stderr(`weft prune: ${line}\n`);
            const vacuumed = vacuum && store instanceof SqliteRunStore ? await store.vacuum() : undefined;
            return report(io, request, pruned, request.runIds && held.length ? ExitCode.invalid : ExitCode.ok, values.json === true, vacuumed);
        });
    },
};

function statusesOption(text: string): RunStatus[] {
    const statuses = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (statuses.length === 0) throw new UsageError('--status needs one or more of completed, failed, cancelled');
    for (const s of statuses) {
        if (!TERMINAL_STATUSES.has(s as RunStatus)) throw new UsageError(`--status '${s}': only ended runs are pruned (completed, failed, cancelled)`);
    }
    return statuses as RunStatus[];
}

/** Why each named run cannot be pruned: unknown, a sub-run, or not ended. */
async function refusalsFor(store: RunStore, runIds: readonly string[]): Promise<string[]> {
    const refusals: string[] = [];
    for (const runId of runIds) {
        const run = await store.getRun(runId);
        if (!run) refusals.push(`no run with id '${runId}' in this store`);
        else if (run.parentRunId !== undefined) refusals.push(`run ${runId} is a sub-run of ${run.parentRunId}: it is pruned with that run`);
        else if (!TERMINAL_STATUSES.has(run.status)) {
            // The fold's word (`waiting` for a run that waits for the outside), as `weft show` says.
            const status = run.status === 'running' ? foldJournal(runId, await store.readEvents(runId)).status : run.status;
            refusals.push(`run ${runId} is ${status}: only ended runs are pruned (cancel it first)`);
        }
    }
    return refusals;
}

function report(io: { stdout(text: string): void }, request: PruneRequest, pruned: PrunedRun[], code: number, json: boolean, vacuumed?: { before: number; after: number }): number {
    const dry = request.dryRun === true;
    if (json) {
        io.stdout(JSON.stringify({
            dryRun: dry,
            ...(vacuumed ? { vacuumed: { bytesBefore: vacuumed.before, bytesAfter: vacuumed.after } } : {}),
            ...(request.endedBefore !== undefined ? { endedBefore: new Date(request.endedBefore).toISOString() } : {}),
            runs: pruned.map((p) => ({ runId: p.runId, workflow: p.workflow, status: p.status, createdAt: new Date(p.createdAt).toISOString(), endedAt: new Date(p.endedAt).toISOString(), subRuns: p.subRuns })),
        }, null, 2) + '\n');
        return code;
    }
    const before = request.endedBefore !== undefined ? ` that ended before ${formatUtcTime(request.endedBefore)}` : '';
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
    const shrunk = vacuumed ? `The store's file went from ${mb(vacuumed.before)} to ${mb(vacuumed.after)}.\n` : '';
    if (pruned.length === 0) {
        io.stdout(`No ended runs${before} to prune.\n${shrunk}`);
        return code;
    }
    const subRuns = pruned.reduce((n, p) => n + p.subRuns.length, 0);
    const counted = `${pruned.length} run${pruned.length === 1 ? '' : 's'}${subRuns ? ` (and ${subRuns} sub-run${subRuns === 1 ? '' : 's'})` : ''}${before}`;
    if (dry) {
        io.stdout(`Would prune ${counted}:\n`);
        io.stdout(formatTable(['RUN', 'WORKFLOW', 'STATUS', 'ENDED', 'SUB-RUNS'],
            pruned.map((p) => [p.runId, p.workflow, p.status, formatUtcTime(p.endedAt), String(p.subRuns.length)])));
    } else {
        io.stdout(`Pruned ${counted}.\n${shrunk}`);
    }
    return code;
}
