// Engine — the scheduler of one run (LANGUAGE.md §4): moves tokens through the workflow graph,
// records every transition in the journal (folding it into the run's state at once) and starts
// effects only after the events that announce them are durable. Knows no protocol and no store
// detail; the `RunHost` (the engine) supplies executors, clock, locks, cache and the event bus.

import type {
  Assignment, EdgeDefinition, Expr, NodeDefinition, SubworkflowNode,
  TaskNode, WorkflowBundle, WorkflowDefinition,
} from '../ir/index.js';
import { isTaskNode } from '../ir/index.js';
import { evaluate } from '../expressions/evaluate.js';
import { assignmentTypeError } from '../types/assignment-check.js';
import { errorNames } from '../executors/task-error.js';
import type { SecretMasker } from '../secrets/secret-masker.js';
import { applyEvent, foldCompletion, foldStart } from '../journal/fold.js';
import { SealedEmptyMap, SealedEmptySet } from '../journal/sealed-empty.js';
import type {
  Assigned, CloudEvent, CompensableTask, JournalError, JournalEvent, NodeCompleted, NodeStarted, Route, RunStarted, TokenId,
} from '../journal/journal-event.js';
import type { FrameState, TokenState, WorkflowState } from '../journal/workflow-state.js';
import type { RunStore } from '../store/run-store.js';
import type { Clock, TimerHandle } from './clock.js';
import type { BeforeNodeHook, EngineEvent, RunOutcome } from './engine-events.js';
import type { LockManager } from './lock-manager.js';
import type { ResultCache } from './result-cache.js';
import { eventEdges, takenFlowEdges } from './routing.js';
import { RunEnvironment } from './run-environment.js';
import { seededRandom, type Random } from './seeded-random.js';
import type { LogLevel, TaskExecutors } from './task-executor.js';
import { TaskAttempt } from './task-attempt.js';
import { SpareArray } from './spare-array.js';
import { RunFifo } from './run-fifo.js';
import { AttemptTable } from './attempt-table.js';
import { TokenQueue } from './token-queue.js';
import type { OutEdges, WorkflowGraph } from './workflow-graph.js';
import { InstanceGraphs } from './instance-graphs.js';
import type { SchedulingGraph } from './instance-graph.js';
import { qualify, scopeOf } from './instance-names.js';
import { RunFrames, type FrameOps } from './run-frames.js';
import { RunWaits, type WaitOps } from './run-waits.js';
import { RunControls, type ControlOps, type SkipOutcome } from './run-controls.js';
import { owe } from './run-failures.js';
import { RunOutbound } from './run-outbound.js';
import type { CompletionExtra } from './run-attempts.js';
import { NO_INPUT, NO_ROUTES } from './run-empties.js';

/** What a run needs from the engine that hosts it. */
export interface RunHost {
  readonly store: RunStore;
  readonly clock: Clock;
  readonly executors: TaskExecutors;
  readonly locks: LockManager;
  readonly cache: ResultCache;
  readonly beforeNode: BeforeNodeHook | undefined;
  emit(event: EngineEvent): void;
  /** Whether anyone observes the engine (journal events are not built for nobody). */
  readonly hasListeners: boolean;
  /** Publishes an emitted event to every run of the engine (this one included). */
  publish(event: CloudEvent, fromRunId: string): void;
  /** Starts (or, after a crash, re-attaches to) a child run; resolves with its outcome. */
  runChild(parent: RunExecution, node: SubworkflowNode, token: TokenId, childRunId: string, inputs: Record<string, unknown>): Promise<RunOutcome>;
  cancelChild(childRunId: string, actor: string): void;
  /** The live state of run `runId` if this engine carries it (a deadlock check walks a run's callers). */
  peek(runId: string): WorkflowState | undefined;
  /** The run reached a terminal status and its last events are durable. */
  finished(run: RunExecution, outcome: RunOutcome): void;
  /** A run crashed (its store failed); it stops without recording more. */
  crashed(run: RunExecution, error: unknown): void;
}

/** An event as recorded before the run places it: `seq` and `at` are filled in by `record`. */
export type Draft<E = JournalEvent> = E extends JournalEvent ? Omit<E, 'seq' | 'at'> & { seq?: number; at?: number } : never;

const SYSTEM = 'system';
const NO_QUEUED_CHILDREN: ReadonlyArray<{ runId: string; workflow: string }> = Object.freeze([]);
const NO_SETS: Assigned[] = [];
const NO_EDGES: readonly EdgeDefinition[] = [];
const IGNORE = (): void => undefined;
/**
 * The step events' shapes with `at` a tagged field (see `untimed` in fold.ts): two throwaway
 * literals whose `at` is not a number, in the key order of the literals `started`, `complete`
 * and `chainStep` (`run-fast-paths.ts`) make. The events of one commit then share their one
 * clock reading (and the history entries share it too) instead of a 16-byte box each. Exported
 * only to be kept: V8 holds a shape's transitions weakly, and a module-level constant no function
 * refers to is dropped once the module has run, so a full collection before the first run lost
 * the tagged shapes (session 6, rtgc).
 */
export const UNTIMED: Array<{ at: number | undefined }> = [
  { type: 'NodeCompleted', node: '', token: 0, result: null, routes: NO_ROUTES, seq: 0, at: 0 } as { at: number | undefined },
  { type: 'NodeStarted', node: '', token: 0, attempt: 0, seq: 0, at: 0 } as { at: number | undefined },
];
for (const untimed of UNTIMED) untimed.at = undefined;
/** The shared empty collections of a run that has not needed its own yet (sealed: a write throws). */
const NO_TOKEN_SET: Set<TokenId> = new SealedEmptySet();
const NO_NAME_SET: Set<string> = new SealedEmptySet();
const NO_LOCK_KEYS: Map<TokenId, string[]> = new SealedEmptyMap();
// A resolved promise's then() is much cheaper than queueMicrotask (no async_hooks resource).
const RESOLVED = Promise.resolve();

export { ControlError, RunCarriedElsewhereError } from './run-controls.js';

/** The emptied commit arrays shared by the runs of the process (see `commit`). */
const PENDING_ARRAYS = new SpareArray<JournalEvent>();
const EFFECT_ARRAYS = new SpareArray<(() => void) | TaskAttempt>();
/** What a run holds between commits: the shared empty arrays (`ownPending`, `ownEffects` take real ones). */
const NO_PENDING = PENDING_ARRAYS.none;
const NO_EFFECTS = EFFECT_ARRAYS.none;
/** The runs whose pumps are queued as microtasks, in the order they were queued (see `schedulePump`). */
const SCHEDULED_PUMPS = new RunFifo<RunExecution>();

