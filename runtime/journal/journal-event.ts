// Journal — the events a run's journal is made of (LANGUAGE.md §4 rule 7). Every transition of a
// run is one of these, appended before its effect is visible; `fold.ts` turns a journal into a
// `WorkflowState`. Plain JSON data: no functions, no secrets (values are masked before recording).

/** A branch of a run is a token; its id is stable for the token's life (a debugger's thread id). */
export type TokenId = number;

/** A `foreach` iteration or `region` activation (the id of the token that entered it). */
export type FrameId = number;

/** An error as journaled: its name routes `on Name` edges, its message is for people. */
export interface JournalError {
  name: string;
  message: string;
  /** The node the error came from, when there is one. */
  node?: string;
  /** Further names the error answers to (`on HttpError` for a `PaymentDeclined`). */
  aliases?: string[];
}

/** One edge taken when a node completes: the token `token` now stands before node `to`. */
export interface Route {
  /** Edge id from the IR, or null for internal moves. */
  edge: string | null;
  to: string;
  token: TokenId;
}

/** A variable or output assigned by a node or a control action. */
export interface Assigned {
  name: string;
  role: 'var' | 'output';
  value: unknown;
}

/** An event in the CloudEvents 1.0 shape, as received or emitted by a run. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype?: string;
  data?: unknown;
}

/** What started a run. */
export type RunTrigger =
  | { kind: 'manual' }
  | { kind: 'webhook'; method: string; path: string; headers?: Record<string, string> }
  | { kind: 'schedule'; cron: string }
  | { kind: 'event'; event: CloudEvent }
  | { kind: 'subworkflow'; parentRunId: string; node: string; token: TokenId };

interface Base {
  /** 1-based position in the run's journal. */
  seq: number;
  /** Epoch milliseconds on the run's clock (virtual under `--virtual-time`). */
  at: number;
  /** Who performed a control action (`cli:alice`, `debugger`, `system`). */
  actor?: string;
}

export interface RunStarted extends Base {
  type: 'RunStarted';
  workflow: string;
  version: string;
  bundleHash: string;
  /** Inputs after defaults, secrets masked. */
  inputs: Record<string, unknown>;
  trigger: RunTrigger;
  stepBudget: number;
  /** Per-run timeout (ms) when one was given. */
  timeoutMs?: number;
  /** Seed of the run's random source (retry jitter). */
  seed: number;
  parent?: { runId: string; node: string; token: TokenId };
  /** Initial `var` values and the first token, standing before `start`. */
  variables: Record<string, unknown>;
  token: TokenId;
}

export interface NodeStarted extends Base {
  type: 'NodeStarted';
  node: string;
  token: TokenId;
  /** 1 for the first attempt. */
  attempt: number;
  /** A join firing: the tokens it synchronised (they end here). */
  joined?: TokenId[];
  /** A `join first|N` firing: tokens still upstream that will be absorbed when they arrive. */
  absorb?: TokenId[];
  /** A compensation run for the completed task `compensates`. */
  compensates?: string;
  /** A new token created inside a `foreach` iteration or `region` (a join firing there): its frame. */
  frame?: FrameId;
}

/**
 * What the compensation of a task inside `foreach` iterations / `region`s sees, kept when the
 * task completed (its frames may be closed by the time it runs; `runtime.md` "foreach and region").
 */
export interface CompensationScope {
  /** The `as` item of every enclosing iteration, innermost first. */
  items: Array<{ path: string; as: string; item: unknown }>;
  /** Results of the enclosing frames' nodes as they were when the task completed, by instance name. */
  results: Record<string, unknown>;
}

/** A task that declared `compensate` and whose work completed (`NodeCompleted`, `NodeSkipped`, or a `NodeFailed` that owes it). */
export interface CompensableTask {
  node: string;
  compensate: string;
  scope?: CompensationScope;
}

export interface NodeCompleted extends Base {
  type: 'NodeCompleted';
  node: string;
  token: TokenId;
  result: unknown;
  routes: Route[];
  /** Assignments made by the node (`set` nodes and task `set x = expr`). */
  sets?: Assigned[];
  /** The task's `compensate` node, remembered for a later rollback. */
  compensate?: string;
  /** With `compensate` inside a foreach/region: the scope the compensation will see. */
  scope?: CompensationScope;
  /** Served from the result cache, not executed. */
  cached?: boolean;
  /** Id of a buffered event this wait consumed. */
  consumed?: string;
  /** For `emit`: the event published. */
  emitted?: CloudEvent;
  /** Figures the task reported (script `cpuMs`/`memoryBytes`, AI `tokens`/`cost`…). */
  usage?: Record<string, number>;
}

