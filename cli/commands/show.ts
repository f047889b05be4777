// `weft show <runId> [--json] [--events]`: a run's state folded from its journal — status,
// inputs, variables, outputs, error, where its branches stand, every node execution with its
// timing, and the audit trail (who paused, resumed, cancelled, approved, set, skipped, retried,
// delivered or recovered, and when), the locks and concurrency slots its tasks hold or wait
// for in a store other processes share; `--events` adds the journal itself. Read-only: no engine
// is started.
import { auditJson, auditTrail, type AuditEntry } from '../../runtime/journal/audit-trail.js';
import { foldJournal } from '../../runtime/journal/fold.js';
import { currentNodes, TERMINAL_STATUSES } from '../../runtime/journal/workflow-state.js';
import { carrierOf } from '../../runtime/store/run-carriers.js';
import type { SlotState } from '../../runtime/store/run-store.js';
import { heldByText, slotJson, slotName, slotsOf } from '../run-slots.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { withRunStore } from '../control-session.js';
import { runResultJson, waitingHints } from '../run-result.js';
import { storeFileFor, storeOptions } from '../run-store-option.js';
import { liveServer } from '../../runtime/store/serve-marker.js';
import { storeArgument } from '../store-hint.js';
import { formatDuration, formatTable } from '../text-table.js';

/** `  holds     lock "desk" (task 'hit')`, or `  waiting   task 'hit' for lock "desk", held by run R (task 'hit', pid 4711)`. */
function slotLine(slot: SlotState, runId: string): string {
    if (slot.holds) return `  holds     ${slotName(slot)} (task '${slot.node}')`;
    return `  waiting   task '${slot.node}' for ${slotName(slot)}, held by ${heldByText(slot, runId)}`;
}

/** The history entry's note of the approval decision that ended it (`--json`: `decision`). */
function decidedBy(entry: AuditEntry | undefined): { decision?: { actor: string; action: string } } {
    return entry ? { decision: { actor: entry.actor, action: entry.action } } : {};
}

function value(v: unknown): string {
    const text = JSON.stringify(v);
    return text === undefined ? 'null' : text;
}