/**
 * What a run rarely needs, kept apart so a run of plain tasks holds one field for all of it (every
 * field of a run is held by each of the 1,000 runs in flight): tokens held by the debugging hook
 * or waiting for a lock and those it let through, retries fallen due, held locks, `all` joins'
 * blockers (see `tokenOnTheWay`), timers/event waits/approvals and controls (made on first
 * use), the frames of a workflow with foreach/region nodes, the run's timeout timer, the guard
 * test and the retry-jitter source. The collections start as shared empty instances and get
 * their own on first write (`own*`).
 */
class RunRarities {
  held: Set<TokenId> = NO_TOKEN_SET;
  hookPassed: Set<TokenId> = NO_TOKEN_SET;
  dueRetries: Set<TokenId> = NO_TOKEN_SET;
  lockKeys: Map<TokenId, string[]> = NO_LOCK_KEYS;
  joinBlockers: Map<string, TokenId> | undefined = undefined;
  waits: RunWaits | undefined = undefined;
  controls: RunControls | undefined = undefined;
  instances: InstanceGraphs | undefined = undefined;
  frames: RunFrames | undefined = undefined;
  runTimer: TimerHandle | undefined = undefined;
  guardTest: ((cond: Expr) => boolean) | undefined = undefined;
  randomSource: Random | undefined = undefined;
}
/** The rarities of a run that has needed none of them: shared, frozen (a write throws). */
const NO_RARITIES: RunRarities = Object.freeze(new RunRarities());

/**
 * The scheduler of one run. Its parts live in base classes, one concept each (docs/runtime.md,
 * "Engine structure"): `RunAttempts` (executors) <- `RunFastPaths` (lean turns, chain path) <-
 * `RunTasks` (task start, locks) <- `RunJoins` <- `RunFailures` (retries, `on` edges,
 * compensation) <- `RunOutbound` (emits, sub-workflows) <- `RunExecution`; frames, waits and
 * controls are objects made on first use (`RunFrames`, `RunWaits`, `RunControls`).
 */
export class RunExecution extends RunOutbound {
  /** The evaluation environment (`env`), made on first use: a run of plain tasks evaluates nothing. */
  protected envOrNone: RunEnvironment | undefined = undefined;
  /** The seed of the retry-jitter source, fixed at construction; the source is made on first use. */
  private readonly randomSeed: number;
  // Between commits both are the process's shared empty arrays (never written): a run takes an
  // array of its own when it records something (`ownPending`, `ownEffects`) and its commit gives
  // it back, so 1,000 runs in flight hold no commit arrays (two arrays and their storage each).
  protected pending: JournalEvent[] = NO_PENDING;
  /** What to start once the pending events are durable: callbacks, and task attempts to execute. */
  protected effects: Array<(() => void) | TaskAttempt> = NO_EFFECTS;
  /**
   * The run's `RunStarted`, recorded and folded but held here rather than in `pending` until the
   * run records its next event or commits (`ownPending`, `commit`): 1,000 runs started at once
   * each waited for their first turn holding a pending array of their own for this one event.
   */
  private unstarted: RunStarted | undefined = undefined;
  protected readonly ready = new TokenQueue();
  /**
   * What most runs never need (`RunRarities`): the shared frozen `NO_RARITIES` until the run
   * needs one of them (`ownRare`). Read through the accessors below (`held`, `lockKeys`, …).
   */
  private rare: RunRarities = NO_RARITIES;
  protected readonly inflight = new AttemptTable();
  protected joinsWithArrivals: Set<string> = NO_NAME_SET;
  /** The workflow has foreach/region nodes: names may be instance names (`upload[0].put`). */
  protected readonly nested: boolean;
  protected pumpScheduled = false;
  /** The clock reading the pending events share (see `stamp`). */
  protected batchAt: number | undefined = undefined; // a tagged field: `stamp` hands out the one box
  /** Inside `pump` (a settlement then queues the next pump instead of re-entering). */
  protected pumping = false;
  protected ending = false;
  protected done = false;
  private halted = false;
  private tokenCounter: number;
  private outcomeResolve!: (o: RunOutcome) => void;
  private outcomeReject!: (e: unknown) => void;
  /** Settles when the run reaches a terminal status (renewed when a control reopens it). */
  outcome: Promise<RunOutcome>;
  /** The engine's run list (`RunRegistry`, the only writer): the runs registered before and after this one. */
  registryPrev: RunExecution | undefined = undefined;
  registryNext: RunExecution | undefined = undefined;

  constructor(
    protected readonly host: RunHost,
    readonly runId: string,
    readonly bundle: WorkflowBundle,
    readonly graph: WorkflowGraph,
    readonly state: WorkflowState,
    readonly secrets: Readonly<Record<string, string>>,
    protected readonly masker: SecretMasker,
  ) {
    super();
    // The base classes' fields (declared there, not initialised: see `initAttempts`).
    this.initAttempts();
    this.stepAppender = undefined;
    this.nested = graph.hasFrames;
    if (this.nested) {
      const rare = this.ownRare();
      rare.instances = new InstanceGraphs(graph);
      rare.frames = new RunFrames(this.frameOps());
    }
    this.randomSeed = (state.seed || 1) ^ state.lastSeq;
    this.tokenCounter = state.lastToken;
    this.outcome = this.newOutcome();
  }

  /** The run's evaluation environment (one reusable object, made on first use). */
  get env(): RunEnvironment {
    return (this.envOrNone ??= this.newEnv());
  }

  private newEnv(): RunEnvironment {
    const env = new RunEnvironment(this.state, this.secrets, this.host.clock);
    if (this.nested) {
      const instances = this.instances!;
      const frames = this.frames!;
      env.scopes = {
        hasNode: (name) => instances.node(name) !== undefined,
        item: (path, name) => {
          const f = frames.byPath(path);
          return f && f.as === name ? { value: f.item } : undefined;
        },
      };
    }
    return env;
  }

  get workflow(): WorkflowDefinition {
    return this.graph.definition;
  }

  /** The run's own `RunRarities` (made when it first needs one of them). */
  private ownRare(): RunRarities {
    return this.rare === NO_RARITIES ? (this.rare = new RunRarities()) : this.rare;
  }

  // The rarities, read as if they were the run's own fields (written through `ownRare`).
  protected get held(): Set<TokenId> { return this.rare.held; }
  private get hookPassed(): Set<TokenId> { return this.rare.hookPassed; }
  private get dueRetries(): Set<TokenId> { return this.rare.dueRetries; }
  protected get lockKeys(): Map<TokenId, string[]> { return this.rare.lockKeys; }
  protected get joinBlockers(): Map<string, TokenId> | undefined { return this.rare.joinBlockers; }
  private get waitsOrNone(): RunWaits | undefined { return this.rare.waits; }
  private get instances(): InstanceGraphs | undefined { return this.rare.instances; }
  protected get frames(): RunFrames | undefined { return this.rare.frames; }

