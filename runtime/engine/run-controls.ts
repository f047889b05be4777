// Engine — the controls of one run (LANGUAGE.md §4, docs/runtime.md): pause, resume, cancel,
// approval decisions, setting a variable, skipping or retrying a node. Each is journaled with its
// actor; they act only through `ControlOps`, the scheduler's own steps (as `RunFrames` does).

import type { NodeDefinition, TypeDefinition, WorkflowDefinition } from '../ir/index.js';
import { isTaskNode } from '../ir/index.js';
import { applyEvent, foldJournalUntil } from '../journal/fold.js';
import type {
  ApprovalDecided, Assigned, Cancelled, CompensationScope, NodeRetried, NodeSkipped, Paused, RestoredToken, Resumed, Route, TokenId, TokensRestored, VariableSet,
} from '../journal/journal-event.js';
import type { TokenState, WorkflowState } from '../journal/workflow-state.js';
import { checkValue, durationsAsMs, formatValueTypeErrors } from '../types/check-value.js';

type Unplaced<E> = Omit<E, 'seq' | 'at'>;
/** The journal events controls record (`seq` and `at` are placed by the run). */
export type ControlEvent =
  | Unplaced<Paused> | Unplaced<Resumed> | Unplaced<Cancelled> | Unplaced<ApprovalDecided>
  | Unplaced<VariableSet> | Unplaced<NodeSkipped> | Unplaced<NodeRetried> | Unplaced<TokensRestored>;

/** Thrown by control actions that do not apply to the run's current state. */
export class ControlError extends Error {
  override name = 'ControlError';
}

/** A control asked of a run the store does not have. */
export class UnknownRunControlError extends ControlError {
  constructor(readonly runId: string) {
    super(`No run with id '${runId}'`);
  }
}

/** Thrown when a run cannot be carried on here because another live process carries it (its carrier record, or its claim in the store). */
export class RunCarriedElsewhereError extends ControlError {
  override name = 'RunCarriedElsewhereError';
  /**
   * The holder's description when requests can be passed to it (`RunStore.forwardRequest`): a
   * process on a store shared across machines (named by `RunStore.claimRun`), or one on this
   * machine whose carrier record names the run (`carriedElsewhere` with its holder). Absent when
   * the store passes no requests.
   */
  readonly holder: string | undefined;
  constructor(message: string, holder?: string) {
    super(message);
    this.holder = holder;
  }
}

/** What a control did: `carriedBy` names the process on another machine that applied it (its run carried on there). */
export interface ControlDone {
  carriedBy?: string;
}

/** What is said of a run another process holds, `holder` being `RunStore.claimRun`'s description of that process: `Run R is ${carriedOnBy(holder)}`. */
export function carriedOnBy(holder: string): string {
  return `carried on by ${holder}; act on it there, or once it has stopped`;
}

/**
 * What a skip records besides its result (`ControlOps.skipOutcome`): the task's assignments and
 * routes as its completion would make them, and the `compensate` node a completion would
 * remember (with its scope in a foreach/region). A compensation being skipped routes nowhere and
 * remembers nothing (`compensating`): the run goes on to the next compensation.
 */
export interface SkipOutcome {
  sets: Assigned[] | undefined;
  routes: Route[];
  compensate?: string;
  scope?: CompensationScope;
  compensating: boolean;
}

/** What controls need of the run's scheduler (`RunExecution` supplies it). */
export interface ControlOps {
  readonly state: WorkflowState;
  readonly runId: string;
  readonly workflow: WorkflowDefinition;
  /** The bundle's named types (a value a control gives is checked against its declaration). */
  readonly types: Readonly<Record<string, TypeDefinition>>;
  /** The run has settled (or crashed, or halted). */
  done(): boolean;
  /** The run is ending: its terminal event is recorded (or it is done). */
  ending(): boolean;
  record(event: ControlEvent): void;
  /** Makes what is recorded durable now (and starts the effects waiting on it). */
  commit(): void;
  afterCommit(fn: () => void): void;
  schedulePump(): void;
  makeReady(id: TokenId): void;
  nodeNamed(name: string): NodeDefinition | undefined;
  complete(id: TokenId, node: NodeDefinition, result: unknown): void;
  /** What completing `node` for token `id` with `result` would assign (a task's `set` entries) and route; throws what evaluating them throws. */
  skipOutcome(id: TokenId, node: NodeDefinition, result: unknown, checkSets: (sets: Assigned[]) => void): SkipOutcome;
  /** Starts the next compensation of a failing run (or fails it when none is left): after a skipped compensation. */
  nextCompensation(): void;
  /** Token `id` is held (by the debugging hook or waiting for a lock). */
  isHeld(id: TokenId): boolean;
  /** Aborts token `id`'s in-flight task attempt, if any, with `reason`. */
  abortAttempt(id: TokenId, reason: string): void;
  clearTimer(id: TokenId): void;
  releaseLocks(id: TokenId): void;
  cancelChild(childRunId: string, actor: string): void;
  /** Marks the run ending, releases its frames and stops everything in flight. */
  stop(): void;
  /** The run is open again (not ending, not done) with a fresh outcome promise. */
  reopen(): void;
  armRunTimeout(): void;
}

