// Run command — the vscode-free wording of runs: one output-channel line per engine event and
// the summary of an outcome. Shared by the run command, the Runs view and the history document.
// It formats only; it never prints secrets (the engine masks them before they reach events).
import type { EngineEvent, RunOutcome } from '../../runtime/engine/engine-events.js';
import type { JournalEvent } from '../../runtime/journal/journal-event.js';

/** `1.2 s`, `340 ms`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A value shortened for one line. */
export function brief(value: unknown, max = 120): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The line of a journal event, or undefined for events too fine-grained to show. */
export function journalLine(event: JournalEvent): string | undefined {
  switch (event.type) {
    case 'RunStarted': return 'run started';
    case 'NodeStarted': return event.attempt > 1 ? `▶ ${event.node} (attempt ${event.attempt})` : `▶ ${event.node}`;
    case 'NodeCompleted': return `✓ ${event.node}${event.cached ? ' (cached)' : ''} → ${brief(event.result)}`;
    case 'NodeFailed': return `✗ ${event.node}: ${event.error.name}: ${event.error.message}${event.routes?.length ? ' (handled)' : ''}`;
    case 'RetryScheduled': return `↻ ${event.node} retry scheduled`;
    case 'TimerScheduled': return '⏲ timer scheduled';
    case 'EventWaitStarted': return `… waiting for an event`;
    case 'EventReceived': return `event received`;
    case 'ApprovalRequested': return `? ${event.node} waits for approval: ${event.ask}`;
    case 'ApprovalDecided': return `${event.approved ? 'approved' : 'rejected'} ${event.node} by ${event.by}`;
    case 'VariableSet': return `variable set by ${event.actor ?? 'someone'}`;
    case 'NodeSkipped': return `⤼ ${event.node} skipped`;
    case 'NodeRetried': return `↻ ${event.node} retried`;
    case 'TokensRestored': return `↺ restored ${event.tokens.map((r) => r.node).join(', ')}`;
    case 'Paused': return 'paused';
    case 'Resumed': return 'resumed';
    case 'Cancelled': return `cancelled${event.reason ? `: ${event.reason}` : ''}`;
    case 'CompensationStarted': return 'compensating';
    case 'RunRecovered': return 'run recovered';
    case 'RunCompleted': return 'run completed';
    case 'RunFailed': return 'run failed';
    default: return undefined;
  }
}

/** The output-channel line of an engine event (`[runId] …`), or undefined to skip it. */
export function engineEventLine(event: EngineEvent): string | undefined {
  const run = `[${event.runId.slice(0, 8)}]`;
  switch (event.kind) {
    case 'journal': {
      const line = journalLine(event.event);
      return line === undefined ? undefined : `${run} ${event.workflow}: ${line}`;
    }
    case 'log': return `${run} ${event.node} ${event.level}: ${event.message}`;
    case 'run-finished': return `${run} ${outcomeSummary(event.outcome)}`;
    case 'run-crashed': return `${run} ${event.workflow} stopped: its journal could not be written (${event.error.message}); it is unfinished in its store`;
    case 'slot-wait': return `${run} ${event.node} waits for ${event.slot} (${event.elsewhere ? 'another process on the store holds it' : 'held in this process'})`;
  }
}

/** One sentence about how a run ended (or where it waits). */
export function outcomeSummary(outcome: RunOutcome): string {
  switch (outcome.status) {
    case 'completed': return `${outcome.workflow} completed: ${brief(outcome.outputs, 300)}`;
    case 'failed': return `${outcome.workflow} failed${outcome.error?.node ? ` at ${outcome.error.node}` : ''}: ${outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : 'unknown error'}`;
    case 'cancelled': return `${outcome.workflow} was cancelled`;
    case 'waiting': return `${outcome.workflow} is waiting (approval, timer or event); it continues from the Weft Runs view`;
    case 'paused': return `${outcome.workflow} is paused`;
    default: return `${outcome.workflow} is ${outcome.status}`;
  }
}