  protected random(): Random {
    return (this.ownRare().randomSource ??= seededRandom(this.randomSeed));
  }

  protected get waits(): RunWaits {
    return (this.ownRare().waits ??= new RunWaits(this.waitOps()));
  }

  private get controls(): RunControls {
    return (this.ownRare().controls ??= new RunControls(this.controlOps()));
  }

  private get guardTest(): (cond: Expr) => boolean {
    return (this.ownRare().guardTest ??= (cond) => this.truthy(cond));
  }

  /**
   * The run's own pending-event array (between commits it has the shared empty one). A
   * `RunStarted` not yet in it (`unstarted`) goes in first: it is the run's first event.
   */
  protected ownPending(): JournalEvent[] {
    if (this.pending !== NO_PENDING) return this.pending;
    const pending = (this.pending = PENDING_ARRAYS.take());
    if (this.unstarted !== undefined) {
      pending.push(this.unstarted);
      this.unstarted = undefined;
    }
    return pending;
  }

  /** The run's own effect array (between commits it has the shared empty one). */
  protected ownEffects(): Array<(() => void) | TaskAttempt> {
    return this.effects === NO_EFFECTS ? (this.effects = EFFECT_ARRAYS.take()) : this.effects;
  }

  protected ownHeld(): Set<TokenId> {
    return this.held === NO_TOKEN_SET ? (this.ownRare().held = new Set()) : this.held;
  }

  private ownHookPassed(): Set<TokenId> {
    return this.hookPassed === NO_TOKEN_SET ? (this.ownRare().hookPassed = new Set()) : this.hookPassed;
  }

  protected ownDueRetries(): Set<TokenId> {
    return this.dueRetries === NO_TOKEN_SET ? (this.ownRare().dueRetries = new Set()) : this.dueRetries;
  }

  protected ownJoinsWithArrivals(): Set<string> {
    return this.joinsWithArrivals === NO_NAME_SET ? (this.joinsWithArrivals = new Set()) : this.joinsWithArrivals;
  }

  protected ownJoinBlockers(): Map<string, TokenId> {
    return (this.ownRare().joinBlockers ??= new Map());
  }

  protected ownLockKeys(): Map<TokenId, string[]> {
    return this.lockKeys === NO_LOCK_KEYS ? (this.ownRare().lockKeys = new Map()) : this.lockKeys;
  }

  /** The scheduler's steps that `RunFrames` acts through. */
  private frameOps(): FrameOps {
    return {
      state: this.state,
      runId: this.runId,
      stopping: () => this.done || this.ending,
      record: (event) => { this.record(event as Draft); },
      newToken: () => this.newToken(),
      makeReady: (id) => { this.ready.push(id); },
      schedulePump: () => this.schedulePump(),
      nodeNamed: (name) => this.nodeNamed(name),
      evaluate: (expr, name) => {
        this.bind(name);
        return this.eval(expr);
      },
      toError: (err) => this.toError(err),
      mask: (value) => this.masker.maskValue(value),
      started: (id, node, attempt, compensates) => this.started(id, node, attempt, compensates),
      complete: (id, node, result) => this.complete(id, node, result),
      nodeError: (id, node, error, retriable) => this.nodeError(id, node, error, retriable),
      failRun: (error) => this.failRun(error),
      cancelTokens: (ids, reason, node) => this.cancelTokens(ids, reason, node),
      lock: (id, key) => this.acquireAll(id, [key], 1),
      hasLock: (id) => this.lockKeys.has(id),
      unlock: (id) => this.releaseLocks(id),
      hold: (id, held) => { if (held) this.ownHeld().add(id); else this.held.delete(id); },
      forgetGraph: (path) => this.instances!.forget(path),
      bodyNames: (path) => this.instances!.graphOf(path)?.names() ?? [],
    };
  }

  /** The scheduler's steps that `RunWaits` acts through. */
  private waitOps(): WaitOps {
    return {
      state: this.state,
      graph: this.graph,
      clock: this.host.clock,
      env: this.env,
      done: () => this.done,
      ending: () => this.ending,
      record: (event) => { this.record(event as Draft); },
      afterCommit: (fn) => this.afterCommit(fn),
      schedulePump: () => this.schedulePump(),
      nodeNamed: (name) => this.nodeNamed(name),
      bind: (name) => this.bind(name),
      eval: (expr) => this.eval(expr),
      truthy: (expr) => this.truthy(expr),
      mask: (text) => this.masker.mask(text),
      toError: (err) => this.toError(err),
      started: (id, node, attempt, compensates) => this.started(id, node, attempt, compensates),
      complete: (id, node, result, extra) => this.complete(id, node, result, undefined, extra),
      nodeError: (id, node, error, retriable) => this.nodeError(id, node, error, retriable),
      taskInput: (options) => this.taskInput(options),
      reattachChild: (id, node, childRunId, inputs) => this.reattachChild(id, node, childRunId, inputs),
      armChildTimeout: (id, node, childRunId, timeoutAt) => this.armChildTimeout(id, node, childRunId, timeoutAt),
    };
  }

  /** The scheduler's steps that `RunControls` acts through. */
  private controlOps(): ControlOps {
    return {
      state: this.state,
      runId: this.runId,
      workflow: this.workflow,
      types: this.bundle.types,
      done: () => this.done,
      ending: () => this.ending,
      record: (event) => { this.record(event as Draft); },
      commit: () => this.commit(),
      afterCommit: (fn) => this.afterCommit(fn),
      schedulePump: () => this.schedulePump(),
      makeReady: (id) => { this.ready.push(id); },
      nodeNamed: (name) => this.nodeNamed(name),
      complete: (id, node, result) => this.complete(id, node, result),
      skipOutcome: (id, node, result, checkSets) => this.skipOutcome(id, node, result, checkSets),
      nextCompensation: () => this.nextCompensation(),
      isHeld: (id) => this.held.has(id),
      abortAttempt: (id, reason) => {
        const ctrl = this.inflight.get(id);
        if (ctrl) {
          this.inflight.delete(id);
          ctrl.abort(new Error(reason));
          this.host.clock.taskEnded();
        }
      },
      clearTimer: (id) => this.waitsOrNone?.clearTimer(id),
      releaseLocks: (id) => this.releaseLocks(id),
      cancelChild: (childRunId, actor) => this.host.cancelChild(childRunId, actor),
      stop: () => {
        this.ending = true;
        this.frames?.releaseAll();
        this.stopEverything();
      },
      reopen: () => {
        this.done = false;
        this.ending = false;
        this.outcome = this.newOutcome();
      },
      armRunTimeout: () => this.armRunTimeout(),
    };
  }

  /** The definition of node instance `name` (`fetch`, `upload[0].put`). */
  nodeNamed(name: string): NodeDefinition | undefined {
    return this.nested ? this.instances!.node(name) : this.graph.node(name);
  }

