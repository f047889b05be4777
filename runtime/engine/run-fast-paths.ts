// Engine — the scheduler's fast paths (docs/runtime.md "Performance"): a run's lean first and last
// turns (`startTurn`, `endTurn`), the chain path (`chainStep`) and the end step (`endStep`), each
// making exactly the events, folds and attempt the general path would, without its dispatch.
// `RunExecution` extends it.

import type { NodeDefinition, TaskOptions } from '../ir/index.js';
import { applyEvent, foldPlainCompletion, foldPlainStart, foldPlainStep } from '../journal/fold.js';
import type { JournalEvent, NodeCompleted, NodeStarted, TokenId } from '../journal/journal-event.js';
import type { TokenState } from '../journal/workflow-state.js';
import type { StepAppender } from '../store/run-store.js';
import { SyncStepAppender } from '../store/sync-step-appender.js';
import type { ChainLink, EndLink } from './chain-links.js';
import { NO_INPUT, NO_ROUTES } from './run-empties.js';
import type { RunEnvironment } from './run-environment.js';
import { RunAttempts } from './run-attempts.js';
import { TaskAttempt } from './task-attempt.js';
import type { TokenQueue } from './token-queue.js';
import type { WorkflowGraph } from './workflow-graph.js';

/**
 * The fast paths, as a base class of the scheduler rather than an object per run (each of the
 * 1,000 runs in flight would hold one): what they read and do of the scheduler is declared
 * abstract below (or in `RunAttempts`, whose `startExecutor` the chain path starts its next task
 * with), and `RunExecution` supplies it. Each path returns false, having done nothing, when a
 * live condition of the general path could matter; the general path then runs as before.
 */
export abstract class RunFastPaths extends RunAttempts {
  /**
   * Where the run commits to a store with `appendSync` (`chainStep`, `RunExecution.commit`): the
   * store's own step appender, asked on first use.
   */
  declare protected stepAppender: StepAppender | undefined;

  // The scheduler's state the fast paths read (and, for the batch clock reading and `pumping`,
  // write), besides what `RunAttempts` declares.
  abstract readonly graph: WorkflowGraph;
  protected abstract readonly ready: TokenQueue;
  protected abstract readonly nested: boolean;
  protected abstract readonly pending: JournalEvent[];
  protected abstract readonly effects: ReadonlyArray<(() => void) | TaskAttempt>;
  protected abstract readonly joinsWithArrivals: ReadonlySet<string>;
  protected abstract readonly held: ReadonlySet<TokenId>;
  protected abstract readonly envOrNone: RunEnvironment | undefined;
  protected abstract override pumping: boolean;
  protected abstract batchAt: number | undefined;

  // The scheduler's steps the fast paths take, besides those `RunAttempts` declares.
  abstract nodeNamed(name: string): NodeDefinition | undefined;
  protected abstract stamp(): number;
  protected abstract ownPending(): JournalEvent[];
  protected abstract ownEffects(): Array<(() => void) | TaskAttempt>;
  protected abstract taskInput(options: TaskOptions): Record<string, unknown>;
  protected abstract pumpTurn(): void;
  protected abstract crash(err: unknown): void;

  // -------------------------------------------------------------------------------------------
  // The lean turns

  /**
   * The lean turns: a run's one live token ready at the top-level `start` or `end` node, with no
   * debugging hook, pause, compensation, hold or frame that could change what the general path
   * does with it (`startTurn`, `endTurn`). False, having done nothing, otherwise.
   */
  protected leanTurn(): boolean {
    const ready = this.ready;
    if (ready.length !== 1 || this.nested || this.ending || this.host.beforeNode !== undefined) return false;
    const state = this.state;
    const id = ready.first()!;
    const token = state.tokens.get(id);
    if (token === undefined || token.phase !== 'ready' || token.compensates !== undefined) return false;
    if (state.paused || state.compensating || state.tokens.size !== 1 || this.held.has(id)) return false;
    if (token.node === 'start') return this.startTurn(token);
    if (token.node === 'end') return this.endTurn(token);
    return false;
  }

