// CLI — what a command reports about a run: the `--json` object of `weft run` / `weft resume`
// ({runId, status, outputs, error?, trace}) and the exit code its status maps to. Reads the
// folded state only; it changes nothing.
import type { JournalError } from '../runtime/journal/journal-event.js';
import { completionTrace, type RunStatus, type WorkflowState } from '../runtime/journal/workflow-state.js';
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

/** What a run waits for, in words, with the command that moves it on. */
export function waitingHints(state: WorkflowState): string[] {
    const hints: string[] = [];
    if (state.paused) hints.push(`paused: weft resume ${state.instanceId}`);
    for (const t of state.tokens.values()) {
        if (t.phase !== 'waiting') continue;
        if (t.wait === 'approval') hints.push(`approval '${t.node}': weft approve ${state.instanceId} ${t.node} [--reject]`);
        else if (t.wait === 'event') hints.push(`event wait '${t.node}': weft emit <type> --data '<json>'`);
        else if (t.wait === 'child') hints.push(`sub-run '${t.node}' (${t.childRunId ?? '?'})`);
    }
    return hints;
}

/** The lines `weft run` ends with for a run: its status (and error), its outputs once completed, what it waits for. */
export function outcomeLines(runId: string, state: WorkflowState): string {
    const result = runResultJson(state);
    const shown = state.status === 'running' && !state.paused ? 'waiting' : state.status;
    let text = `Run ${runId} ${shown}${result.error ? `: ${result.error.name}${result.error.node ? ` at ${result.error.node}` : ''}: ${result.error.message}` : ''}\n`;
    if (state.status === 'completed') text += `  outputs ${JSON.stringify(state.outputs)}\n`;
    for (const hint of waitingHints(state)) text += `  waiting for ${hint}\n`;
    return text;
}