  /** The graph (top level or a frame's body) node instance `name` belongs to. */
  protected graphFor(name: string): SchedulingGraph {
    return this.nested ? this.instances!.graphOfName(name) ?? this.graph : this.graph;
  }

  /** Evaluations that follow run in the frame of node instance `name`. */
  protected bind(name: string): void {
    if (this.nested) this.env.scope = scopeOf(name);
  }

  get finishedRun(): boolean {
    return this.done;
  }

  /**
   * Asks a store that appends at once for the run's step appender now, just after it created the
   * run (`Engine.launch`): a store may hand out the run it created last without looking it up by
   * id (the memory store does). A store that fails to answer is asked again at the first commit,
   * which crashes the run as it did.
   */
  openJournal(): void {
    if (this.host.store.appendSync === undefined || this.stepAppender !== undefined) return;
    try {
      this.makeStepAppender();
    } catch {
      this.stepAppender = undefined;
    }
  }

  private newOutcome(): Promise<RunOutcome> {
    // No handler here: `crash` attaches one just before it rejects (nobody need be listening),
    // which spares every run that ends normally a derived promise and a reaction job. The
    // executor is one module-level function (`captureResolvers`): an arrow here was a closure
    // and a context for `this` allocated per run.
    const outcome = new Promise<RunOutcome>(captureResolvers);
    this.outcomeResolve = capturedResolve!;
    this.outcomeReject = capturedReject!;
    capturedResolve = undefined;
    capturedReject = undefined;
    return outcome;
  }

  // -------------------------------------------------------------------------------------------
  // Journal

  protected record<E extends JournalEvent>(draft: Draft<E>): E {
    const e = draft as unknown as E;
    e.seq = this.state.lastSeq + 1;
    e.at = this.stamp();
    this.recordPlaced(e);
    return e;
  }

  /**
   * The time of the next event: events recorded in one synchronous stretch before a commit share
   * one clock reading.
   */
  protected stamp(): number {
    if (this.pending.length === 0 && this.unstarted === undefined) this.batchAt = this.host.clock.now();
    return this.batchAt!;
  }

  /**
   * Records an event whose `seq` (the state's last + 1) and `at` (`stamp()`) its caller set. The
   * hot paths (a node starting or completing) set them themselves, so those stores see one
   * event shape each instead of every shape `record` sees.
   */
  private recordPlaced(e: JournalEvent): void {
    applyEvent(this.state, e);
    this.ownPending().push(e);
  }

  /** Runs `fn` once everything recorded so far is durable. */
  protected afterCommit(fn: () => void): void {
    this.ownEffects().push(fn);
  }

  private commit(): void {
    if (this.unstarted !== undefined) this.ownPending();
    if (this.pending.length === 0 && this.effects.length === 0) return;
    const batch = this.pending;
    const effects = this.effects;
    const store = this.host.store;
    // A store that also commits later (SQLite) offers `appendSync` for the chain path's steps of a
    // lone run only: the general path's commits wait for its group commit, as before.
    if (store.appendSync && store.appendThen === undefined) {
      // A store that appends at once: no promise per commit; effects follow synchronously. It
      // keeps no reference to the array, so the two arrays are emptied and reused by a later
      // commit of any run (one spare of each for the process); the run holds the shared empty
      // ones until it records again.
      this.pending = NO_PENDING;
      this.effects = NO_EFFECTS;
      try {
        // Through the run's step appender (the store's, asked once per run; else `appendSync`):
        // no lookup of the run by id per commit.
        if (batch.length) (this.stepAppender ?? this.makeStepAppender()).append(batch);
      } catch (err) {
        this.crash(err);
        return;
      }
      this.afterAppend(batch, effects);
      if (batch !== NO_PENDING) PENDING_ARRAYS.give(batch);
      if (effects !== NO_EFFECTS) EFFECT_ARRAYS.give(effects);
      return;
    }
    this.pending = NO_PENDING;
    this.effects = NO_EFFECTS;
    this.commitLater(store, batch, effects);
  }

  /**
   * `commit` to a store that appends asynchronously. A method of its own: the callbacks below
   * capture `batch`, `effects` and `clock`, and a function with closures allocates their context
   * on every call — `commit` to a store that appends at once made one per commit for nothing.
   */
  private commitLater(store: RunStore, batch: JournalEvent[], effects: Array<(() => void) | TaskAttempt>): void {
    const clock = this.host.clock;
    clock.busy();
    if (store.appendThen && batch.length) {
      // A store that commits later: one callback per commit instead of a promise and its reactions.
      store.appendThen(this.runId, batch, (err) => {
        if (err) {
          clock.idle();
          this.crash(err);
          return;
        }
        this.afterAppend(batch, effects);
        clock.idle();
      });
      return;
    }
    const appended = batch.length ? store.append(this.runId, batch) : Promise.resolve();
    appended.then(() => {
      this.afterAppend(batch, effects);
      clock.idle();
    }, (err: unknown) => {
      clock.idle();
      this.crash(err);
    });
  }

  /** The batch is durable: tell observers, start the effects it announced, settle the outcome. */
  private afterAppend(batch: JournalEvent[], effects: Array<(() => void) | TaskAttempt>): void {
    if (this.halted) return;
    if (this.host.hasListeners) {
      const workflow = this.workflow.id;
      for (const event of batch) this.host.emit({ kind: 'journal', runId: this.runId, workflow, event });
    }
    for (const fn of effects) {
      if (typeof fn === 'function') fn();
      else this.runExecutor(fn);
    }
    if (this.ending && !this.done && this.pending.length === 0 && isTerminal(batch)) this.settleOutcome();
  }

  protected crash(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.ending = true;
    this.stopEverything();
    this.outcome.catch(IGNORE);
    this.outcomeReject(err);
    this.host.crashed(this, err);
  }

  private settleOutcome(): void {
    this.done = true;
    const outcome = this.snapshotOutcome();
    this.outcomeResolve(outcome);
    this.host.finished(this, outcome);
  }

  snapshotOutcome(): RunOutcome {
    const o: RunOutcome = {
      runId: this.runId, workflow: this.workflow.id, status: this.state.status,
      outputs: this.state.outputs, state: this.state,
    };
    if (this.state.error && this.state.status === 'failed') o.error = this.state.error;
    return o;
  }

  /** A run loaded in a terminal status: nothing runs until a control reopens it. */
  markEnded(): void {
    this.done = true;
    this.ending = true;
    this.outcomeResolve(this.snapshotOutcome());
  }

  /** Stops at once without recording anything (the engine halts, as if the process died). */
  halt(): void {
    if (this.halted) return;
    this.halted = true;
    this.done = true;
    this.ending = true;
    this.pending = NO_PENDING;
    this.effects = NO_EFFECTS;
    this.unstarted = undefined;
    this.stopEverything();
  }

