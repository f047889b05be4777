// CLI — live progress of runs: a header when a run starts, then one line as each node starts,
// completes, retries or fails (with durations), an approval is asked for, a run is paused,
// resumed or cancelled. From durable journal events, as an engine of this process records them
// (`followProgress`: `weft run`, `resume`, `approve`, `emit`) or as another process's are read
// from the store (`weft watch`). Plain text; it only observes.
import type { Engine } from '../runtime/engine/engine.js';
import type { JournalEvent } from '../runtime/journal/journal-event.js';
import { isStartOrEnd } from '../runtime/journal/workflow-state.js';
import type { CliIo } from './command.js';
import { formatDuration } from './text-table.js';

/** The progress lines of runs' journal events, in journal order (it keeps each node's start to show its duration). */
export class ProgressLines {
    private readonly started = new Map<string, number>();

    /** The line (with its newline) `event` of run `runId` (of `workflow`) prints, if any. Sub-runs (`parent.n`) are marked with their workflow. */
    line(runId: string, workflow: string, ev: JournalEvent): string | undefined {
        const key = (node: string, token: number) => `${runId}/${node}/${token}`;
        const who = runId.includes('.') ? `  [${workflow}] ` : '  ';
        switch (ev.type) {
            case 'RunStarted':
                // The header comes from the journal too, so it always precedes the run's first node.
                return runId.includes('.') ? undefined : `Run ${runId} of ${workflow} started\n`;
            case 'NodeStarted':
                this.started.set(key(ev.node, ev.token), ev.at);
                return isStartOrEnd(ev.node) ? undefined : `${who}▸ ${ev.node}${ev.attempt > 1 ? ` (attempt ${ev.attempt})` : ''}\n`;
            case 'NodeCompleted': {
                const t0 = this.started.get(key(ev.node, ev.token));
                return isStartOrEnd(ev.node) ? undefined : `${who}✓ ${ev.node}${t0 !== undefined ? ` ${formatDuration(ev.at - t0)}` : ''}${ev.cached ? ' (cached)' : ''}\n`;
            }
            case 'NodeFailed':
                return `${who}✗ ${ev.node} ${ev.error.name}: ${ev.error.message}${ev.routes ? ' (handled)' : ''}\n`;
            case 'RetryScheduled':
                return `${who}↻ ${ev.node} retry ${ev.attempt - 1} in ${formatDuration(ev.delayMs)} after ${ev.error.name}\n`;
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

export function followProgress(engine: Engine, io: CliIo): () => void {
    const lines = new ProgressLines();
    return engine.onEvent((e) => {
        if (e.kind !== 'journal') return;
        const line = lines.line(e.runId, e.workflow, e.event);
        if (line !== undefined) io.stdout(line);
    });
}