export interface NodeFailed extends Base {
  type: 'NodeFailed';
  node: string;
  token: TokenId;
  attempt: number;
  error: JournalError;
  /** Caught by an `on` edge: where the token goes. Absent: the error is unhandled. */
  routes?: Route[];
  usage?: Record<string, number>;
  /**
   * The task's executor had succeeded (its work is done) when its `set` entries or guards threw:
   * its `compensate` node, owed to a later rollback as a completion's is (since session 22;
   * older journals never have it). docs/runtime.md "The scheduler", Compensation.
   */
  compensate?: string;
  /** With `compensate` inside a foreach/region: the scope the compensation will see. */
  scope?: CompensationScope;
}

export interface RetryScheduled extends Base {
  type: 'RetryScheduled';
  node: string;
  token: TokenId;
  /** The attempt that will run next. */
  attempt: number;
  delayMs: number;
  dueAt: number;
  error: JournalError;
  /** Figures the failed attempt reported (an AI call's tokens are billed though it failed). */
  usage?: Record<string, number>;
}

export interface TimerScheduled extends Base {
  type: 'TimerScheduled';
  node: string;
  token: TokenId;
  dueAt: number;
}

export interface TimerFired extends Base {
  type: 'TimerFired';
  node: string;
  token: TokenId;
}

export interface EventWaitStarted extends Base {
  type: 'EventWaitStarted';
  node: string;
  token: TokenId;
  eventTypes: string[];
  timeoutAt?: number;
}

export interface EventReceived extends Base {
  type: 'EventReceived';
  event: CloudEvent;
  /** Kept for a later wait (persistent), or consumed at once by the wait below. */
  buffered: boolean;
}

export interface ApprovalRequested extends Base {
  type: 'ApprovalRequested';
  node: string;
  token: TokenId;
  ask: string;
  assignee?: string;
  timeoutAt?: number;
}

export interface ApprovalDecided extends Base {
  type: 'ApprovalDecided';
  node: string;
  token: TokenId;
  approved: boolean;
  by: string;
  comment?: string;
}

export interface JoinArrived extends Base {
  type: 'JoinArrived';
  node: string;
  token: TokenId;
  /** Late arrival after a `first`/`N` join fired: the token ends here. */
  absorbed: boolean;
  result: unknown;
}

export interface TokensCancelled extends Base {
  type: 'TokensCancelled';
  tokens: TokenId[];
  reason: 'join-cancel' | 'terminate' | 'cancel' | 'failed' | 'listen';
  /** The node that withdrew them. */
  node?: string;
}

export interface ChildRunStarted extends Base {
  type: 'ChildRunStarted';
  node: string;
  token: TokenId;
  childRunId: string;
  /** The task's `timeout` deadline (clock ms): the child run is cancelled then. */
  timeoutAt?: number;
}

export interface VariableSet extends Base {
  type: 'VariableSet';
  name: string;
  role: 'var' | 'output';
  value: unknown;
}

export interface NodeSkipped extends Base {
  type: 'NodeSkipped';
  node: string;
  token: TokenId;
  result: unknown;
  routes: Route[];
  /** The task's `set x = expr` entries, evaluated with `result` bound as a completion evaluates them. */
  sets?: Assigned[];
  /** The task's `compensate` node: the skip stands in for its completion, so a later rollback undoes it too. */
  compensate?: string;
  /** With `compensate` inside a foreach/region: the scope the compensation will see. */
  scope?: CompensationScope;
}

export interface NodeRetried extends Base {
  type: 'NodeRetried';
  node: string;
  token: TokenId;
}

