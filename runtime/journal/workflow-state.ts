// Journal — the shape of a run's state. A `WorkflowState` is only ever produced by folding the
// run's journal (`fold.ts`): the engine, crash recovery, `weft show`, metrics and the debugger's
// step back all read this one shape. Nothing here executes anything.

import type { CloudEvent, CompensableTask, CompensationScope, FrameId, JournalError, JournalEvent, RunTrigger, TokenId } from './journal-event.js';
import { ExecutionHistory } from './execution-history.js';
import type { Execution } from './node-execution.js';
import { NodeResults } from './node-results.js';
import { SealedEmptyMap, SealedEmptySet } from './sealed-empty.js';
import { TokenTable } from './token-table.js';

export type RunStatus = 'running' | 'paused' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled']);

/**
 * Where a branch stands: `ready` before its node, `running` inside it, `retrying` between
 * attempts, `waiting` on a timer/event/approval, `joined` parked at a join, `failed` after an
 * unhandled error (kept so the node can be retried by a control action).
 */
export type TokenPhase = 'ready' | 'running' | 'retrying' | 'waiting' | 'joined' | 'failed';

export interface TokenState {
  id: TokenId;
  node: string;
  phase: TokenPhase;
  /** Attempt of the current node (1-based); 0 before it started. */
  attempt: number;
  /** What a `waiting` token waits for (`body`: the inner graph of its foreach/region). */
  wait?: 'timer' | 'event' | 'approval' | 'child' | 'body';
  /** When a timer, retry delay or wait timeout falls due (epoch ms on the run's clock). */
  dueAt?: number;
  /** Joins (`first`/`N`) that will absorb this token if it arrives there. */
  absorb?: string[];
  /** A sub-workflow node's child run. */
  childRunId?: string;
  /** Set while the token runs a compensation for the completed task named here. */
  compensates?: string;
  /** The node whose completion sent this token. */
  from?: string;
  /**
   * That completion's (or skip's) result: what a join collects for this branch (LANGUAGE.md §4).
   * Undefined where the event that sent the token carries none (an error route; a token a retry
   * restored from a journal written before 28 Nov 2026): a join then takes `from`'s latest
   * result, as it did for every token before.
   */
  fromResult?: unknown;
  /** The foreach iteration or region activation the token runs in; absent at top level. */
  frame?: FrameId;
}

/** An open frame: one `foreach` iteration or one `region` activation (see `runtime.md`). */
export interface FrameState {
  id: FrameId;
  /** Instance path (`upload[0]`, `each[2].record`); inner nodes are `${path}.${id}`. */
  path: string;
  kind: 'iteration' | 'region';
  /** The token waiting at the foreach/region node, and that node's instance name. */
  owner: TokenId;
  node: string;
  /** The frame the owner runs in. */
  parent?: FrameId;
  index?: number;
  as?: string;
  item?: unknown;
  /** Live tokens inside the frame (the frame completes when none is left). */
  live: number;
  /** Instance name of the last inner node whose edge reached the inner `end`. */
  lastFrom?: string;
}

/** A `foreach` node's progress, keyed by its owner token. */
export interface LoopState {
  node: string;
  items: unknown[];
  /** Index of the next item to start. */
  next: number;
  /** Iterations in flight. */
  running: number;
  /** `until` held: no further iteration starts. */
  stopped: boolean;
  /** Results of completed iterations, by item index. */
  results: unknown[];
}
export interface NodeExecution {
  node: string;
  token: TokenId;
  attempt: number;
  status: 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
  startedAt: number;
  endedAt?: number;
  /** `seq` of the event that ended the execution (orders executions by completion). */
  endSeq?: number;
  error?: JournalError;
  cached?: boolean;
  usage?: Record<string, number>;
}

export interface JoinState {
  arrived: Array<{ token: TokenId; result: unknown }>;
}