  private pumpAndIdle(): void {
    this.pump();
    this.host.clock.idle();
  }

  protected schedulePump(): void {
    if (this.pumpScheduled || this.done) return;
    this.pumpScheduled = true;
    this.host.clock.busy();
    SCHEDULED_PUMPS.push(this);
    RESOLVED.then(RunExecution.pumpNext);
  }

  /**
   * The microtask `schedulePump` queues: one function for every run, which pumps the run that
   * queued the oldest pending one (microtasks run in the order they were queued, and each
   * `schedulePump` queues one and adds its run to `SCHEDULED_PUMPS`). A function bound to each run
   * was an 80-byte object every run made at construction and held.
   */
  private static pumpNext(): void {
    SCHEDULED_PUMPS.shift().pumpAndIdle();
  }

  // -------------------------------------------------------------------------------------------
  // Starting and recovering

  /**
   * Records `RunStarted` (its `at` is the clock reading the engine took to create the run: the
   * events recorded before the first commit share it, as `stamp` gives them) and sets the first
   * token going.
   */
  begin(started: Draft<RunStarted> & { at: number }): void {
    const e = started as RunStarted;
    e.seq = this.state.lastSeq + 1;
    this.batchAt = e.at;
    applyEvent(this.state, e);
    // Not in `pending` yet (see `unstarted`); the first turn's events share its clock reading.
    if (this.pending === NO_PENDING) this.unstarted = e;
    else this.pending.push(e);
    this.tokenCounter = Math.max(this.tokenCounter, e.token);
    this.ready.push(e.token);
    this.armRunTimeout();
    this.schedulePump();
  }

  /** Continues a run rebuilt from its journal after a crash or restart (LANGUAGE.md §4 rule 7). */
  recover(): void {
    if (this.state.lastSeq === 0) {
      // The process died between creating the run and journaling its start: nothing ran.
      this.finish({ type: 'RunFailed', error: { name: 'NeverStarted', message: `Run ${this.runId} was interrupted before it started; start it again` } });
      this.commit();
      return;
    }
    const rerun: Array<{ node: string; token: TokenId; idempotent: boolean }> = [];
    const interrupted: TokenState[] = [];
    for (const token of this.state.tokens.values()) {
      const node = this.nodeNamed(token.node);
      switch (token.phase) {
        case 'ready':
          this.ready.push(token.id);
          break;
        case 'running': {
          if (node && (isTaskNode(node) && node.kind !== 'subworkflow' && node.kind !== 'approval')) {
            const opts = node.options;
            const canRerun = opts.idempotent || (opts.retry !== undefined && token.attempt <= opts.retry.maxRetries);
            if (canRerun) rerun.push({ node: node.id, token: token.id, idempotent: opts.idempotent });
            else interrupted.push(token);
          } else {
            rerun.push({ node: token.node, token: token.id, idempotent: true });
          }
          break;
        }
        case 'retrying':
          this.armRetry(token.id, token.dueAt ?? this.host.clock.now());
          break;
        case 'waiting':
          this.waits.rearmWait(token);
          break;
        case 'joined':
          this.ownJoinsWithArrivals().add(token.node);
          break;
        case 'failed':
          break;
      }
    }
    if (rerun.length) {
      this.record({ type: 'RunRecovered', rerun, actor: SYSTEM });
      for (const r of rerun) this.ready.push(r.token);
    }
    for (const token of interrupted) {
      const node = this.nodeNamed(token.node)!;
      this.nodeError(token.id, node, {
        name: 'Interrupted',
        message: `Node '${node.id}' was interrupted after it started (attempt ${token.attempt}); it is not marked idempotent and has no retry left, so it was not run again`,
      }, false);
    }
    if (this.state.frames.size !== 0 || this.state.loops.size !== 0) this.frames?.recover();
    if (this.state.compensating && ![...this.state.tokens.values()].some((t) => t.compensates && t.phase !== 'failed')) {
      this.nextCompensation();
    }
    this.armRunTimeout();
    this.schedulePump();
    this.commit();
  }

  private armRunTimeout(): void {
    const ms = this.state.timeoutMs;
    if (ms === undefined || this.rare.runTimer) return;
    this.ownRare().runTimer = this.host.clock.setTimer(this.state.startedAt + ms, () => {
      this.rare.runTimer = undefined;
      if (this.done || this.ending) return;
      this.failRun({ name: 'Timeout', message: `Run exceeded its timeout of ${ms} ms` });
      this.schedulePump();
    });
  }

  // -------------------------------------------------------------------------------------------
  // The scheduler loop

  protected pump(): void {
    this.pumpScheduled = false;
    if (this.done) return;
    this.pumping = true;
    try {
      if (!this.leanTurn()) this.pumpTurn();
    } finally {
      this.pumping = false;
    }
  }

  protected pumpTurn(): void {
    for (;;) {
      while (this.ready.length && !this.ending && !this.state.paused) {
        const id = this.ready.shift()!;
        const token = this.state.tokens.get(id);
        if (!token || this.held.has(id)) continue;
        if (token.phase === 'retrying' && this.dueRetries.delete(id)) {
          // a retry fell due: run the node again
        } else if (token.phase !== 'ready') continue;
        this.advance(token);
      }
      if (this.ending || this.state.paused) break;
      const framesClosed = this.state.frames.size !== 0 && this.frames!.settle();
      if (this.ending) break;
      if (!this.settleJoins() && !framesClosed) break;
    }
    if (!this.ending && !this.state.paused && this.state.tokens.size === 0 && !this.state.compensating && this.state.status !== 'failed') {
      this.finish({ type: 'RunCompleted', outputs: this.outputsNow(), seq: 0, at: 0 }); // `seq`/`at` in the literal: see `Engine.start`
    }
    this.commit();
  }

  private advance(token: TokenState): void {
    const node = this.nodeNamed(token.node);
    if (!node) {
      this.failRun({ name: 'UnknownNode', message: `Workflow '${this.workflow.id}' has no node '${token.node}'` });
      return;
    }
    const hook = this.host.beforeNode;
    if (hook && !this.hookPassed.delete(token.id)) {
      let r: void | Promise<void>;
      try {
        r = hook({ runId: this.runId, workflow: this.workflow, node, token: token.id, attempt: token.attempt + 1, state: this.state, ...(this.state.parent ? { parentRunId: this.state.parent.runId } : {}) });
      } catch (err) {
        this.startAndFail(token, node, err);
        return;
      }
      if (r && typeof (r as Promise<void>).then === 'function') {
        this.holdForHook(token, node, r as Promise<void>);
        return;
      }
    }
    if (node.kind === 'join') this.arrive(token, node);
    else this.execute(token.id, node, token.attempt + 1, token.compensates);
  }

