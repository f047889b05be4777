// CLI — live progress of runs: a header when a run starts, then one line as each node starts,
// completes, retries or fails (with durations), waits for its lock or concurrency slot, an
// approval is asked for, a run is paused,
// resumed or cancelled. From durable journal events, as an engine of this process records them
// (`followProgress`: `weft run`, `resume`, `approve`, `emit`) or as another process's are read
// from the store (`weft watch`). Plain text; it only observes.
import type { Engine } from '../runtime/engine/engine.js';
import type { JournalEvent } from '../runtime/journal/journal-event.js';
import { isStartOrEnd, type NodeExecution } from '../runtime/journal/workflow-state.js';
import type { CliIo } from './command.js';
import { formatDuration } from './text-table.js';

/** When a node's execution on a branch started, as a run's journal says (its state), for starts this process did not see. */
export type StartOf = (runId: string, node: string, token: number) => number | undefined;

/**
 * The progress lines of runs' journal events, in journal order (it keeps each node's start to
 * show its duration; `startOf` answers for a start journaled before this process followed the run,
 * as after `weft approve` or `resume`).
 */
export class ProgressLines {
    private readonly started = new Map<string, number>();

    constructor(private readonly startOf?: StartOf) {}

    /** ` 120ms`: how long the node's execution on `token` ran until `at`, or '' when its start is unknown. */
    private took(runId: string, node: string, token: number, at: number): string {
        const t0 = this.started.get(`${runId}/${node}/${token}`) ?? this.startOf?.(runId, node, token);
        return t0 !== undefined ? ` ${formatDuration(Math.max(0, at - t0))}` : '';
    }

    /** The line (with its newline) `event` of run `runId` (of `workflow`) prints, if any. Sub-runs (`parent.n`) are marked with their workflow. */
    line(runId: string, workflow: string, ev: JournalEvent): string | undefined {
        const key = (node: string, token: number) => `${runId}/${node}/${token}`;
        const who = lineStart(runId, workflow);
        switch (ev.type) {
            case 'RunStarted':
                // The header comes from the journal too, so it always precedes the run's first node.
                return runId.includes('.') ? undefined : `Run ${runId} of ${workflow} started\n`;
            case 'NodeStarted':
                this.started.set(key(ev.node, ev.token), ev.at);
                return isStartOrEnd(ev.node) ? undefined : `${who}▸ ${ev.node}${ev.attempt > 1 ? ` (attempt ${ev.attempt})` : ''}\n`;
            case 'NodeCompleted':
                return isStartOrEnd(ev.node) ? undefined : `${who}✓ ${ev.node}${this.took(runId, ev.node, ev.token, ev.at)}${ev.cached ? ' (cached)' : ''}\n`;
            case 'NodeFailed':
                return `${who}✗ ${ev.node}${this.took(runId, ev.node, ev.token, ev.at)} ${ev.error.name}: ${ev.error.message}${ev.routes ? ' (handled)' : ''}\n`;
            case 'RetryScheduled':
                // How long the failed attempt ran, then the delay before the next.
                return `${who}↻ ${ev.node}${this.took(runId, ev.node, ev.token, ev.at)} retry ${ev.attempt - 1} in ${formatDuration(ev.delayMs)} after ${ev.error.name}\n`;
            case 'RunRecovered':
                return ev.rerun.map((r) => `${who}! ${r.node} was interrupted; running it again${r.idempotent ? '' : ' (not marked idempotent)'}\n`).join('') || undefined;
            case 'ApprovalRequested':
                return `${who}? ${ev.node} waits for approval: ${ev.ask}\n`;
            case 'Paused': return `${who}paused by ${ev.actor ?? 'someone'}\n`;
            case 'Resumed': return `${who}resumed by ${ev.actor ?? 'someone'}\n`;
            case 'Cancelled': return `${who}cancelled by ${ev.actor ?? 'someone'}${ev.reason ? `: ${ev.reason}` : ''}\n`;
            default: return undefined;
        }
    }
}

/** How a run's progress line starts: indented, and marked with the workflow for a sub-run (`parent.n`). */
export function lineStart(runId: string, workflow: string): string {
    return runId.includes('.') ? `  [${workflow}] ` : '  ';
}

export function followProgress(engine: Engine, io: CliIo): () => void {
    // A node started before this process took the run on (it was approved, resumed, sent an event): its start is in the run's state.
    const lines = new ProgressLines((runId, node, token) => lastStart(engine.peek(runId)?.history, node, token));
    return engine.onEvent((e) => {
        if (e.kind === 'slot-wait') {
            io.stdout(slotWaitLine(e.runId, e.workflow, e.node, e.slot, e.elsewhere));
            return;
        }
        if (e.kind !== 'journal') return;
        const line = lines.line(e.runId, e.workflow, e.event);
        if (line !== undefined) io.stdout(line);
    });
}

/** `  ⋯ hit waits for lock "desk" (another process holds it; see weft show R)`, or `(held in this process)`: a task held back by its lock or concurrency slot. */
export function slotWaitLine(runId: string, workflow: string, node: string, slot: string, elsewhere: boolean): string {
    return `${lineStart(runId, workflow)}⋯ ${node} waits for ${slot} (${elsewhere ? `another process holds it; see weft show ${runId}` : 'held in this process'})\n`;
}

/** When the last execution of `node` on branch `token` in `history` started. */
export function lastStart(history: readonly NodeExecution[] | undefined, node: string, token: number): number | undefined {
    for (let i = (history?.length ?? 0) - 1; i >= 0; i--) {
        const h = history![i]!;
        if (h.node === node && h.token === token) return h.startedAt;
    }
    return undefined;
}