export class RunControls {
  constructor(private readonly run: ControlOps) {}

  pause(actor: string): void {
    const run = this.run;
    this.assertOpen('pause');
    if (run.state.paused) return;
    run.record({ type: 'Paused', actor });
    run.commit();
  }

  resume(actor: string): void {
    const run = this.run;
    this.assertOpen('resume');
    if (!run.state.paused) return;
    run.record({ type: 'Resumed', actor });
    run.schedulePump();
  }

  cancel(actor: string, reason?: string): void {
    const run = this.run;
    this.assertOpen('cancel');
    for (const t of run.state.tokens.values()) {
      if (t.childRunId && t.wait === 'child') {
        const child = t.childRunId;
        run.afterCommit(() => run.cancelChild(child, actor));
      }
    }
    run.stop();
    run.record(reason !== undefined ? { type: 'Cancelled', actor, reason } : { type: 'Cancelled', actor });
    run.commit();
  }

  approve(node: string, decision: { approved: boolean; by?: string; comment?: string }, actor: string): void {
    const run = this.run;
    this.assertOpen('decide an approval in');
    const token = this.findToken(node, (t) => t.phase === 'waiting' && t.wait === 'approval');
    if (!token) throw new ControlError(`Run ${run.runId} has no approval '${node}' waiting for a decision`);
    const by = decision.by ?? actor;
    const draft: Unplaced<ApprovalDecided> = { type: 'ApprovalDecided', node, token: token.id, approved: decision.approved, by, actor };
    if (decision.comment !== undefined) draft.comment = decision.comment;
    run.record(draft);
    run.clearTimer(token.id);
    const result: Record<string, unknown> = { approved: decision.approved, by, comment: decision.comment ?? null };
    run.complete(token.id, run.nodeNamed(node)!, result);
    run.schedulePump();
  }

  /**
   * Sets a `var` or `output` of an unfinished run, or of a failed one (to put right what made a
   * node fail before `retryNode`: the run stays failed until then, and the change is durable at
   * once since no turn of the run follows it).
   */
  setVariable(name: string, value: unknown, actor: string): void {
    const run = this.run;
    const failed = run.state.status === 'failed' && run.done();
    if (!failed) this.assertOpen('set a variable in');
    const decl = run.workflow.variables.find((v) => v.name === name);
    if (!decl || (decl.role !== 'var' && decl.role !== 'output')) {
      throw new ControlError(`Workflow '${run.workflow.id}' has no variable or output '${name}'`);
    }
    // A value given from outside meets the declared type, as a run's inputs do at its start (the
    // message names types, never the value, which may hold something sensitive). Null is what a
    // `var` or `output` holds before anything sets it, so it may be set back to null.
    // A duration may be given as text (`"5s"`), as a run's inputs may.
    value = value === null ? null : durationsAsMs(value, decl.type, run.types);
    const errors = value === null ? [] : checkValue(value, decl.type, run.types, { durationText: true });
    if (errors.length) throw new ControlError(`Cannot set ${decl.role} '${name}' of run ${run.runId}: ${formatValueTypeErrors(errors)}`);
    run.record({ type: 'VariableSet', name, role: decl.role, value, actor });
    if (failed) run.commit();
    else run.schedulePump();
  }

  /** Completes `node` with `result` in place of running it (a failed, waiting or ready node). */
  skip(node: string, result: unknown, actor: string): void {
    const run = this.run;
    if (run.state.status === 'cancelled' || run.state.status === 'completed') throw new ControlError(`Run ${run.runId} is ${run.state.status}; nothing to skip`);
    const token = this.findToken(node, (t) => t.phase !== 'joined' && !run.isHeld(t.id));
    if (!token) throw new ControlError(`Run ${run.runId} has no branch at node '${node}' to skip`);
    const def = run.nodeNamed(node)!;
    // Checked before anything changes: a result that does not meet an AI task's `returns`, that
    // the node's `set` entries or guards cannot read, or whose assignments do not meet their
    // declared types (as `setVariable`'s value must) is refused with nothing recorded or aborted.
    const refused = (why: string) => new ControlError(`Cannot skip '${node}' of run ${run.runId} with that result: ${why}`);
    if (def.kind === 'ai' && def.returns !== undefined) {
      const errors = checkValue(result, def.returns, run.types);
      if (errors.length) throw refused(formatValueTypeErrors(errors, 'result'));
    }
    const checkSets = (sets: Assigned[]): void => {
      for (const a of sets) {
        const decl = run.workflow.variables.find((v) => v.name === a.name);
        const errors = decl && a.value !== null ? checkValue(a.value, decl.type, run.types) : [];
        if (errors.length) throw refused(`${decl!.role} ${formatValueTypeErrors(errors, a.name)}`);
      }
    };
    let outcome: SkipOutcome;
    try {
      outcome = run.skipOutcome(token.id, def, result, checkSets);
    } catch (err) {
      if (err instanceof ControlError) throw err;
      throw refused((err as Error).message);
    }
    const { sets, routes } = outcome;
    const withdrawn = this.withdrawnByFailure();
    run.abortAttempt(token.id, 'skipped');
    run.clearTimer(token.id);
    run.releaseLocks(token.id);
    this.reopenIfFailed();
    const skipped: Unplaced<NodeSkipped> = { type: 'NodeSkipped', node, token: token.id, result, routes, actor };
    if (sets && sets.length) skipped.sets = sets;
    if (outcome.compensate !== undefined) {
      skipped.compensate = outcome.compensate;
      if (outcome.scope !== undefined) skipped.scope = outcome.scope;
    }
    run.record(skipped);
    for (const r of routes) run.makeReady(r.token);
    this.restore(withdrawn, actor);
    // A compensation stands done as if it had completed: the rollback goes on with the next one.
    if (outcome.compensating) run.nextCompensation();
    run.schedulePump();
  }