  // The paths that wait (a debugging hook, a timer, a lock) are methods of their own: a function
  // whose closures capture its parameters allocates their context on every call, which the hot
  // paths that call them (`advance`, `execute`, `startTask`) then paid at every step.

  /** The debugging hook holds `token` until `held` settles. */
  private holdForHook(token: TokenState, node: NodeDefinition, held: Promise<void>): void {
    const id = token.id;
    // A retry that fell due stays due while the hook holds it.
    const dueRetry = token.phase === 'retrying';
    // A held branch does not hold virtual time: the other branches' timers still fire.
    this.ownHeld().add(id);
    held.then(() => {
      this.held.delete(id);
      if (dueRetry) this.ownDueRetries().add(id);
      this.ownHookPassed().add(id);
      this.ready.unshift(id);
      this.schedulePump();
    }, (err: unknown) => {
      this.held.delete(id);
      const t = this.state.tokens.get(id);
      if (t && !this.done) this.startAndFail(t, node, err);
      this.schedulePump();
    });
  }

  /** Arms the timer of a timer node for token `id` once `TimerScheduled` is durable. */
  private armTimerAfterCommit(id: TokenId, dueAt: number): void {
    this.afterCommit(() => this.waits.armTimer(id, dueAt, () => this.waits.timerFired(id)));
  }

  private startAndFail(token: TokenState, node: NodeDefinition, err: unknown): void {
    this.started(token.id, node, token.attempt + 1, token.compensates);
    this.nodeError(token.id, node, this.toError(err), false);
  }

