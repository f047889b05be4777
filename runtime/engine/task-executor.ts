// Engine — the seam between the scheduler and the code that performs a task's effect (script
// worker, HTTP request, connector action, AI call). The engine evaluates `with`, enforces
// timeouts, retries, locks and caching; an executor only performs one attempt.

import type { Expr, TaskNode, WorkflowBundle, WorkflowDefinition } from '../ir/index.js';
import type { TokenId } from '../journal/journal-event.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface TaskContext<N extends TaskNode = TaskNode> {
  runId: string;
  bundle: WorkflowBundle;
  workflow: WorkflowDefinition;
  node: N;
  token: TokenId;
  /** 1-based attempt number. */
  attempt: number;
  /** The evaluated `with { … }` object ({} when absent). */
  input: Record<string, unknown>;
  /** Aborted on timeout, cancellation or a `join … cancel`. */
  signal: AbortSignal;
  /** Evaluates an expression of the node in the run's scope (`result` unbound). */
  evaluate(expr: Expr): unknown;
  /** The run's resolved secrets by name, for connectors and providers that need them. */
  secrets: Readonly<Record<string, string>>;
  /** A log line from the task (scripts' console); shown live, never journaled. */
  log(level: LogLevel, message: string): void;
  /** Records task metrics (script cpu/memory, AI tokens/cost); journaled with the completion. */
  usage(figures: Record<string, number>): void;
  /** The run's clock (epoch ms). */
  now(): number;
}

export interface TaskExecutor<N extends TaskNode = TaskNode> {
  /** Performs one attempt; resolves with the node's result, rejects with a named Error. */
  execute(ctx: TaskContext<N>): Promise<unknown>;
  /** A run ended (or the engine halted): release what the executor holds for it. */
  runEnded?(runId: string): void | Promise<void>;
  /** Credentials the executor holds itself (provider keys…): the engine masks them in every run like secrets. */
  credentials?(): readonly string[];
}

/** Executors the engine calls, by node kind (sub-workflows and approvals are the engine's own). */
export type TaskExecutors = Partial<Record<'script' | 'http' | 'connector' | 'ai', TaskExecutor<any>>>;

/** A named error for the journal: `name` routes `on Name` edges. */
export class WorkflowError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