export const showCommand: CliCommand = {
    name: 'show',
    summary: 'show a run: state, history and per-node timings',
    usage: 'weft show <runId> [--events] [--store path|url] [--json]',
    options: { ...storeOptions, json: { type: 'boolean' }, events: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError('show needs exactly one run id');
        const runId = positionals[0]!;
        const found = await withRunStore(values, cwd, async (store) => {
            const record = await store.getRun(runId);
            if (!record) return undefined;
            const events = await store.readEvents(runId);
            const children = await store.listRuns({ parentRunId: runId });
            // A store shared across machines names a carrier on any of them (a local record, below, says more).
            const holder = store.heldElsewhere ? (await store.heldElsewhere([runId])).get(runId) : undefined;
            return { record, events, children, holder, slots: await slotsOf(store, runId) };
        }, 'read');
        if (!found) {
            io.stderr(`weft show: no run with id '${runId}' in this store\n`);
            return ExitCode.invalid;
        }
        const { record, events, children, holder, slots } = found;
        const state = foldJournal(runId, events);
        // Who carries an unfinished run now, if another live process does (`run-carriers.ts`):
        // controls from here are refused until it stops.
        const unfinished = !TERMINAL_STATUSES.has(state.status);
        const storeFile = storeFileFor(values, cwd);
        const carrier = unfinished ? carrierOf(storeFile, runId) : undefined;
        const carriedBy = carrier ? { command: carrier.command, pid: carrier.pid, since: carrier.startedAt }
            : holder !== undefined && unfinished ? { holder } : undefined;
        const audit = auditTrail(events);
        // Each approval's execution notes the decision that ended it: decisions of a node's
        // branch in journal order, taken by its executions in start order (a loop approves again).
        const decisions = new Map<string, AuditEntry[]>();
        for (const a of audit) {
            if (a.type !== 'ApprovalDecided') continue;
            const key = `${a.node}#${a.token}`;
            const list = decisions.get(key);
            if (list) list.push(a);
            else decisions.set(key, [a]);
        }
        const decisionOf = (node: string, token: number): AuditEntry | undefined => decisions.get(`${node}#${token}`)?.shift();
        const history = state.history.map((h) => ({
            node: h.node, token: h.token, attempt: h.attempt, status: h.status,
            startedAt: new Date(h.startedAt).toISOString(),
            endedAt: h.endedAt === undefined ? null : new Date(h.endedAt).toISOString(),
            durationMs: h.endedAt === undefined ? null : h.endedAt - h.startedAt,
            ...(h.error ? { error: h.error } : {}), ...(h.cached ? { cached: true } : {}), ...(h.usage ? { usage: h.usage } : {}),
            ...decidedBy(decisionOf(h.node, h.token)),
        }));
        if (values.json) {
            io.stdout(JSON.stringify({
                ...runResultJson(state),
                workflow: record.workflow, version: record.version, bundleHash: record.bundleHash,
                ...(record.parentRunId ? { parentRunId: record.parentRunId } : {}),
                ...(record.key !== undefined ? { key: record.key } : {}),
                inputs: state.inputs, variables: state.variables, paused: state.paused, ...(carriedBy ? { carriedBy } : {}),
                current: currentNodes(state), ...(slots.length ? { slots: slots.map(slotJson) } : {}), history, children: children.map((c) => ({ runId: c.runId, workflow: c.workflow, status: c.status })),
                audit: auditJson(events),
                ...(values.events ? { events } : {}),
            }, null, 2) + '\n');
            return ExitCode.ok;
        }
        const out: string[] = [];
        out.push(`Run ${runId}: ${record.workflow} ${record.version} — ${state.status}${state.paused && state.status !== 'paused' ? ' (paused)' : ''}`);
        if (record.parentRunId) out.push(`  sub-run of ${record.parentRunId}`);
        if (record.key !== undefined) out.push(`  key       ${record.key}`);
        if (carriedBy) {
            // On another machine (named by a PostgreSQL store) or on this one (its carrier record): controls and events are passed to it through the store.
            const who = 'holder' in carriedBy ? carriedBy.holder : `${carriedBy.command} (pid ${carriedBy.pid}) since ${carriedBy.since}`;
            out.push(`  carried by ${who}: controls are passed to it; follow it with weft watch ${runId}${storeArgument(values, cwd)}`);
        }
        // An unfinished run has taken until now (or its journal's last time, ahead of now under virtual time).
        const ended = state.endedAt ?? Math.max(Date.now(), events[events.length - 1]?.at ?? state.startedAt);
        const budget = state.timeoutMs !== undefined ? `, timeout ${formatDuration(state.timeoutMs)}` : '';
        out.push(`  started ${new Date(state.startedAt).toISOString()}, ${state.endedAt !== undefined ? 'took' : 'so far'} ${formatDuration(ended - state.startedAt)}${budget}, ${state.steps} of ${state.stepBudget.toLocaleString('en')} steps, ${events.length} journal events`);
        out.push(`  inputs    ${value(state.inputs)}`);
        if (Object.keys(state.variables).length) out.push(`  variables ${value(state.variables)}`);
        out.push(`  outputs   ${value(state.outputs)}`);
        if (state.error) out.push(`  error     ${state.error.name}${state.error.node ? ` at ${state.error.node}` : ''}: ${state.error.message}`);
        if (state.terminatedBy) out.push(`  terminated by ${state.terminatedBy}`);
        const current = currentNodes(state);
        if (current.length) out.push(`  current   ${current.map((c) => `${c.node} (${c.phase}, branch ${c.token})`).join(', ')}`);
        const store = storeArgument(values, cwd);
        const hints = waitingHints(state, store);
        for (const hint of hints) out.push(`  waiting   ${hint}`);
        for (const slot of slots) out.push(slotLine(slot, runId));
        // Mid-run with nothing to carry it on (its process was stopped): it moves only once resumed.
        if (unfinished && !carriedBy && hints.length === 0 && liveServer(storeFile) === undefined) {
            out.push(`  carried by nothing: no live process carries it now (its process stopped); continue it with: weft resume ${runId}${store}`);
        }
        for (const c of children) out.push(`  sub-run   ${c.runId} ${c.workflow} ${c.status}`);
        io.stdout(out.join('\n') + '\n\n');
        io.stdout(formatTable(
            ['NODE', 'BRANCH', 'ATTEMPT', 'STATUS', 'STARTED', 'DURATION', 'NOTE'],
            history.map((h) => [
                h.node, String(h.token), String(h.attempt), h.status, h.startedAt.slice(11, 23),
                h.durationMs === null ? '…' : formatDuration(h.durationMs),
                h.error ? `${h.error.name}: ${h.error.message}` : h.cached ? 'cached' : h.decision ? `${h.decision.action} (${h.decision.actor})` : '',
            ]),
        ));
        if (audit.length) {
            io.stdout('\nAudit trail:\n');
            io.stdout(formatTable(['TIME', 'ACTOR', 'ACTION'], audit.map((a) => [new Date(a.at).toISOString().slice(11, 23), a.actor, a.action])).trimEnd().replace(/^/gm, '  ') + '\n');
        }
        if (values.events) {
            io.stdout('\nJournal:\n');
            for (const e of events) {
                const { seq, at, type, ...rest } = e;
                io.stdout(`  ${String(seq).padStart(4)}  ${new Date(at).toISOString().slice(11, 23)}  ${type} ${JSON.stringify(rest)}\n`);
            }
        }
        return ExitCode.ok;
    },
};