  /** Runs a failed node again (the run reopens if it had failed). */
  retryNode(node: string, actor: string): void {
    const run = this.run;
    if (run.state.status === 'cancelled' || run.state.status === 'completed') throw new ControlError(`Run ${run.runId} is ${run.state.status}; nothing to retry`);
    const token = this.findToken(node, (t) => t.phase === 'failed');
    if (!token) throw new ControlError(`Run ${run.runId} has no failed node '${node}'`);
    const withdrawn = this.withdrawnByFailure();
    this.reopenIfFailed();
    run.record({ type: 'NodeRetried', node, token: token.id, actor });
    run.makeReady(token.id);
    this.restore(withdrawn, actor);
    run.armRunTimeout();
    run.schedulePump();
  }

  /**
   * The branches the failure of a failed run withdrew (its `TokensCancelled` `failed` since the
   * run last reopened), as they stood just before: what a retry or skip that reopens the run
   * restores (docs/runtime.md, "API"). Only the run's own branches: those inside a foreach/region
   * went with their frame, whose owner starts its node again. None for a run that has not failed.
   */
  private withdrawnByFailure(): RestoredToken[] {
    const run = this.run;
    if (run.state.status !== 'failed') return [];
    const log = run.state.log;
    let first = log.length;
    for (let i = log.length - 1; i >= 0; i--) {
      const e = log[i]!;
      // Reopened there: the withdrawals before were given back then (or belong to no failure now).
      if (e.type === 'NodeRetried' || e.type === 'NodeSkipped' || e.type === 'TokensRestored') break;
      if (e.type === 'TokensCancelled' && e.reason === 'failed') first = i;
    }
    if (first === log.length) return [];
    // Read from the fold at each withdrawal: the journal is the one account of where they stood.
    const state = foldJournalUntil(run.runId, log, log[first]!.seq - 1);
    const restored: RestoredToken[] = [];
    for (let i = first; i < log.length; i++) {
      const e = log[i]!;
      if (e.type === 'TokensCancelled' && e.reason === 'failed') {
        for (const id of e.tokens) {
          const t = state.tokens.get(id);
          if (!t || t.frame !== undefined || t.compensates !== undefined || t.phase === 'failed') continue;
          const r: RestoredToken = { token: id, node: t.node, was: t.phase };
          if (t.wait !== undefined) r.wait = t.wait;
          if (t.from !== undefined) r.from = t.from;
          const def = run.nodeNamed(t.node);
          // What it brings to the join it stands at (a token before any other node gets a result of its own there).
          if (t.fromResult !== undefined && def?.kind === 'join') r.fromResult = t.fromResult;
          if (t.absorb !== undefined && t.absorb.length) r.absorb = t.absorb.slice();
          if (t.phase === 'running' && def && isTaskNode(def) && def.kind !== 'subworkflow' && def.kind !== 'approval') r.idempotent = def.options.idempotent;
          restored.push(r);
        }
      }
      applyEvent(state, e);
    }
    return restored;
  }

  /** Gives the run back the branches `withdrawnByFailure` found: each ready before its node. */
  private restore(tokens: RestoredToken[], actor: string): void {
    if (!tokens.length) return;
    this.run.record({ type: 'TokensRestored', tokens, actor });
    for (const r of tokens) this.run.makeReady(r.token);
  }

  private reopenIfFailed(): void {
    if (!this.run.done() && !this.run.ending()) return;
    this.run.reopen();
  }

  private findToken(node: string, pred: (t: TokenState) => boolean): TokenState | undefined {
    for (const t of this.run.state.tokens.values()) if (t.node === node && pred(t)) return t;
    return undefined;
  }

  private assertOpen(what: string): void {
    const run = this.run;
    if (run.done() || run.ending()) throw new ControlError(`Cannot ${what} run ${run.runId}: it is ${run.state.status}`);
  }
}
