// Engine — a run's task attempts with their executors (docs/runtime.md "Performance"): starting an
// attempt's executor, hearing it settle (one handler pair per run), its timeout, and what its
// settlement does to the run. The base of the scheduler's classes (`RunFastPaths`, `RunExecution`).

import type { ApprovalNode, Expr, NodeDefinition, SubworkflowNode, TaskNode, WorkflowBundle, WorkflowDefinition } from '../ir/index.js';
import type { Assigned, CloudEvent, CompensableTask, JournalError, TokenId } from '../journal/journal-event.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import type { SecretMasker } from '../secrets/secret-masker.js';
import type { AttemptTable } from './attempt-table.js';
import type { ChainLink, EndLink } from './chain-links.js';
import type { RunHost } from './run-execution.js';
import type { RunWaits } from './run-waits.js';
import type { TaskAttempt, AttemptOwner } from './task-attempt.js';
import type { LogLevel } from './task-executor.js';

/** What a completion may carry besides its result (`RunExecution.complete`). */
export interface CompletionExtra {
  cached?: boolean;
  consumed?: string;
  emitted?: CloudEvent;
  eventType?: string;
  usage?: Record<string, number>;
}

/**
 * The executor handling, as a base class of the scheduler rather than an object per run (each of
 * the 1,000 runs in flight would hold one): what it reads and does of the scheduler is declared
 * abstract below, and `RunExecution` supplies it (`RunFastPaths` the chain path).
 */
export abstract class RunAttempts implements AttemptOwner {
  /**
   * The attempt whose executor promise the run's own handler pair (`pairOk`, `pairErr`) awaits:
   * at most one at a time, so a settlement knows its attempt without a pair of closures (and
   * their context) per task. Other attempts get their own pair (`reactToAttempt`).
   */
  declare private pairAttempt: TaskAttempt | undefined;
  /**
   * The run's handler pair: bound methods, not arrow functions. V8 (Node 22) allocates closures
   * in the old generation (in a micro-test: every closure made by unoptimised code, some made by
   * optimised code); a run's old closures, dead with the run, then kept its whole young object
   * graph (state, journal, history) alive through every scavenge until the next full
   * collection. A bound function is allocated young. Made with the run, not on first use: the
   * check and call in `runExecutor` ran often enough in short runs (one attempt in ten of a
   * 10-step run) for V8 to inline the call into the chain step, over that step's budget.
   */
  declare private pairOk: (value: unknown) => void;
  declare private pairErr: (err: unknown) => void;

  /**
   * Gives the fields above their values: the scheduler's constructor calls this first. The base
   * classes declare their fields rather than initialise them, so none of them has a constructor
   * of its own and V8 makes a run without calling one per class: a run object is made for every
   * run started, and the calls up the class chain (not inlined into `Engine.launch`) cost ~2–5%
   * of a 1-step run (docs/benchmarks.md "Session 11"; `inline-sizes.test.ts` checks).
   */
  protected initAttempts(): void {
    this.pairAttempt = undefined;
    this.pairOk = this.settlePairOk.bind(this);
    this.pairErr = this.settlePairErr.bind(this);
  }

  // AttemptOwner (the run, as its attempts see it).
  abstract readonly runId: string;
  abstract readonly bundle: WorkflowBundle;
  abstract readonly secrets: Readonly<Record<string, string>>;
  abstract get workflow(): WorkflowDefinition;
  abstract evaluateExpr(expr: Expr, attempt?: TaskAttempt): unknown;
  abstract logFrom(attempt: TaskAttempt, level: LogLevel, message: string): void;
  abstract clockNow(): number;

  // The scheduler's state the attempts read.
  abstract readonly state: WorkflowState;
  protected abstract readonly host: RunHost;
  protected abstract readonly masker: SecretMasker;
  protected abstract readonly inflight: AttemptTable;
  protected abstract readonly waits: RunWaits;
  protected abstract readonly done: boolean;
  protected abstract readonly ending: boolean;
  protected abstract readonly pumping: boolean;
  protected abstract readonly pumpScheduled: boolean;