export interface WorkflowState {
  workflowId: string;
  instanceId: string;
  version: string;
  bundleHash: string;
  status: RunStatus;
  /** A pause was requested and not yet resumed. */
  paused: boolean;
  inputs: Record<string, unknown>;
  variables: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /**
   * Latest result of every node that completed (or was skipped), by node name, in the order the
   * names first got one (`node-results.ts`: a view over `log`, indexed by name when first read).
   */
  readonly results: NodeResults;
  /** Live branches by id (a `Map` by its interface: `token-table.ts`). */
  tokens: TokenTable;
  /** Tokens in phase `ready` or `running` (kept in step with `tokens`). */
  activeTokens: number;
  /** Highest token id handed out so far. */
  lastToken: TokenId;
  joins: Record<string, JoinState>;
  /** Open foreach iterations and region activations by id (empty in flat workflows). */
  frames: Map<FrameId, FrameState>;
  /** Open frames with no live token left (about to close), so the scheduler need not scan them all. */
  idleFrames: Set<FrameId>;
  /** Running foreach nodes by owner token. */
  loops: Map<TokenId, LoopState>;
  /** Events kept for later waits (persistent), oldest first. */
  bufferedEvents: CloudEvent[];
  /** Completed tasks that declared `compensate`, in completion order. */
  completedTasks: CompensableTask[];
  compensating: boolean;
  /** The scope kept for the compensation running now (a task that completed inside frames). */
  compensationScope?: CompensationScope;
  /** Compensations still to run, in order (set by `CompensationStarted`). */
  compensationQueue: CompensableTask[];
  /**
   * Node executions in start order (`execution-history.ts`: a view over `log`, caught up when
   * read; each entry refers to its opening and ending events). Read-only for everyone.
   */
  readonly history: readonly Execution[];
  /**
   * Every event folded into this state, in fold order (the fold appends each; nothing else
   * writes it). `history` and `results` are read from it.
   */
  readonly log: readonly JournalEvent[];
  /** Node executions counted against the step budget. */
  steps: number;
  stepBudget: number;
  timeoutMs?: number;
  seed: number;
  trigger: RunTrigger;
  parent?: { runId: string; node: string; token: TokenId };
  error?: JournalError;
  terminatedBy?: string;
  startedAt: number;
  endedAt?: number;
  /** `seq` of the last event folded. */
  lastSeq: number;
}

/**
 * The empty collections a state starts with for what most runs never have (frames, idle frames,
 * foreach loops): one shared instance each, never written — the fold gives a state its own the
 * first time it adds to one (`ownFrames`, `ownLoops` in `fold.ts`). Every run spared three
 * hash tables that it would hold until its state is dropped (the 1,000-concurrent-run benchmark
 * is a third garbage collection). Only the fold writes to a state; readers see empty collections.
 */
export const NO_FRAMES: ReadonlyMap<FrameId, FrameState> = new SealedEmptyMap();
export const NO_IDLE_FRAMES: ReadonlySet<FrameId> = new SealedEmptySet();
export const NO_LOOPS: ReadonlyMap<TokenId, LoopState> = new SealedEmptyMap();
/**
 * The same for what a state holds before its first write, which most runs never make or make
 * late: inputs (`RunStarted` sets the event's own), variables and outputs (`RunStarted` copies
 * declared variables; the fold gives a state its own object on its first assignment), joins'
 * arrivals, buffered events, completed compensable tasks, the compensation queue (only ever
 * replaced, by `CompensationStarted`, and shifted by a compensation's start, which an empty
 * queue leaves as it is), and the tokens of a fresh or ended state (`RunCompleted`/`Cancelled`
 * drop the run's own map; the fold makes a new one if a control reopens the run). Frozen (objects,
 * arrays) or sealed (Maps, `sealed-empty.ts`) where possible: a write that bypasses the fold's
 * `own*` helpers throws instead of reaching every state. A run of plain tasks keeps five objects and a hash table fewer.
 */
export const NO_VALUES_YET: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
export const NO_JOINS: Record<string, JoinState> = Object.freeze({}) as Record<string, JoinState>;
export const NO_BUFFERED_EVENTS: CloudEvent[] = Object.freeze([]) as unknown as CloudEvent[];
export const NO_COMPLETED_TASKS: CompensableTask[] = Object.freeze([]) as unknown as CompensableTask[];
/** Not frozen: `shift` on a frozen array throws even when it is empty (and changes nothing). */
export const NO_COMPENSATIONS: CompensableTask[] = [];
export const NO_TOKENS: TokenTable = new TokenTable(true);
/** The trigger of a run started by hand: one frozen object shared by every such run and state. */
export const MANUAL_TRIGGER: RunTrigger = Object.freeze({ kind: 'manual' });

/**
 * The empty array every state's log is a copy of (`slice()`, never written itself). A literal
 * `[]` here is an allocation site, and V8 pretenured it once the logs of 1,000 runs in flight had
 * survived scavenges: each log was born old and held its events, young, through every scavenge
 * after its run had ended (see run-start-objects.ts, engine). A copied array has no site. Its
 * elements kind is that of an array of objects already, as the logs' is after their first event.
 */
