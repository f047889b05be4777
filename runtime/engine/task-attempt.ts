// Engine — one attempt of a task as its executor sees it: the `TaskContext` handed to
// `execute`, plus what the scheduler tracks while it runs (settled flag, usage, cache key).
// One object per attempt with prototype methods and a lazily created AbortController, because
// it sits on the hot path of every task step.

import type { Expr, TaskNode, WorkflowBundle, WorkflowDefinition } from '../ir/index.js';
import type { TokenId } from '../journal/journal-event.js';
import type { LogLevel, TaskContext } from './task-executor.js';
import type { TaskLink } from './chain-links.js';

/** What an attempt needs from its run. */
export interface AttemptOwner {
  readonly runId: string;
  readonly bundle: WorkflowBundle;
  readonly workflow: WorkflowDefinition;
  readonly secrets: Readonly<Record<string, string>>;
  evaluateExpr(expr: Expr, attempt?: TaskAttempt): unknown;
  logFrom(attempt: TaskAttempt, level: LogLevel, message: string): void;
  clockNow(): number;
}

/** What few attempts have (usage figures, an abort controller, a cache entry to write): one object, made on first need. */
class AttemptExtras {
  figures: Record<string, number> | undefined = undefined;
  controller: AbortController | undefined = undefined;
  constructor(readonly cacheKey: string | undefined, readonly cacheTtlMs: number | undefined) {}
}

/** The extras of an attempt whose result is to be cached (`cacheKey`, `cacheTtlMs`); none for the rest. */
export function cacheExtras(cacheKey: string | undefined, cacheTtlMs: number | undefined): AttemptExtras | undefined {
  return cacheKey === undefined && cacheTtlMs === undefined ? undefined : new AttemptExtras(cacheKey, cacheTtlMs);
}

export class TaskAttempt implements TaskContext {
  // Eight fields, not eleven: the rarely used ones live in `extras` (a sequence makes one attempt
  // per step). Declared, not initialised: the constructor gives each its value once (class field
  // initialisers defined all eight as undefined first, then the constructor set them again),
  // and the constructor is small enough for the chain step to inline (`inline-sizes.test.ts`).
  declare private readonly owner: AttemptOwner;
  declare readonly node: TaskNode;
  declare readonly token: TokenId;
  declare readonly attempt: number;
  declare readonly input: Record<string, unknown>;
  /** The chain or end link of `node` (what its success may start or end at once), if it has one. */
  declare readonly link: TaskLink | undefined;
  declare settled: boolean;
  declare private extras: AttemptExtras | undefined;

  /** `extras`: `cacheExtras(…)` for a task with `cache`, else undefined. */
  constructor(owner: AttemptOwner, node: TaskNode, token: TokenId, attempt: number, input: Record<string, unknown>, link: TaskLink | undefined, extras: AttemptExtras | undefined) {
    this.owner = owner;
    this.node = node;
    this.token = token;
    this.attempt = attempt;
    this.input = input;
    this.link = link;
    this.settled = false;
    this.extras = extras;
  }

  /** The key its result is cached under (a task with `cache`). */
  get cacheKey(): string | undefined {
    return this.extras?.cacheKey;
  }

  get cacheTtlMs(): number | undefined {
    return this.extras?.cacheTtlMs;
  }

  /** Usage figures the executor reported (`usage`), if any. */
  get figures(): Record<string, number> | undefined {
    return this.extras?.figures;
  }

  private get more(): AttemptExtras {
    return (this.extras ??= new AttemptExtras(undefined, undefined));
  }

  // What every attempt of the run shares is read from the run (four fields less per attempt).
  get runId(): string {
    return this.owner.runId;
  }

  get bundle(): WorkflowBundle {
    return this.owner.bundle;
  }

  get workflow(): WorkflowDefinition {
    return this.owner.workflow;
  }

  get secrets(): Readonly<Record<string, string>> {
    return this.owner.secrets;
  }

  get signal(): AbortSignal {
    const more = this.more;
    return (more.controller ??= new AbortController()).signal;
  }

  /** Aborts the attempt (timeout, cancellation, a withdrawn branch). */
  abort(reason: Error): void {
    const more = this.more;
    (more.controller ??= new AbortController()).abort(reason);
  }

  evaluate(expr: Expr): unknown {
    return this.owner.evaluateExpr(expr, this);
  }

  log(level: LogLevel, message: string): void {
    this.owner.logFrom(this, level, message);
  }

  usage(figures: Record<string, number>): void {
    const more = this.more;
    Object.assign((more.figures ??= {}), figures);
  }

  now(): number {
    return this.owner.clockNow();
  }
}