  // The scheduler's steps the attempts take.
  protected abstract complete(id: TokenId, node: NodeDefinition, result: unknown, sets?: Assigned[], extra?: CompletionExtra, task?: boolean): void;
  protected abstract nodeError(id: TokenId, node: NodeDefinition, error: JournalError, retriable?: boolean, usage?: Record<string, number>, owed?: Omit<CompensableTask, 'node'>): void;
  protected abstract toError(err: unknown): JournalError;
  protected abstract releaseLocks(id: TokenId): void;
  protected abstract pump(): void;
  protected abstract schedulePump(): void;
  /** The chain path (`RunFastPaths.chainStep`), its events stamped `at`: true when it took the settlement. */
  protected abstract chainStep(attempt: TaskAttempt, link: ChainLink, result: unknown, usage: Record<string, number> | undefined, at: number): boolean;
  /** The end step (`RunFastPaths.endStep`), its events stamped `at`: true when it took the settlement. */
  protected abstract endStep(attempt: TaskAttempt, link: EndLink, result: unknown, usage: Record<string, number> | undefined, at: number): boolean;

  /** A task that failed before its executor started (its input or cache key would not evaluate): its locks go and the node fails, not to be retried. */
  protected failBeforeExecutor(id: TokenId, node: NodeDefinition, err: unknown): void {
    this.releaseLocks(id);
    this.nodeError(id, node, this.toError(err), false);
  }

  /** Starts `attemptCtx`'s executor (its start is durable), unless the run or the branch is gone. */
  protected runExecutor(attemptCtx: TaskAttempt): void {
    if (!this.state.tokens.has(attemptCtx.token)) {
      this.releaseLocks(attemptCtx.token);
      return;
    }
    this.startExecutor(attemptCtx);
  }

  /**
   * `runExecutor` for an attempt whose token its caller has just found live (the chain step,
   * which inlines this: the token table's lookup is left out of its inlining budget). A run that
   * ended since (a listener halting the engine) still starts nothing.
   */
  protected startExecutor(attemptCtx: TaskAttempt): void {
    const id = attemptCtx.token;
    const node = attemptCtx.node as Exclude<TaskNode, SubworkflowNode | ApprovalNode>;
    if (this.done || this.ending) {
      this.releaseLocks(id);
      return;
    }
    const executor = this.host.executors[node.kind];
    if (!executor) {
      this.noExecutor(id, node);
      return;
    }
    this.inflight.set(id, attemptCtx);
    this.host.clock.taskStarted();
    const timeoutMs = node.options.timeoutMs;
    if (timeoutMs !== undefined) this.armAttemptTimeout(attemptCtx, timeoutMs);
    let p: Promise<unknown>;
    try {
      p = executor.execute(attemptCtx);
    } catch (err) {
      p = Promise.reject(err);
    }
    if (this.pairAttempt === undefined) {
      this.pairAttempt = attemptCtx;
      p.then(this.pairOk, this.pairErr);
    } else {
      this.reactToAttempt(p, attemptCtx);
    }
  }

  /** No executor handles `node`'s kind: the node fails, not to be retried (out of `startExecutor`, which the chain step inlines). */
  private noExecutor(id: TokenId, node: TaskNode): void {
    this.releaseLocks(id);
    this.nodeError(id, node, { name: 'NoExecutor', message: `No executor for '${node.kind}' tasks is configured in this engine` }, false);
    this.schedulePump();
  }

  private settlePairOk(value: unknown): void {
    const attempt = this.pairAttempt!;
    this.pairAttempt = undefined;
    this.settleAttempt(attempt, true, value, true);
  }

  private settlePairErr(err: unknown): void {
    const attempt = this.pairAttempt!;
    this.pairAttempt = undefined;
    this.settleAttempt(attempt, false, err, true);
  }