const EMPTY_LOG: JournalEvent[] = [];
EMPTY_LOG.push(MANUAL_TRIGGER as unknown as JournalEvent);
EMPTY_LOG.pop();

/**
 * A run's state: the fold's fields, and the history and results read from its event log. A class
 * rather than a literal so that `history` and `results` are getters on its prototype (one shape
 * for every state, no accessor of its own) and their views are made by the first reader (a run
 * nobody reads holds neither). Every field is present from the start so the fold never
 * reshapes it; the optional ones stay absent until the fold sets them, as in a literal.
 */
class RunState implements WorkflowState {
  workflowId = '';
  readonly instanceId: string;
  version = '';
  bundleHash = '';
  status: RunStatus = 'running';
  paused = false;
  inputs = NO_VALUES_YET;
  variables = NO_VALUES_YET;
  outputs = NO_VALUES_YET;
  tokens = NO_TOKENS;
  activeTokens = 0;
  lastToken: TokenId = 0;
  joins = NO_JOINS;
  frames = NO_FRAMES as Map<FrameId, FrameState>;
  idleFrames = NO_IDLE_FRAMES as Set<FrameId>;
  loops = NO_LOOPS as Map<TokenId, LoopState>;
  bufferedEvents = NO_BUFFERED_EVENTS;
  completedTasks = NO_COMPLETED_TASKS;
  compensating = false;
  compensationQueue = NO_COMPENSATIONS;
  steps = 0;
  stepBudget = 10_000;
  seed = 0;
  trigger = MANUAL_TRIGGER;
  startedAt = 0;
  lastSeq = 0;
  /** A copy of `EMPTY_LOG`, not a literal `[]`: see `EMPTY_LOG`. */
  readonly log: JournalEvent[] = EMPTY_LOG.slice();
  #results: NodeResults | undefined = undefined;
  #history: ExecutionHistory | undefined = undefined;
  declare compensationScope?: CompensationScope;
  declare timeoutMs?: number;
  declare parent?: { runId: string; node: string; token: TokenId };
  declare error?: JournalError;
  declare terminatedBy?: string;
  declare endedAt?: number;

  constructor(instanceId: string) {
    this.instanceId = instanceId;
  }

  get results(): NodeResults {
    return (this.#results ??= new NodeResults(this.log));
  }

  get history(): readonly Execution[] {
    return (this.#history ??= new ExecutionHistory(this.log)).sync();
  }

  /** The plain object a state was before it kept a log: its fields in the same order, `results` and `history` in their old places, no log. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key === 'log') continue;
      if (key === 'tokens') out.results = this.results;
      if (key === 'steps') out.history = this.history;
      out[key] = value;
    }
    return out;
  }
}

/** The state before `RunStarted`. */
export function emptyWorkflowState(instanceId: string): WorkflowState {
  return new RunState(instanceId);
}

/** Nodes where a live branch stands, for `weft show` and the run views. */
export function currentNodes(state: WorkflowState): Array<{ node: string; token: TokenId; phase: TokenPhase }> {
  const out: Array<{ node: string; token: TokenId; phase: TokenPhase }> = [];
  for (const t of state.tokens.values()) out.push({ node: t.node, token: t.id, phase: t.phase });
  return out;
}

/** One line of a run's trace (`weft run --json`, `weft show`). */
export interface TraceEntry {
  node: string;
  token: TokenId;
  status: NodeExecution['status'];
  attempt: number;
  startedAt: number;
  endedAt?: number;
  error?: JournalError;
}

/** Node executions that ended, in completion order (`start` and `end` left out). */
export function completionTrace(state: WorkflowState): TraceEntry[] {
  return state.history
    .filter((h) => h.status !== 'running' && !isStartOrEnd(h.node))
    .sort((a, b) => (a.endSeq ?? 0) - (b.endSeq ?? 0))
    .map((h) => {
      const t: TraceEntry = { node: h.node, token: h.token, status: h.status, attempt: h.attempt, startedAt: h.startedAt };
      if (h.endedAt !== undefined) t.endedAt = h.endedAt;
      if (h.error) t.error = h.error;
      return t;
    });
}

/** `start`/`end`, also the implicit ones of an inner graph (`upload[0].start`). */
export function isStartOrEnd(node: string): boolean {
  return node === 'start' || node === 'end' || node.endsWith('.start') || node.endsWith('.end');
}