/** A branch a run's failure withdrew, as `TokensRestored` gives it back. */
export interface RestoredToken {
  token: TokenId;
  /** The node it stood at (a join's, for a branch that had arrived there): it stands before it again. */
  node: string;
  /** What it was doing when withdrawn: `running` (a task's attempt aborted), `waiting` (with `wait`), `joined`, `ready`, `retrying`. */
  was: 'ready' | 'running' | 'retrying' | 'waiting' | 'joined';
  wait?: 'timer' | 'event' | 'approval' | 'child' | 'body';
  /** The node it came from. */
  from?: string;
  /**
   * That node's result for this branch, which it brings to a join (`TokenState.fromResult`).
   * Absent where the branch was sent without one, and in journals written before 28 Nov 2026: a
   * join then takes `from`'s latest result.
   */
  fromResult?: unknown;
  /** `join first|N` nodes whose late arrival it still is (see `NodeStarted.absorb`). */
  absorb?: string[];
  /** A task attempt was in progress: whether the task is marked `idempotent` (false: its effect may have happened once already). */
  idempotent?: boolean;
}

/**
 * A retry or skip reopened a failed run: the branches its failure withdrew (`TokensCancelled`
 * `failed`) stand again before the nodes they stood at, ready, each node starting afresh (attempt
 * 1), a join's arrival arriving again (docs/runtime.md, "API").
 */
export interface TokensRestored extends Base {
  type: 'TokensRestored';
  tokens: RestoredToken[];
}

export interface Paused extends Base { type: 'Paused' }
export interface Resumed extends Base { type: 'Resumed' }
export interface Cancelled extends Base { type: 'Cancelled'; reason?: string }

export interface CompensationStarted extends Base {
  type: 'CompensationStarted';
  /** Completed tasks to compensate, in the order they will be compensated. */
  tasks: CompensableTask[];
  error: JournalError;
}

/**
 * A `foreach` node evaluated its items (LANGUAGE.md §4, `runtime.md` "foreach and region"): the
 * token waits at the node while iterations run. Items are journaled so recovery sees the list
 * the run saw.
 */
export interface ForeachStarted extends Base {
  type: 'ForeachStarted';
  /** The foreach node's instance name (`upload`, `each[2].inner`). */
  node: string;
  token: TokenId;
  items: unknown[];
}

/** A foreach's `until` held: no further iteration starts; in-flight ones finish. */
export interface ForeachStopped extends Base {
  type: 'ForeachStopped';
  node: string;
  token: TokenId;
}

/**
 * A frame opened: one iteration of a `foreach` or one activation of a `region`. Its entry token
 * (id `frame`) stands before the inner `start`; inner nodes are named `${path}.${id}`.
 */
export interface FrameEntered extends Base {
  type: 'FrameEntered';
  /** The foreach/region node's instance name. */
  node: string;
  /** The token waiting at that node (the frame's owner). */
  token: TokenId;
  /** The frame's id, which is also the id of its entry token. */
  frame: FrameId;
  /** Instance path: `upload[0]` for an iteration, `record` / `each[2].record` for a region. */
  path: string;
  kind: 'iteration' | 'region';
  /** Iterations: the item's index and value, bound to the `as` name. */
  index?: number;
  as?: string;
  item?: unknown;
}

/** A frame closed: no inner token is live any more (completed), or an error/withdrawal ended it. */
export interface FrameExited extends Base {
  type: 'FrameExited';
  frame: FrameId;
  status: 'completed' | 'failed' | 'cancelled';
  /** Completed: the result of the last inner node whose edge reached the inner `end`. */
  result?: unknown;
}

export interface RunRecovered extends Base {
  type: 'RunRecovered';
  /** Tokens whose started-not-completed node runs again. */
  rerun: Array<{ node: string; token: TokenId; idempotent: boolean }>;
}

export interface RunCompleted extends Base {
  type: 'RunCompleted';
  outputs: Record<string, unknown>;
  /** Set when a `terminate` node ended the run. */
  terminatedBy?: string;
}

export interface RunFailed extends Base {
  type: 'RunFailed';
  error: JournalError;
}

export type JournalEvent =
  | RunStarted | NodeStarted | NodeCompleted | NodeFailed | RetryScheduled
  | TimerScheduled | TimerFired | EventWaitStarted | EventReceived
  | ApprovalRequested | ApprovalDecided | JoinArrived | TokensCancelled | ChildRunStarted
  | VariableSet | NodeSkipped | NodeRetried | TokensRestored | Paused | Resumed | Cancelled
  | CompensationStarted | RunRecovered | RunCompleted | RunFailed
  | ForeachStarted | ForeachStopped | FrameEntered | FrameExited;

export type JournalEventType = JournalEvent['type'];