  /**
   * A run's first turn when its `start` node leads over one plain edge to an executor task that
   * can start at once (`WorkflowGraph.startLink`): the events, folds and attempt that `pumpTurn` makes
   * through `advance`, `execute`, `complete` and `startTask` for the two nodes, made here in the
   * same order without the scheduler's dispatch; `pumpTurn` then does the rest of the turn (a
   * failing `with` routes as there) and commits. False, having done nothing, when the step
   * budget would stop either node or `start` leads elsewhere (`leanTurn` checked the rest).
   */
  protected startTurn(token: TokenState): boolean {
    const state = this.state;
    if (state.steps + 1 >= state.stepBudget) return false;
    const link = this.graph.startLink;
    if (link === undefined) return false;
    const id = token.id;
    this.ready.shift();
    const pending = this.ownPending();
    const started: NodeStarted = { type: 'NodeStarted', node: link.start.id, token: id, attempt: token.attempt + 1, seq: state.lastSeq + 1, at: this.stamp() };
    foldPlainStart(state, token, started);
    pending.push(started);
    this.envOrNone?.reset();
    const completed: NodeCompleted = { type: 'NodeCompleted', node: link.start.id, token: id, result: null, routes: this.graph.singleRoute(link.edge, id, link.out), seq: state.lastSeq + 1, at: this.stamp() };
    foldPlainCompletion(state, token, completed);
    pending.push(completed);
    const next = link.next;
    const attempt = token.attempt + 1;
    const first: NodeStarted = { type: 'NodeStarted', node: next.id, token: id, attempt, seq: state.lastSeq + 1, at: this.stamp() };
    foldPlainStart(state, token, first);
    pending.push(first);
    let input: Record<string, unknown>;
    try {
      input = this.taskInput(next.options);
    } catch (err) {
      this.failBeforeExecutor(id, next, err);
      this.pumpTurn();
      return true;
    }
    this.ownEffects().push(new TaskAttempt(this, next, id, attempt, input, link.nextLink, undefined));
    this.pumpTurn();
    return true;
  }

