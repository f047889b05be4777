// Journal — a run's history (`WorkflowState.history`) as a view over its event log: the node
// executions the events open and end, made when someone reads them (`weft show`, the debugger,
// the runs view, `completionTrace`), not by the fold at every step. Nothing here is written by
// the engine; the fold only appends events to the log.

import type { JournalEvent, NodeStarted, Route, TokenId } from './journal-event.js';
import { Execution } from './node-execution.js';

/**
 * What the view needs to know of a live token to place an event in the history: the execution
 * it runs (index in the entries, -1 when none since it last moved) and its attempt (a skip with
 * no execution of its own records it). The fold's tokens carry the same two facts; the view
 * keeps its own, following the same events the same way (`applyEvent` in `fold.ts`).
 */
class TokenMark {
  exec = -1;
  attempt = 0;
  constructor(readonly id: TokenId) {}
}

/**
 * A run's node executions in start order, caught up with the log on read. Each event is read
 * once, by the first reader after it was folded, so reading the history after every step of a
 * long run costs what the fold used to (one entry per execution), not O(steps²).
 *
 * The placement rules are the per-step fold's: a `NodeStarted` opens an entry for its token; an
 * event that completes, fails, retries, skips or cancels a token's node ends the entry the token
 * runs, if still open (a later event on an ended entry amends its figures, `Execution.amend`); a
 * token that moves or leaves runs no entry; a skip of a node the token did not start adds an
 * entry of its own. `test/runtime/journal/execution-history.test.ts` compares the view with the
 * per-step fold it replaces, event by event, on hand-made, random and conformance journals.
 */
export class ExecutionHistory {
  readonly entries: Execution[] = [];
  /** How many events of the log have been read. */
  #read = 0;
  #tokens = new Map<TokenId, TokenMark>();

  constructor(private readonly log: readonly JournalEvent[]) {}

  /** The entries, after reading the events folded since the last call. */
  sync(): Execution[] {
    const log = this.log;
    for (let i = this.#read; i < log.length; i++) this.#apply(log[i]!);
    this.#read = log.length;
    return this.entries;
  }

  #add(id: TokenId): TokenMark {
    const mark = new TokenMark(id);
    this.#tokens.set(id, mark);
    return mark;
  }

  #open(mark: TokenMark, e: NodeStarted): void {
    mark.attempt = e.attempt;
    mark.exec = this.entries.length;
    this.entries.push(new Execution(e));
  }

  /** Ends the entry `mark` runs with `e`, if it is still open. */
  #end(mark: TokenMark | undefined, e: JournalEvent): void {
    if (mark === undefined || mark.exec < 0) return;
    const exec = this.entries[mark.exec];
    if (exec !== undefined && exec.ending === undefined) exec.ending = e;
  }

  /** A token leaving its node over `routes`: it moves in place over one route keeping its id, else leaves and the routes' tokens appear. */
  #route(from: TokenMark | undefined, routes: readonly Route[] | undefined): void {
    if (from !== undefined && routes !== undefined && routes.length === 1 && routes[0]!.token === from.id) {
      from.exec = -1;
      from.attempt = 0;
      return;
    }
    if (from !== undefined) this.#tokens.delete(from.id);
    if (routes === undefined) return;
    for (let i = 0; i < routes.length; i++) this.#add(routes[i]!.token);
  }

  #endAll(e: JournalEvent): void {
    for (const mark of this.#tokens.values()) this.#end(mark, e);
    this.#tokens.clear();
  }

  #apply(e: JournalEvent): void {
    const tokens = this.#tokens;
    switch (e.type) {
      case 'RunStarted':
        this.#add(e.token);
        break;
      case 'NodeStarted': {
        // Looked up before the joined tokens leave, as the fold does.
        let mark = tokens.get(e.token);
        if (e.joined) for (const id of e.joined) tokens.delete(id);
        if (mark === undefined) mark = this.#add(e.token);
        this.#open(mark, e);
        break;
      }
      case 'NodeCompleted': {
        const mark = tokens.get(e.token);
        this.#end(mark, e);
        if (mark !== undefined && mark.exec >= 0) this.entries[mark.exec]!.amend(e, undefined, e.usage, e.cached === true);
        this.#route(mark, e.routes);
        break;
      }
      case 'NodeFailed': {
        const mark = tokens.get(e.token);
        this.#end(mark, e);
        if (mark !== undefined && mark.exec >= 0) this.entries[mark.exec]!.amend(e, e.error, e.usage, false);
        if (e.routes) this.#route(mark, e.routes);
        break;
      }
      case 'RetryScheduled': {
        const mark = tokens.get(e.token);
        if (mark === undefined) break;
        this.#end(mark, e);
        if (mark.exec >= 0) this.entries[mark.exec]!.amend(e, e.error, e.usage, false);
        break;
      }
      case 'NodeSkipped': {
        const mark = tokens.get(e.token);
        if (mark !== undefined && mark.exec >= 0 && this.entries[mark.exec]!.ending === undefined) this.#end(mark, e);
        else this.entries.push(new Execution({ node: e.node, token: e.token, attempt: mark?.attempt ?? 0, at: e.at }, e));
        this.#route(mark, e.routes);
        break;
      }
      case 'NodeRetried': {
        const mark = tokens.get(e.token);
        if (mark !== undefined) mark.attempt = 0;
        break;
      }
      case 'JoinArrived':
        if (e.absorbed) tokens.delete(e.token);
        break;
      case 'TokensCancelled':
        for (const id of e.tokens) {
          const mark = tokens.get(id);
          if (mark === undefined) continue;
          this.#end(mark, e);
          tokens.delete(id);
        }
        break;
      case 'TokensRestored':
        for (const r of e.tokens) this.#add(r.token);
        break;
      case 'FrameEntered':
        this.#add(e.frame);
        break;
      case 'RunRecovered':
        for (const r of e.rerun) this.#end(tokens.get(r.token), e);
        break;
      case 'Cancelled':
      case 'RunCompleted':
        this.#endAll(e);
        break;
    }
  }
}