  /** An attempt started while the run's pair awaits another one: a pair of its own (bound, as the run's). */
  private reactToAttempt(p: Promise<unknown>, attemptCtx: TaskAttempt): void {
    p.then(this.settledOk.bind(this, attemptCtx), this.settledErr.bind(this, attemptCtx));
  }

  private settledOk(attempt: TaskAttempt, value: unknown): void {
    this.settleAttempt(attempt, true, value, true);
  }

  private settledErr(attempt: TaskAttempt, err: unknown): void {
    this.settleAttempt(attempt, false, err, true);
  }

  /** Fails the attempt with a `Timeout` error (and aborts it) after `timeoutMs`, unless it settles first. */
  private armAttemptTimeout(attemptCtx: TaskAttempt, timeoutMs: number): void {
    this.waits.armTimer(attemptCtx.token, this.host.clock.now() + timeoutMs, () => {
      attemptCtx.abort(new Error('timeout'));
      this.settleAttempt(attemptCtx, false, Object.assign(new Error(`Node '${attemptCtx.node.id}' timed out after ${timeoutMs} ms`), { name: 'Timeout' }));
    });
  }

  /**
   * What an attempt's settlement does to the run: the chain path or the end step when its link
   * and the run allow, else `settledOther`. Kept under V8's 460-byte limit for inlining one
   * function into another (the rare tail is `settledOther`'s), so the run's handler pair inlines
   * it (`inline-sizes.test.ts` checks the size).
   */
  private settleAttempt(attempt: TaskAttempt, ok: boolean, value: unknown, fromExecutor = false): void {
    if (attempt.settled) return;
    attempt.settled = true;
    const id = attempt.token;
    if (attempt.node.options.timeoutMs !== undefined) this.waits.clearTimer(id);
    if (this.inflight.get(id) !== attempt) return; // withdrawn or the run ended: already accounted
    this.inflight.delete(id);
    this.releaseLocks(id);
    if (!ok) {
      this.settledOther(attempt, false, value, fromExecutor);
      return;
    }
    const result = this.masker.maskValue(value === undefined ? null : value);
    if (attempt.cacheKey !== undefined && attempt.cacheTtlMs !== undefined) this.host.cache.set(attempt.cacheKey, result, this.host.clock.now() + attempt.cacheTtlMs);
    const link = fromExecutor ? attempt.link : undefined;
    if (link !== undefined) {
      // The fast paths' clock reading is taken here, not in them: the chain step's inlining
      // budget is used up (`inline-sizes.test.ts`), and the handler pair that inlines this
      // function has room for the clock.
      const at = this.host.clock.now();
      if (link.end === undefined ? this.chainStep(attempt, link, result, attempt.figures, at) : this.endStep(attempt, link, result, attempt.figures, at)) {
        this.host.clock.taskEnded();
        return;
      }
    }
    this.settledOther(attempt, true, result, fromExecutor);
  }

  /**
   * A settlement the fast paths did not take: the general completion with the (masked) result,
   * or the failure with the error, then the pump.
   */
  private settledOther(attempt: TaskAttempt, ok: boolean, value: unknown, fromExecutor: boolean): void {
    const id = attempt.token;
    const usage = attempt.figures;
    if (ok) this.complete(id, attempt.node, value, undefined, usage ? { usage } : undefined, true);
    else this.nodeError(id, attempt.node, this.toError(value), true, usage);
    // The run's only task settled in its executor's promise reaction: pump now instead of a
    // microtask later. With other tasks in flight, queue the pump so their settlements batch; a
    // timeout (the executor is still unwinding its abort) also waits for the queued pump.
    if (fromExecutor && this.inflight.size === 0 && !this.pumping && !this.pumpScheduled) this.pump();
    else this.schedulePump();
    this.host.clock.taskEnded();
  }
}