  protected started(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void {
    // `seq` and `at` in the literal: the event is allocated at its full size.
    const state = this.state;
    const seq = state.lastSeq + 1;
    const at = this.stamp();
    if (compensates) {
      this.recordPlaced({ type: 'NodeStarted', node: node.id, token: id, attempt, compensates, seq, at });
      return;
    }
    const e: NodeStarted = { type: 'NodeStarted', node: node.id, token: id, attempt, seq, at };
    // Not `recordPlaced`: `foldStart` skips `applyEvent`'s generic switch for a plain start.
    foldStart(state, state.tokens.get(id), e);
    this.ownPending().push(e);
  }

  /** Executes `node` for token `id` (a new token when it is a compensation). */
  protected execute(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void {
    this.bind(node.id);
    // A compensation is never stopped by the budget: the rollback of a failing run (the budget's
    // own failure included) must reach its end, or the run could never finish.
    if (this.state.steps >= this.state.stepBudget && compensates === undefined) {
      this.failRun({
        name: 'StepBudgetExceeded',
        message: `Run stopped at node '${node.id}': the step budget of ${this.state.stepBudget} node executions is used up (a loop that never ends? raise the workflow's step budget if the work is real)`,
        node: node.id,
      });
      return;
    }
    switch (node.kind) {
      case 'start':
      case 'end':
      case 'fork':
        this.started(id, node, attempt, compensates);
        this.complete(id, node, null);
        return;
      case 'set': {
        this.started(id, node, attempt, compensates);
        let sets: Assigned[];
        try {
          sets = this.assign(node.assignments);
        } catch (err) {
          this.nodeError(id, node, this.toError(err), false);
          return;
        }
        this.complete(id, node, null, sets);
        return;
      }
      case 'fail': {
        this.started(id, node, attempt, compensates);
        let message: string;
        try {
          message = String(this.eval(node.message));
        } catch (err) {
          message = `(message could not be evaluated: ${this.toError(err).message})`;
        }
        const error: JournalError = { name: node.code ?? 'WorkflowFailed', message: this.masker.mask(message), node: node.id };
        // A `fail` run as a compensation fails that compensation; the rollback goes on.
        if (compensates !== undefined) {
          this.nodeError(id, node, error, false);
          return;
        }
        this.record({ type: 'NodeFailed', node: node.id, token: id, attempt, error });
        this.failRun(error);
        return;
      }
      case 'terminate': {
        this.started(id, node, attempt, compensates);
        this.record({ type: 'NodeCompleted', node: node.id, token: id, result: null, routes: [] });
        const others = [...this.state.tokens.keys()];
        if (others.length) this.cancelTokens(others, 'terminate', node.id);
        this.finish({ type: 'RunCompleted', outputs: this.outputsNow(), terminatedBy: node.id, seq: 0, at: 0 });
        return;
      }
      case 'emit':
        this.started(id, node, attempt, compensates);
        this.emitEvent(id, node);
        return;
      case 'timer': {
        this.started(id, node, attempt, compensates);
        let dueAt: number;
        try {
          dueAt = this.waits.timerDue(node.mode, this.eval(node.value), node.id);
        } catch (err) {
          this.nodeError(id, node, this.toError(err), false);
          return;
        }
        this.record({ type: 'TimerScheduled', node: node.id, token: id, dueAt });
        this.armTimerAfterCommit(id, dueAt);
        return;
      }
      case 'event-wait':
      case 'listen':
        this.started(id, node, attempt, compensates);
        this.waits.startEventWait(id, node);
        return;
      case 'approval':
        this.waits.startApproval(id, node, attempt, compensates);
        return;
      case 'subworkflow':
        // A task like the others: its locks, concurrency limit and cache (`startTask`), then its child run.
        this.startTask(id, node, attempt, compensates);
        return;
      case 'script':
      case 'http':
      case 'connector':
      case 'ai':
        this.startTask(id, node, attempt, compensates);
        return;
      case 'join':
        // Reached only for a compensation naming a join; joins otherwise go through arrive().
        this.started(id, node, attempt, compensates);
        this.complete(id, node, null);
        return;
      case 'foreach':
        this.started(id, node, attempt, compensates);
        this.frames!.startForeach(id, node);
        return;
      case 'region':
        this.frames!.startRegion(id, node, attempt, compensates);
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Completion and routing (failures: `RunFailures`; joins: `RunJoins`)

  /**
   * Completes node `node` for token `id` with `result`: evaluates the task's `set` entries with
   * `result` bound, picks the out-edges and records `NodeCompleted`.
   */
  protected complete(id: TokenId, node: NodeDefinition, result: unknown, sets?: Assigned[], extra?: CompletionExtra, task = isTaskNode(node)): void {
    // `task`: a settling attempt's caller knows it (reading `node.kind` here is a megamorphic load: every node kind has its own shape).
    const token = this.state.tokens.get(id);
    const compensating = token?.compensates !== undefined;
    const taskNode = task ? (node as TaskNode) : undefined;
    let routes: Route[];
    let taskSets = sets;
    this.bind(node.id);
    try {
      if (taskNode && taskNode.options.sets.length) taskSets = this.taskSets(taskNode, result);
      routes = compensating ? NO_ROUTES : this.routesAfter(id, node, result, extra?.eventType, taskSets);
    } catch (err) {
      this.envOrNone?.reset();
      // The task's work is done (its executor returned, or its child run completed): the node
      // fails with the routing error, but its compensation is owed all the same (rule 5), and
      // what the work used (tokens, cost, CPU) is recorded on the failure as on a completion.
      this.nodeError(id, node, this.toError(err), false, extra?.usage, compensating ? undefined : this.owedBy(token, taskNode, result));
      return;
    }
    this.envOrNone?.reset();
    const draft: Draft<NodeCompleted> = { type: 'NodeCompleted', node: node.id, token: id, result, routes, seq: 0, at: 0 };
    if (taskSets && taskSets.length) draft.sets = taskSets;
    if (!compensating && taskNode && taskNode.options.compensate) owe(draft, this.owedBy(token, taskNode, result)!);
    if (extra) {
      if (extra.cached) draft.cached = true;
      if (extra.consumed) draft.consumed = extra.consumed;
      if (extra.emitted) draft.emitted = extra.emitted;
      if (extra.usage) draft.usage = extra.usage;
    }
    draft.seq = this.state.lastSeq + 1;
    draft.at = this.stamp();
    // Not `recordPlaced`: `foldCompletion` skips `applyEvent`'s generic switch for a plain completion.
    foldCompletion(this.state, token, draft as NodeCompleted);
    this.ownPending().push(draft as NodeCompleted);
    // Indexed: `for…of` over a frozen (shared) route list allocates an iterator in optimised code.
    for (let i = 0; i < routes.length; i++) this.ready.push(routes[i]!.token);
    if (compensating) this.nextCompensation();
  }

  /**
   * The compensation task `node` owes once its work is done with `result` (none without
   * `compensate`): its completion, a skip standing in for it, and a routing failure after it
   * record it (`owe`).
   */
  private owedBy(token: TokenState | undefined, node: TaskNode | undefined, result: unknown): Omit<CompensableTask, 'node'> | undefined {
    if (!node || !node.options.compensate) return undefined;
    const compensate = this.nested ? qualify(scopeOf(node.id), node.options.compensate) : node.options.compensate;
    return token?.frame !== undefined ? { compensate, scope: this.frames!.keptScope(token.frame, node.id, result) } : { compensate };
  }

  /** Task `node`'s `set` entries evaluated with `result` bound (the caller binds the node's frame and resets the environment after). */
  private taskSets(node: TaskNode, result: unknown): Assigned[] {
    this.env.result = result;
    this.env.pendingNode = node.id;
    this.env.pendingValue = result;
    return this.assign(node.options.sets);
  }

  /**
   * What completing `node` with `result` for token `id` would assign and route, without recording
   * it: a skip (`RunControls.skip`) records these in its `NodeSkipped`. Throws what evaluating the
   * task's `set` entries, `checkSets` (given the assignments before any guard reads them) or the
   * guards throws.
   */
  private skipOutcome(id: TokenId, node: NodeDefinition, result: unknown, checkSets: (sets: Assigned[]) => void): SkipOutcome {
    const token = this.state.tokens.get(id);
    const compensating = token?.compensates !== undefined;
    this.bind(node.id);
    let outcome: SkipOutcome;
    try {
      const sets = isTaskNode(node) && node.options.sets.length ? this.taskSets(node, result) : undefined;
      if (sets) checkSets(sets);
      outcome = { sets, routes: compensating ? NO_ROUTES : this.routesAfter(id, node, result, undefined, sets), compensating };
    } finally {
      this.envOrNone?.reset();
    }
    // As `complete` remembers a task's `compensate` node: the skip stands in for the completion.
    if (!compensating && isTaskNode(node) && node.options.compensate) owe(outcome, this.owedBy(token, node, result)!);
    return outcome;
  }

  private routesAfter(id: TokenId, node: NodeDefinition, result: unknown, eventType: string | undefined, sets: Assigned[] | undefined): Route[] {
    const graph = this.graphFor(node.id);
    const out = graph.outEdges(node.id);
    let edges: readonly EdgeDefinition[] = eventType !== undefined ? eventEdges(out, eventType) : NO_EDGES;
    if (edges.length === 0) {
      if (out.flow.length === 0 && out.otherwise.length === 0) return NO_ROUTES;
      // No guards and no `otherwise`: every flow edge is taken, nothing to evaluate.
      if (!out.guarded && out.otherwise.length === 0) return this.toRoutes(id, out.flow, graph, out);
      this.bind(node.id);
      this.env.pendingNode = node.id;
      this.env.pendingValue = result;
      if (sets && sets.length) {
        this.env.pendingVars = new Map();
        for (const s of sets) this.env.pendingVars.set(s.name, s.value);
      }
      edges = takenFlowEdges(out, node.kind === 'fork', this.guardTest);
    }
    return this.toRoutes(id, edges, graph, out);
  }

  /** Routes over `edges` (of `graph`, whose shared one-route lists serve a single edge). */
  protected toRoutes(id: TokenId, edges: readonly EdgeDefinition[], graph: SchedulingGraph, out?: OutEdges): Route[] {
    if (edges.length === 1) return graph.singleRoute(edges[0]!, id, out);
    // Allocated at its full length (a split's list grew by copying as it was pushed).
    const routes: Route[] = new Array(edges.length);
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      routes[i] = { edge: e.id, to: e.to, token: i === 0 ? id : this.newToken() };
    }
    return routes;
  }

  protected newToken(): TokenId {
    this.tokenCounter = Math.max(this.tokenCounter, this.state.lastToken) + 1;
    return this.tokenCounter;
  }

  /** The outputs a `RunCompleted` records: a copy, or the shared empty object when there are none. */
  private outputsNow(): Record<string, unknown> {
    for (const _ in this.state.outputs) return { ...this.state.outputs };
    return NO_INPUT;
  }

  protected finish(draft: Draft): void {
    if (this.ending) return;
    this.ending = true;
    this.record(draft);
    this.stopEverything();
  }

  /** Aborts in-flight work and clears timers (the run is ending or crashed). */
  private stopEverything(): void {
    const attempts = this.inflight.takeAll();
    for (let i = 0; i < attempts.length; i++) {
      const ctrl = attempts[i]!;
      ctrl.abort(new Error('run ended'));
      this.releaseLocks(ctrl.token);
      this.host.clock.taskEnded();
    }
    // Sub-workflow tasks hold their locks for their child's whole run, not in `inflight`; a
    // token still waiting for its locks (`held`) leaves their queues.
    if (this.lockKeys.size !== 0) for (const id of [...this.lockKeys.keys()]) this.releaseLocks(id);
    this.waitsOrNone?.clearAll();
    const runTimer = this.rare.runTimer;
    if (runTimer) {
      this.host.clock.clearTimer(runTimer);
      this.rare.runTimer = undefined;
    }
    this.ready.clear();
  }

  protected cancelTokens(ids: TokenId[], reason: 'join-cancel' | 'terminate' | 'cancel' | 'failed', node?: string): void {
    let frames: FrameState[] | undefined;
    if (this.state.frames.size !== 0) ({ ids, frames } = this.frames!.withInnerTokens(ids));
    for (const id of ids) {
      const ctrl = this.inflight.get(id);
      if (ctrl) {
        this.inflight.delete(id);
        ctrl.abort(new Error(`branch withdrawn (${reason})`));
        this.host.clock.taskEnded();
      }
      this.waitsOrNone?.clearTimer(id);
      this.releaseLocks(id);
      this.held.delete(id);
      const token = this.state.tokens.get(id);
      if (token?.childRunId && token.wait === 'child') {
        const child = token.childRunId;
        this.afterCommit(() => this.host.cancelChild(child, SYSTEM));
      }
    }
    if (node) this.record({ type: 'TokensCancelled', tokens: ids, reason, node });
    else this.record({ type: 'TokensCancelled', tokens: ids, reason });
    if (frames) for (const f of frames) this.frames!.exit(f, 'cancelled');
  }

  // -------------------------------------------------------------------------------------------
  // The run as its task attempts see it (AttemptOwner; starting tasks: `RunTasks`)

  /** AttemptOwner: expressions a task evaluates (connector settings, arguments). */
  evaluateExpr(expr: Expr, attempt?: TaskAttempt): unknown {
    if (attempt) this.bind(attempt.node.id);
    return this.eval(expr);
  }

  /** AttemptOwner: a task's log line, masked, to the observers. */
  logFrom(attempt: TaskAttempt, level: LogLevel, message: string): void {
    this.host.emit({ kind: 'log', runId: this.runId, node: attempt.node.id, token: attempt.token, level, message: this.masker.mask(message), at: this.host.clock.now() });
  }

  clockNow(): number {
    return this.host.clock.now();
  }

  // -------------------------------------------------------------------------------------------
  // Other runs: their events offered to this one, its child runs (emits and sub-workflows: `RunOutbound`)

  /** Offers an event to the run; true when the run took it (a wait consumed or kept it). */
  deliver(event: CloudEvent, actor?: string, arrivedAt?: number): boolean {
    // Checked here, before the waits are made: the engine offers every event to every live run.
    if (!this.graph.eventTypes.has(event.type)) return false;
    return this.waits.deliver(event, actor, arrivedAt);
  }

  /**
   * The child runs of this run's sub-workflow calls that queue for their locks before they
   * re-attach after a crash (`reattachChild`), each with its workflow: not active here or
   * anywhere until then, so an event for them is kept in their journals (`Engine.keepForChild`).
   */
  queuedChildren(): ReadonlyArray<{ runId: string; workflow: string }> {
    const held = this.held;
    if (held.size === 0 || this.done || this.ending) return NO_QUEUED_CHILDREN;
    const queued: Array<{ runId: string; workflow: string }> = [];
    for (const id of held) {
      const token = this.state.tokens.get(id);
      if (token === undefined || token.phase !== 'waiting' || token.wait !== 'child' || token.childRunId === undefined) continue;
      const node = this.nodeNamed(token.node);
      if (node?.kind === 'subworkflow') queued.push({ runId: token.childRunId, workflow: node.workflow });
    }
    return queued;
  }

  /** `RunOutbound`: starts (or re-attaches to) a child run, this run its parent, through the host. */
  protected runChild(node: SubworkflowNode, token: TokenId, childRunId: string, inputs: Record<string, unknown>): Promise<RunOutcome> {
    return this.host.runChild(this, node, token, childRunId, inputs);
  }

  // -------------------------------------------------------------------------------------------
  // Controls (each journaled with its actor; the steps are `RunControls`)

  pause(actor: string): void {
    this.controls.pause(actor);
  }

  resume(actor: string): void {
    this.controls.resume(actor);
  }

  cancel(actor: string, reason?: string): void {
    this.controls.cancel(actor, reason);
  }

  approve(node: string, decision: { approved: boolean; by?: string; comment?: string }, actor: string): void {
    this.controls.approve(node, decision, actor);
  }

  setVariable(name: string, value: unknown, actor: string): void {
    this.controls.setVariable(name, value, actor);
  }

  /** Completes `node` with `result` in place of running it (a failed, waiting or ready node). */
  skip(node: string, result: unknown, actor: string): void {
    this.controls.skip(node, result, actor);
  }

  /** Runs a failed node again (the run reopens if it had failed). */
  retryNode(node: string, actor: string): void {
    this.controls.retryNode(node, actor);
  }

  // -------------------------------------------------------------------------------------------
  // Evaluation helpers

  protected eval(expr: Expr): unknown {
    return evaluate(expr, this.env);
  }

  private truthy(expr: Expr): boolean {
    const v = evaluate(expr, this.env);
    return v !== null && v !== false && v !== undefined;
  }

  /**
   * Evaluates assignments in order; each sees the ones before it. Throws `AssignmentTypeError`
   * (`ValueTypeError`) for a value that does not meet the declared type the compiler left to check.
   */
  private assign(assignments: ReadonlyArray<Assignment>): Assigned[] {
    if (assignments.length === 0) return NO_SETS;
    const out: Assigned[] = [];
    const pending = new Map<string, unknown>();
    this.env.pendingVars = pending;
    for (const a of assignments) {
      const value = this.masker.maskValue(this.eval(a.value));
      const decl = this.workflow.variables.find((v) => v.name === a.target);
      const role = decl?.role === 'output' ? 'output' : 'var';
      // Only assignments the compiler could not prove carry `check`; the others pay nothing.
      if (a.check !== undefined) {
        const wrong = assignmentTypeError(a.target, role, a.check, value, this.bundle.types);
        if (wrong) {
          this.env.pendingVars = undefined;
          throw wrong;
        }
      }
      pending.set(a.target, value);
      out.push({ name: a.target, role, value });
    }
    this.env.pendingVars = undefined;
    return out;
  }

  protected toError(err: unknown): JournalError {
    const names = errorNames(err);
    const masked = this.masker.maskError(err);
    const e: JournalError = { name: names[0] ?? 'Error', message: masked.message };
    if (names.length > 1) e.aliases = names.slice(1);
    return e;
  }
}

/** Where `captureResolvers` leaves a new outcome promise's resolvers for `newOutcome` (synchronously). */
let capturedResolve: ((o: RunOutcome) => void) | undefined;
let capturedReject: ((e: unknown) => void) | undefined;
function captureResolvers(resolve: (o: RunOutcome) => void, reject: (e: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

function isTerminal(batch: JournalEvent[]): boolean {
  const last = batch[batch.length - 1];
  return last !== undefined && (last.type === 'RunCompleted' || last.type === 'RunFailed' || last.type === 'Cancelled');
}
