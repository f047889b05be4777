// CLI — what a command reports about a run: the `--json` object of `weft run` / `weft resume`
// ({runId, status, outputs, error?, trace}) and the exit code its status maps to. Reads the
// folded state only; it changes nothing.
import type { JournalError } from '../runtime/journal/journal-event.js';
import { completionTrace, TERMINAL_STATUSES, type RunStatus, type WorkflowState } from '../runtime/journal/workflow-state.js';
import { ExitCode } from './command.js';

export interface RunResultJson {
    runId: string;
    status: RunStatus;
    outputs: Record<string, unknown>;
    error?: { name: string; message: string; node: string | null };
    trace: Array<{ node: string; status: string; attempt: number; startedAt: string; endedAt: string | null }>;
}

function iso(ms: number): string {
    return new Date(ms).toISOString();
}

export function errorJson(error: JournalError): { name: string; message: string; node: string | null } {
    return { name: error.name, message: error.message, node: error.node ?? null };
}

export function runResultJson(state: WorkflowState): RunResultJson {
    const result: RunResultJson = {
        runId: state.instanceId,
        status: state.status,
        outputs: state.outputs,
        trace: completionTrace(state).map((t) => ({
            node: t.node, status: t.status, attempt: t.attempt,
            startedAt: iso(t.startedAt), endedAt: t.endedAt === undefined ? null : iso(t.endedAt),
        })),
    };
    if (state.error && (state.status === 'failed' || state.status === 'cancelled')) result.error = errorJson(state.error);
    return result;
}

/** 0 for a completed run (or one left waiting for the outside), 1 for failed or cancelled. */
export function exitCodeFor(status: RunStatus): number {
    return status === 'failed' || status === 'cancelled' ? ExitCode.invalid : ExitCode.ok;
}

/**
 * What a run waits for, in words, with the command that moves it on (`store`: the ` --store <path>`
 * that command needs from here, `storeArgument`).
 */
export function waitingHints(state: WorkflowState, store = ''): string[] {
    const hints: string[] = [];
    if (state.paused) hints.push(`paused: weft resume ${state.instanceId}${store}`);
    for (const t of state.tokens.values()) {
        if (t.phase !== 'waiting') continue;
        if (t.wait === 'approval') hints.push(`approval '${t.node}': weft approve ${state.instanceId} ${t.node}${store} [--reject]`);
        else if (t.wait === 'event') hints.push(`event wait '${t.node}': weft emit <type> --data '<json>'${store}`);
        else if (t.wait === 'child') hints.push(`sub-run '${t.node}' (${t.childRunId ?? '?'})`);
    }
    return hints;
}

/**
 * The lines `weft run` ends with for a run: its status (and error), its outputs once completed,
 * what it waits for. A run of an in-memory store (`memory`) left waiting is gone with the
 * process: no command can move it on, so none is offered.
 */
export function outcomeLines(runId: string, state: WorkflowState, store = '', memory = false): string {
    const result = runResultJson(state);
    const shown = state.status === 'running' && !state.paused ? 'waiting' : state.status;
    let text = `Run ${runId} ${shown}${result.error ? `: ${result.error.name}${result.error.node ? ` at ${result.error.node}` : ''}: ${result.error.message}` : ''}\n`;
    if (state.status === 'completed') text += `  outputs ${JSON.stringify(state.outputs)}\n`;
    if (memory && !TERMINAL_STATUSES.has(state.status)) {
        return text + '  it was kept in memory only (--memory) and is gone now: run it without --memory (a store keeps it) to act on it later\n';
    }
    for (const hint of waitingHints(state, store)) text += `  waiting for ${hint}\n`;
    return text;
}