  /**
   * The run's last token ready at the `end` node: its start and completion (no routes) as
   * `advance`, `execute` and `complete` record them, without the scheduler's dispatch; `pumpTurn`
   * then ends the run (`RunCompleted`) and commits as it would have. False, having done nothing,
   * when the step budget is used up or the `end` node has out-edges (`leanTurn` checked the rest).
   */
  protected endTurn(token: TokenState): boolean {
    const state = this.state;
    if (state.steps >= state.stepBudget) return false;
    const graph = this.graph;
    const node = graph.node('end');
    if (node === undefined || node.kind !== 'end') return false;
    const out = graph.outEdges('end');
    if (out.flow.length !== 0 || out.otherwise.length !== 0) return false;
    const id = token.id;
    this.ready.shift();
    const pending = this.ownPending();
    const started: NodeStarted = { type: 'NodeStarted', node: node.id, token: id, attempt: token.attempt + 1, seq: state.lastSeq + 1, at: this.stamp() };
    foldPlainStart(state, token, started);
    pending.push(started);
    this.envOrNone?.reset();
    const completed: NodeCompleted = { type: 'NodeCompleted', node: node.id, token: id, result: null, routes: NO_ROUTES, seq: state.lastSeq + 1, at: this.stamp() };
    // What `foldCompletion` does with a completion without routes (the token leaves the run).
    applyEvent(state, completed);
    pending.push(completed);
    this.pumpTurn();
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // The chain path

  /**
   * The chain path: task `attempt` succeeded with `result` and its link's next task can start at
   * once, so the completion, the start and the commit are made here, in the order and with the
   * events `complete`, `pump` (`advance`, `execute`, `startTask`) and `commit` make, without the
   * ready queue, the effects list or the generic fold. Returns false, having done nothing, when
   * a live condition of the general path could matter (see `chainable`); the general path then
   * runs as before. The link (per-node facts) was checked once for the workflow (`chain-links.ts`).
   */
  protected override chainStep(attempt: TaskAttempt, link: ChainLink, result: unknown, usage: Record<string, number> | undefined, at: number): boolean {
    const state = this.state;
    const id = attempt.token;
    const token = state.tokens.soleToken(id);
    if (token === undefined || token.compensates !== undefined || !this.chainable()) return false;
    const next = link.next;
    // One clock reading (`settleAttempt`'s) for both events, as `stamp` gives the events of one commit.
    this.batchAt = at;
    const seq = state.lastSeq;
    // The link's edge is its node's one flow edge: its shared route list for this token, if
    // `singleRoute` made one, sits on the out-edges (`WorkflowGraph.singleRoute` otherwise).
    const routes = link.out.soleRoutes[id] ?? this.graph.singleRoute(link.edge, id, link.out);
    const completed: NodeCompleted = { type: 'NodeCompleted', node: attempt.node.id, token: id, result, routes, seq: seq + 1, at };
    if (usage) completed.usage = usage;
    // The route moves the token to `next` with its attempts back at 0: this is attempt 1.
    const started: NodeStarted = { type: 'NodeStarted', node: next.id, token: id, attempt: 1, seq: seq + 2, at };
    foldPlainStep(state, token, completed, started);
    let input = NO_INPUT;
    if (next.options.with !== undefined) {
      try {
        input = this.taskInput(next.options);
      } catch (err) {
        this.chainFailedInput(completed, started, err);
        return true;
      }
    }
    try {
      (this.stepAppender ?? this.makeStepAppender()).appendStep(completed, started);
    } catch (err) {
      this.crash(err);
      return true;
    }
    if (this.host.hasListeners) {
      const workflow = this.workflow.id;
      this.host.emit({ kind: 'journal', runId: this.runId, workflow, event: completed });
      this.host.emit({ kind: 'journal', runId: this.runId, workflow, event: started });
    }
    this.startExecutor(new TaskAttempt(this, next, id, started.attempt, input, link.nextLink, undefined));
    return true;
  }

  /**
   * The end step: task `attempt`, whose one plain edge leads to the `end` node, succeeded with
   * `result` while the run could take the chain path (`chainable`). Its completion, the `end`
   * node's start and completion and the run's end are recorded in the order and with the events
   * `complete`, then `pump` (`endTurn`, then `pumpTurn`: `finish` and `commit`) make, without the
   * general completion's routing or the lean turn's checks. False, having done nothing,
   * otherwise; the general path then runs as before.
   */
  protected override endStep(attempt: TaskAttempt, link: EndLink, result: unknown, usage: Record<string, number> | undefined, at: number): boolean {
    const state = this.state;
    const id = attempt.token;
    const token = state.tokens.soleToken(id);
    if (token === undefined || token.compensates !== undefined || state.status === 'failed' || !this.chainable()) return false;
    // One clock reading (`settleAttempt`'s) for the commit's events, as `stamp` gives them
    // (`finish` stamps its own `RunCompleted` with it: the commit's pending events are not empty then).
    this.batchAt = at;
    const seq = state.lastSeq;
    const routes = link.out.soleRoutes[id] ?? this.graph.singleRoute(link.edge, id, link.out);
    const completed: NodeCompleted = { type: 'NodeCompleted', node: attempt.node.id, token: id, result, routes, seq: seq + 1, at };
    if (usage) completed.usage = usage;
    // The route moves the token to `end` with its attempts back at 0: this is attempt 1.
    const started: NodeStarted = { type: 'NodeStarted', node: link.end.id, token: id, attempt: 1, seq: seq + 2, at };
    foldPlainStep(state, token, completed, started);
    this.envOrNone?.reset();
    const ended: NodeCompleted = { type: 'NodeCompleted', node: link.end.id, token: id, result: null, routes: NO_ROUTES, seq: seq + 3, at };
    // What `foldCompletion` does with a completion without routes (the token leaves the run).
    applyEvent(state, ended);
    this.ownPending().push(completed, started, ended);
    // The rest of the turn as `pump` goes on after `endTurn`: the run completes and commits.
    this.pumping = true;
    try {
      this.pumpTurn();
    } finally {
      this.pumping = false;
    }
    return true;
  }

  /** The run's step appender: the store's own, else one over `appendSync` (`chainable` checked it has one). */
  protected makeStepAppender(): StepAppender {
    const store = this.host.store;
    const appender: StepAppender = (this.stepAppender = store.stepAppender !== undefined ? store.stepAppender(this.runId) : new SyncStepAppender(store, this.runId));
    // The store may keep the journal in the state's event log rather than a copy of its own.
    appender.shareLog?.(this.state.log);
    return appender;
  }

  /**
   * The run's live conditions for `chainStep`, those under which `complete` followed by an
   * immediate `pump` would do nothing but start the one ready token's task and commit: one
   * token (so no join, branch or frame can move), nothing queued, pending, held back or in
   * flight, no debugging hook, budget left, a store that appends at once.
   */
  protected chainable(): boolean {
    const state = this.state;
    return !this.pumping && !this.pumpScheduled && !this.ending && !state.paused && !state.compensating
      && state.tokens.size === 1 && this.inflight.size === 0 && this.ready.length === 0
      && this.pending.length === 0 && this.effects.length === 0 && this.joinsWithArrivals.size === 0
      && state.steps < state.stepBudget && this.host.beforeNode === undefined && this.host.store.appendSync !== undefined;
  }

  /**
   * The next task's `with` failed to evaluate after its start was recorded: what `startTask`
   * does then (the node fails), and the rest of the turn as `pump` would go on with it.
   */
  protected chainFailedInput(completed: NodeCompleted, started: NodeStarted, err: unknown): void {
    this.ownPending().push(completed, started);
    const node = this.nodeNamed(started.node)!;
    this.pumping = true;
    try {
      this.nodeError(started.token, node, this.toError(err), false);
      this.pumpTurn();
    } finally {
      this.pumping = false;
    }
  }
}
