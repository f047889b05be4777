// Test support — the history and results a run's state had when the fold built them at every
// step (sessions 3–5): the reference the log views (`execution-history.ts`, `node-results.ts`)
// are checked against. It follows the fold's own tokens, so it shares no code with the views.

import { applyEvent } from '../../../../runtime/journal/fold.js';
import type { JournalError, JournalEvent } from '../../../../runtime/journal/journal-event.js';
import { Execution } from '../../../../runtime/journal/node-execution.js';
import type { TokenState, WorkflowState } from '../../../../runtime/journal/workflow-state.js';

/**
 * Folds events into a state with `applyEvent` and, around each, takes the per-step fold's history
 * steps: a token's current entry (`token.exec` then) is kept here per token object.
 */
export class ReferenceFold {
  readonly history: Execution[] = [];
  /** Node name → latest result, in the order names first got one (the plain object it was). */
  readonly results: Record<string, unknown> = {};
  readonly #exec = new WeakMap<TokenState, number>();

  constructor(readonly state: WorkflowState) {}

  #execOf(token: TokenState | undefined): number {
    return token === undefined ? -1 : this.#exec.get(token) ?? -1;
  }

  #end(token: TokenState | undefined, e: JournalEvent): void {
    const i = this.#execOf(token);
    if (i < 0) return;
    const x = this.history[i];
    if (x !== undefined && x.ending === undefined) x.ending = e;
  }

  #amend(token: TokenState | undefined, e: JournalEvent, error: JournalError | undefined, usage: Record<string, number> | undefined, cached: boolean): void {
    const i = this.#execOf(token);
    if (i >= 0) this.history[i]!.amend(e, error, usage, cached);
  }

  fold(e: JournalEvent): void {
    const tokens = this.state.tokens;
    const pre = 'token' in e && typeof e.token === 'number' ? tokens.get(e.token) : undefined;
    switch (e.type) {
      case 'NodeCompleted':
        this.#end(pre, e);
        this.#amend(pre, e, undefined, e.usage, e.cached === true);
        break;
      case 'NodeFailed':
        this.#end(pre, e);
        this.#amend(pre, e, e.error, e.usage, false);
        break;
      case 'RetryScheduled':
        this.#end(pre, e);
        this.#amend(pre, e, e.error, undefined, false);
        break;
      case 'NodeSkipped': {
        const i = this.#execOf(pre);
        if (i >= 0 && this.history[i]!.ending === undefined) this.#end(pre, e);
        else this.history.push(new Execution({ node: e.node, token: e.token, attempt: pre?.attempt ?? 0, at: e.at }, e));
        break;
      }
      case 'TokensCancelled':
        for (const id of e.tokens) this.#end(tokens.get(id), e);
        break;
      case 'RunRecovered':
        for (const r of e.rerun) this.#end(tokens.get(r.token), e);
        break;
      case 'Cancelled':
      case 'RunCompleted':
        for (const t of tokens.values()) this.#end(t, e);
        break;
    }
    if (e.type === 'NodeCompleted' || e.type === 'NodeSkipped') this.results[e.node] = e.result;
    applyEvent(this.state, e);
    if (e.type === 'NodeStarted') {
      const token = pre ?? this.state.tokens.get(e.token)!;
      this.#exec.set(token, this.history.length);
      this.history.push(new Execution(e));
    }
    // A token that moved on (in place, over one route keeping its id) runs no entry any more; one
    // that left is never looked up again.
    if (pre !== undefined && (e.type === 'NodeCompleted' || e.type === 'NodeSkipped' || (e.type === 'NodeFailed' && e.routes))) this.#exec.delete(pre);
  }
}
