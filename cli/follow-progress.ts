// CLI — live progress of runs started by `weft run` or carried on by `weft resume`, `approve` and
// `emit`: a header when a run starts, then one line as each node starts, completes, retries or fails (with durations), from durable journal events. Plain
// text; it only observes the engine.
import type { Engine } from '../runtime/engine/engine.js';
import { isStartOrEnd } from '../runtime/journal/workflow-state.js';
import type { CliIo } from './command.js';
import { formatDuration } from './text-table.js';

export function followProgress(engine: Engine, io: CliIo): () => void {
    const started = new Map<string, number>();
    return engine.onEvent((e) => {
        if (e.kind !== 'journal') return;
        const ev = e.event;
        const key = (node: string, token: number) => `${e.runId}/${node}/${token}`;
        const who = e.runId.includes('.') ? `  [${e.workflow}] ` : '  ';
        switch (ev.type) {
            case 'RunStarted':
                // The header comes from the journal too, so it always precedes the run's first node.
                if (!e.runId.includes('.')) io.stdout(`Run ${e.runId} of ${e.workflow} started\n`);
                break;
            case 'NodeStarted':
                started.set(key(ev.node, ev.token), ev.at);
                if (!isStartOrEnd(ev.node)) io.stdout(`${who}▸ ${ev.node}${ev.attempt > 1 ? ` (attempt ${ev.attempt})` : ''}\n`);
                break;
            case 'NodeCompleted': {
                const t0 = started.get(key(ev.node, ev.token));
                if (!isStartOrEnd(ev.node)) io.stdout(`${who}✓ ${ev.node}${t0 !== undefined ? ` ${formatDuration(ev.at - t0)}` : ''}${ev.cached ? ' (cached)' : ''}\n`);
                break;
            }
            case 'NodeFailed':
                io.stdout(`${who}✗ ${ev.node} ${ev.error.name}: ${ev.error.message}${ev.routes ? ' (handled)' : ''}\n`);
                break;
            case 'RetryScheduled':
                io.stdout(`${who}↻ ${ev.node} retry ${ev.attempt - 1} in ${formatDuration(ev.delayMs)} after ${ev.error.name}\n`);
                break;
            case 'RunRecovered':
                for (const r of ev.rerun) io.stdout(`${who}! ${r.node} was interrupted; running it again${r.idempotent ? '' : ' (not marked idempotent)'}\n`);
                break;
            case 'ApprovalRequested':
                io.stdout(`${who}? ${ev.node} waits for approval: ${ev.ask}\n`);
                break;
            case 'Paused': io.stdout(`${who}paused by ${ev.actor ?? 'someone'}\n`); break;
            case 'Resumed': io.stdout(`${who}resumed by ${ev.actor ?? 'someone'}\n`); break;
            case 'Cancelled': io.stdout(`${who}cancelled by ${ev.actor ?? 'someone'}${ev.reason ? `: ${ev.reason}` : ''}\n`); break;
            default: break;
        }
    });
}
