// Journal — a run's audit trail as a view over its journal: every event a person, a tool or the
// engine itself caused from outside the workflow's own flow (the events with an `actor`: pause,
// resume, cancel, approve/reject, set variable, skip, retry, a delivered event, a recovery), in
// journal order, each with who, when and a sentence saying what was done. `weft show` prints it;
// nothing here is written by the engine. Values appear as journaled (secrets already masked).

import type { JournalEvent, TokenId } from './journal-event.js';

export interface AuditEntry {
  seq: number;
  /** Epoch ms on the run's clock. */
  at: number;
  /** Who: `cli:alice`, `editor`, `debugger`, `schedule`, `system`. */
  actor: string;
  /** The journal event's type (`Paused`, `ApprovalDecided`, …). */
  type: JournalEvent['type'];
  /** What was done, as a sentence without its subject: "approved 'check': looks fine". */
  action: string;
  /** The node acted on, for approvals, skips and retries. */
  node?: string;
  token?: TokenId;
}

/** An audit entry as JSON shows it (`weft show --json`, the server's `GET /runs/:id`): the time as ISO 8601. */
export interface AuditJson {
  seq: number;
  at: string;
  actor: string;
  type: JournalEvent['type'];
  action: string;
  node?: string;
}

/** The audit trail of a run's journal, as JSON shows it. */
export function auditJson(events: Iterable<JournalEvent>): AuditJson[] {
  return auditTrail(events).map((a) => ({ seq: a.seq, at: new Date(a.at).toISOString(), actor: a.actor, type: a.type, action: a.action, ...(a.node !== undefined ? { node: a.node } : {}) }));
}

/** Longest value shown in an action before it is cut (the journal keeps it whole). */
const VALUE_CHARS = 120;

/** The audit trail of a run's journal, in journal order. */
export function auditTrail(events: Iterable<JournalEvent>): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const e of events) {
    if (e.actor === undefined) continue;
    const entry: AuditEntry = { seq: e.seq, at: e.at, actor: e.actor, type: e.type, action: actionOf(e, e.actor) };
    if ('node' in e && typeof e.node === 'string') entry.node = e.node;
    if ('token' in e && typeof e.token === 'number') entry.token = e.token;
    entries.push(entry);
  }
  return entries;
}

function actionOf(e: JournalEvent, actor: string): string {
  switch (e.type) {
    case 'Paused': return 'paused the run';
    case 'Resumed': return 'resumed the run';
    case 'Cancelled': return e.reason ? `cancelled the run: ${e.reason}` : 'cancelled the run';
    case 'ApprovalDecided': {
      // `by` is the decider's name, the actor the channel it came through (`cli:alice` for alice):
      // named only when it is someone else.
      const onBehalf = e.by === actor || actor.endsWith(`:${e.by}`) ? '' : ` for ${e.by}`;
      return `${e.approved ? 'approved' : 'rejected'} '${e.node}'${onBehalf}${e.comment ? `: ${e.comment}` : ''}`;
    }
    case 'VariableSet': return `set ${e.role === 'output' ? 'output' : 'variable'} '${e.name}' to ${shown(e.value)}`;
    case 'NodeSkipped': return `skipped '${e.node}' with result ${shown(e.result)}`;
    case 'NodeRetried': return `retried '${e.node}'`;
    case 'TokensRestored':
      return `restored the branches the failure withdrew: ${e.tokens.map((r) => `'${r.node}'${r.was === 'joined' ? ' (arrives again)' : r.idempotent === false ? ' (started again; not marked idempotent)' : ''}`).join(', ')}`;
    case 'EventReceived': return `delivered event '${e.event.type}'${e.buffered ? ' (kept for a later wait)' : ''}`;
    case 'RunRecovered':
      return e.rerun.length
        ? `recovered the run, running again ${e.rerun.map((r) => `'${r.node}'`).join(', ')}`
        : 'recovered the run';
    default: return e.type;
  }
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}
