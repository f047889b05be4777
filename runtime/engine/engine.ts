// Engine — the embedded runtime's entry point: starts runs of a `WorkflowBundle`, resumes them
// from their journals, delivers events, applies controls, and hosts what runs share (store,
// clock, executors, locks, result cache, event bus, observers). One engine per process or test;
// it never imports the compiler, Langium or vscode.

import { createHash, getRandomValues, randomUUID } from 'node:crypto';
import type { SubworkflowNode, WorkflowBundle, WorkflowDefinition } from '../ir/index.js';
import { evaluate } from '../expressions/evaluate.js';
import { foldJournal } from '../journal/fold.js';
import type { CloudEvent, EventReceived, RunTrigger, TokenId } from '../journal/journal-event.js';
import { emptyWorkflowState, MANUAL_TRIGGER, TERMINAL_STATUSES, type WorkflowState } from '../journal/workflow-state.js';
import { resolveSecrets } from '../secrets/resolve-secrets.js';
import { SecretMasker } from '../secrets/secret-masker.js';
import { inputsDigest, RunKeyTakenError, runKeyProblem, type NewRun, type RunRecord, type RunStore, type RunSummary } from '../store/run-store.js';
import { bundleHash } from '../ir/bundle-hash.js';
import { RealClock, type Clock, type TimerHandle } from './clock.js';
import type { BeforeNodeHook, EngineEvent, EngineListener, RunOutcome } from './engine-events.js';
import { LockManager } from './lock-manager.js';
import { MemoryResultCache, type ResultCache } from './result-cache.js';
import { RunEnvironment } from './run-environment.js';
import { NO_START_VALUES, startValues, unknownWorkflowError } from './run-start-values.js';
import { ControlError, RunCarriedElsewhereError, RunExecution, type RunHost } from './run-execution.js';
import { hasReceived } from './run-waits.js';
import { carriedOnBy, UnknownRunControlError, type ControlDone } from './run-controls.js';
import { RequestNotAnsweredError, notOfferedText, type BroadcastAnswer, type RequestAnswer, type RunControlRequest, type RunRequest } from '../store/run-requests.js';
import { seedFrom } from './seeded-random.js';
import type { TaskExecutors } from './task-executor.js';
import { WorkflowGraph } from './workflow-graph.js';
import { NewRunRecord, newRunStarted, START_SHAPES, StartedRun } from './run-start-objects.js';
import { RunRegistry } from './run-registry.js';
import { RandomPool } from './random-pool.js';

export const DEFAULT_STEP_BUDGET = 10_000;
/** How many handles of event-triggered runs `Engine.triggeredRuns` keeps (the newest). */
export const TRIGGERED_RUNS_KEPT = 100;

export interface EngineOptions {
  store: RunStore;
  /** Real time by default; a `VirtualClock` for `--virtual-time` and tests. */
  clock?: Clock;
  /** Executors for script, http, connector and ai tasks. */
  executors?: TaskExecutors;
  /** The debugging hook, called before each node executes. */
  beforeNode?: BeforeNodeHook;
  /** Where `secret x = env("X")` reads from (default `process.env`). */
  environment?: Readonly<Record<string, string | undefined>>;
  cache?: ResultCache;
  /** Step budget when the workflow does not set one. */
  defaultStepBudget?: number;
  /**
   * Why another carrier (another process, or another engine of this one than `asker`) has run
   * `runId` (its top-level run) of the store, and which (`holder`), if one does
   * (`carrierElsewhereIn`, `run-carriers.ts`): the engine then does not carry it on here
   * (`RunCarriedElsewhereError` with that message), so no two engines run its nodes at once. With
   * a store that passes requests (`RunStore.forwardRequest`), a control or an event for the run
   * is passed to that carrier instead (docs/runtime.md "Requests to another process").
   */
  carriedElsewhere?: (runId: string, asker?: object) => { message: string; holder: string } | undefined;
  /**
   * Credentials the process holds that are not a workflow's secrets (`WEFT_SERVE_TOKEN`): masked
   * in every run like a declared secret, with those the executors (`TaskExecutor.credentials`:
   * AI keys, connector credentials from the environment) and the store (a PostgreSQL password) hold.
   */
  credentials?: readonly string[];
}

/** An external event scheduled on a run's clock (`--events @file`): `at` ms after `base`. */
export interface ScheduledEvent {
  type: string;
  data?: unknown;
  at: number;
}

export interface StartOptions {
  /** Workflow to run (default: the bundle's entry). */
  workflow?: string;
  inputs?: Record<string, unknown>;
  trigger?: RunTrigger;
  runId?: string;
  /** Per-run timeout in ms. */
  timeoutMs?: number;
  stepBudget?: number;
  /** Events delivered to this run at the given offsets from its start. */
  events?: ScheduledEvent[];
  /** Internal: the parent of a sub-workflow run. */
  parent?: { runId: string; node: string; token: TokenId };
  /** Internal: the run's record exists already (created, nothing journaled, then a crash). */
  recorded?: boolean;
  /**
   * An idempotency key (a top-level run's): when a run of the workflow with this key is in the
   * store already, `start` and `run` reject with `RunKeyTakenError` (saying which run, and whether
   * it was asked for with the same inputs) and nothing starts. A webhook's delivery id, a
   * client's `Idempotency-Key`, `weft run --key`. At most `MAX_RUN_KEY_LENGTH` characters.
   */
  key?: string;
}

export interface RunHandle {
  runId: string;
  /** Settles when the run ends (see `Engine.waitFor` after a control reopens it). */
  outcome: Promise<RunOutcome>;
}

export { RunStartError, startProblems, type RunStartProblem, type RunStartProblemCode } from './run-start-values.js';

export class Engine {
  readonly store: RunStore;
  readonly clock: Clock;
  private readonly executors: TaskExecutors;
  private readonly locks: LockManager;
  private readonly cache: ResultCache;
  private readonly environment: Readonly<Record<string, string | undefined>>;
  /** What `EngineOptions.credentials`, the executors and the store hold, masked in every run (`maskerFor`). */
  private readonly credentials: readonly string[];
  /** The masker of a run without secrets when there are credentials, made once (`maskerFor`). */
  private credentialsMasker: SecretMasker | undefined;
  private readonly defaultStepBudget: number;
  private readonly carriedElsewhere: EngineOptions['carriedElsewhere'];
  /** The runs active here (a list, indexed by id on the first lookup: `RunRegistry`). */
  private readonly runs = new RunRegistry();
  private readonly loading = new Map<string, Promise<RunExecution>>();
  private readonly listeners = new Set<EngineListener>();
  private readonly graphs = new WeakMap<WorkflowDefinition, WorkflowGraph>();
  private readonly hashes = new WeakMap<WorkflowBundle, string>();
  private readonly scheduled = new Set<TimerHandle>();
  private readonly eventTriggers = new Set<{ bundle: WorkflowBundle; workflow: WorkflowDefinition }>();
  private beforeNode: BeforeNodeHook | undefined;
  private halted = false;
  private readonly host: RunHost;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? new RealClock();
    this.executors = options.executors ?? {};
    this.cache = options.cache ?? new MemoryResultCache();
    this.environment = options.environment ?? process.env;
    this.defaultStepBudget = options.defaultStepBudget ?? DEFAULT_STEP_BUDGET;
    this.carriedElsewhere = options.carriedElsewhere;
    this.beforeNode = options.beforeNode;
    this.locks = new LockManager(this.store.sharedSlots?.(), this.clock);
    this.credentials = heldCredentials(options, this.executors);
    this.host = new Engine.Host(this);
    // On a store shared across machines, other processes' controls and events for the runs this
    // engine carries come to it (`answerRequest`).
    this.store.answerRequests?.((request) => this.answerRequest(request));
  }

  /**
   * A masker for a run's secrets and the engine's credentials (one shared, inactive masker when
   * there are neither; one made once for the runs with no secrets of their own).
   */
  private maskerFor(secrets: Record<string, string>): SecretMasker {
    if (secrets !== NO_VALUES) {
      const values = Object.values(secrets);
      if (values.length) return new SecretMasker(this.credentials.length ? [...values, ...this.credentials] : values);
    }
    if (!this.credentials.length) return NO_SECRETS_MASKER;
    return (this.credentialsMasker ??= new SecretMasker(this.credentials));
  }

  /**
   * What the engine's runs see of it (`RunHost`). A class instance, not an object literal: V8
   * keeps a literal with getters in dictionary mode, and then every `host.x` read of the runs'
   * hot paths was a dictionary lookup. One class for every engine (a static member, so it may
   * read the engine's private fields): a class made in the constructor gave each engine's host a
   * map of its own, and the runs' `host.x` reads went polymorphic, then megamorphic, as soon as
   * a process had made a few engines (tests, the benchmark probes' fresh engine per batch).
   */
  private static readonly Host = class EngineHost implements RunHost {
    readonly store: RunStore;
    readonly clock: Clock;
    readonly executors: TaskExecutors;
    readonly locks: LockManager;
    readonly cache: ResultCache;
    constructor(private readonly engine: Engine) {
      this.store = engine.store;
      this.clock = engine.clock;
      this.executors = engine.executors;
      this.locks = engine.locks;
      this.cache = engine.cache;
    }
    get beforeNode(): BeforeNodeHook | undefined { return this.engine.beforeNode; }
    get hasListeners(): boolean { return this.engine.listeners.size > 0; }
    emit(e: EngineEvent): void { this.engine.emit(e); }
    publish(event: CloudEvent, fromRunId: string): void {
      this.engine.publish(event);
      this.engine.publishElsewhere(event, fromRunId);
    }
    runChild(parent: RunExecution, node: SubworkflowNode, token: TokenId, childRunId: string, inputs: Record<string, unknown>): Promise<RunOutcome> {
      return this.engine.runChild(parent, node, token, childRunId, inputs);
    }
    cancelChild(childRunId: string, actor: string): void { void this.engine.cancel(childRunId, actor).catch(() => undefined); }
    peek(runId: string): WorkflowState | undefined { return this.engine.runs.get(runId)?.state; }
    finished(run: RunExecution, outcome: RunOutcome): void {
      const engine = this.engine;
      engine.forget(run);
      engine.letGo(run.runId);
      if (engine.listeners.size) engine.emit({ kind: 'run-finished', runId: run.runId, outcome });
    }
    crashed(run: RunExecution, err: unknown): void {
      const engine = this.engine;
      engine.forget(run);
      engine.letGo(run.runId);
      if (engine.listeners.size) engine.emit({ kind: 'run-crashed', runId: run.runId, workflow: run.workflow.id, error: err instanceof Error ? err : new Error(String(err)) });
    }
  };

  /**
   * Drops `run` from `runs` (unless another run has its id there). The last one out drops the
   * index by id, if one was made (`RunRegistry.remove`). A table that outlived its busy period was
   * the cause of session 6b's finding: V8 replaces a Map's hash table when it grows or shrinks,
   * allocates the new one in the generation of the old one, and leaves the replaced table its
   * entries: once a long-lived engine's table was old, every replaced table was an old object
   * pointing at young runs, which kept them (state, journal, outcome) alive through each scavenge
   * until a full collection (4 MB promoted a scavenge in the 1,000 concurrent runs). Without an
   * index the registry holds no table at all; an index lives for one busy period and dies with it.
   */
  private forget(run: RunExecution): void {
    this.runs.remove(run);
  }

  /**
   * What the engine holds for a run it no longer carries (it ended, stopped or the engine
   * halted): the executors' per-run resources, and the run's claim in a store shared across
   * machines (`RunStore.releaseRun`).
   */
  private letGo(runId: string): void {
    this.store.releaseRun?.(runId);
    // `for…in`, not `Object.values`: no array per finished run.
    for (const kind in this.executors) {
      const executor = this.executors[kind as keyof TaskExecutors];
      if (!executor?.runEnded) continue;
      try {
        void Promise.resolve(executor.runEnded(runId)).catch(() => undefined);
      } catch {
        // Releasing resources never fails a run.
      }
    }
  }

  /** Installs (or removes) the debugging hook; applies to nodes not yet started. */
  setBeforeNode(hook: BeforeNodeHook | undefined): void {
    this.beforeNode = hook;
  }

  /** Observes journal events (once durable), task logs and run outcomes. Returns an unsubscribe. */
  onEvent(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // An observer's failure must not disturb the runs.
      }
    }
  }

  /** The bundle's hash: its own `hash`, else computed once per bundle object. */
  private hashOf(bundle: WorkflowBundle): string {
    if (bundle.hash) return bundle.hash;
    let h = this.hashes.get(bundle);
    if (!h) this.hashes.set(bundle, (h = bundleHash(bundle)));
    return h;
  }

  graphOf(workflow: WorkflowDefinition): WorkflowGraph {
    // The last workflow's graph first: runs of one workflow started together skip the WeakMap.
    if (workflow === this.lastWorkflow) return this.lastGraph!;
    let g = this.graphs.get(workflow);
    if (!g) this.graphs.set(workflow, (g = new WorkflowGraph(workflow)));
    this.lastWorkflow = workflow;
    this.lastGraph = g;
    return g;
  }

  private lastWorkflow: WorkflowDefinition | undefined = undefined;
  private lastGraph: WorkflowGraph | undefined = undefined;

  // -------------------------------------------------------------------------------------------
  // Starting and resuming

  /**
   * Starts a run; rejects with `RunStartError` (nothing recorded) when it cannot start. Not an
   * `async` function: with a store that creates runs at once (`createRunSync`) the run starts in
   * `launch` and the handle comes back in an already-settled promise — an `async` function kept
   * every local of this path in a suspended frame allocated per run.
   */
  start(bundle: WorkflowBundle, options: StartOptions = NO_OPTIONS): Promise<RunHandle> {
    const launched = this.launchStarted(bundle, options);
    if (!(launched instanceof RunExecution)) return launched;
    return Promise.resolve(new StartedRun(launched.runId, launched.outcome));
  }

  /**
   * Starts a run and answers with its outcome once it ends (`start`, then the handle's
   * `outcome`, as one promise: for a caller that only waits for the run, such as a test, a
   * script or a batch of runs). Rejects as `start` does when the run cannot start, and as
   * `outcome` does when the run crashes; a run that fails or is cancelled resolves, with that
   * status. With a store that creates runs at once it makes no handle and no promise of its own.
   */
  run(bundle: WorkflowBundle, options: StartOptions = NO_OPTIONS): Promise<RunOutcome> {
    const launched = this.launchStarted(bundle, options);
    if (!(launched instanceof RunExecution)) return launched.then(outcomeOfHandle);
    return launched.outcome;
  }

  /**
   * `launch` for `start` and `run`: the run, started, when its store created it at once; else a
   * promise of its handle once the store has created it. A run that cannot start is a rejected
   * promise (nothing recorded).
   */
  private launchStarted(bundle: WorkflowBundle, options: StartOptions): RunExecution | Promise<RunHandle> {
    let launched: RunExecution;
    try {
      launched = this.launch(bundle, options);
    } catch (err) {
      this.creating = undefined;
      return Promise.reject(err);
    }
    const created = this.creating;
    if (created !== undefined) {
      this.creating = undefined;
      return this.startAfterCreated(launched, created, options, this.launchedAt);
    }
    if (options.events?.length) this.scheduleEvents(options.events, { runId: launched.runId, base: this.launchedAt });
    return launched;
  }

  /** Left by `launch` for `start`: the creation of the run when the store creates runs asynchronously… */
  private creating: Promise<void> | undefined = undefined;
  /** …and the clock reading the run started at (the base of its scheduled events). */
  private launchedAt = 0;

  /**
   * The synchronous part of `start`: checks, records the run, journals `RunStarted` and sets the
   * first token going. A store without `createRunSync` leaves its creation in `creating`.
   */
  private launch(bundle: WorkflowBundle, options: StartOptions): RunExecution {
    if (this.halted) throw new Error('The engine is halted');
    const name = options.workflow ?? bundle.entry;
    const workflow = bundle.workflows[name];
    if (!workflow) throw unknownWorkflowError(bundle, name);
    const { secrets, inputs, variables } = startValues(bundle, workflow, options.inputs ?? NO_START_VALUES, this.environment, this.clock);
    const masker = this.maskerFor(secrets);
    // One clock reading for the run's creation and its `RunStarted` (the first commit's events
    // share it, as the events of any commit share one), and for its id when the clock is real.
    const now = this.clock.now();
    const given = options.runId;
    const runId = given ?? newRunId(this.clock instanceof RealClock ? now : Date.now());
    // An id made here and now that no run of this process can have had (`lastRunIdFresh`): the
    // registry takes it without a lookup (`RunRegistry.addFresh`).
    const fresh = given === undefined && lastRunIdFresh;
    const hash = this.hashOf(bundle);
    this.launchedAt = now;
    let created = false;
    if (!options.recorded) {
      if (this.runs.mayHold(runId, fresh)) throw new Error(`Run '${runId}' already exists`);
      const record: NewRun = new NewRunRecord(runId, workflow.id, workflow.version, bundle, hash, now, fresh);
      if (options.parent) record.parentRunId = options.parent.runId;
      if (options.key !== undefined) {
        const problem = runKeyProblem(options.key);
        if (problem !== undefined) throw new Error(problem);
        record.key = options.key;
        record.keyInputs = inputsDigest(options.inputs ?? NO_START_VALUES);
      }
      if (this.store.createRunSync) {
        this.store.createRunSync(record);
        created = true;
      }
      // Queued, not awaited yet: the run's first append queues behind it and joins its commit
      // (a store that fails the creation fails that append too, so nothing runs).
      else this.creating = this.store.createRun(record);
    }
    const state = emptyWorkflowState(runId);
    const run = new RunExecution(this.host, runId, bundle, this.graphOf(workflow), state, secrets, masker);
    // Now, while the store's run created last is this one: it answers without a lookup by id.
    if (created) run.openJournal();
    if (fresh) this.runs.addFresh(run);
    else this.runs.set(runId, run);
    const trigger: RunTrigger = options.trigger ?? (options.parent ? { kind: 'subworkflow', parentRunId: options.parent.runId, node: options.parent.node, token: options.parent.token } : MANUAL_TRIGGER);
    const stepBudget = options.stepBudget ?? (workflow.options?.stepBudget || this.defaultStepBudget);
    // A copy of the event's shape, not a literal (see run-start-objects.ts); `seq` placed by `begin`.
    const started = newRunStarted();
    started.workflow = workflow.id;
    started.version = workflow.version;
    started.bundleHash = hash;
    started.inputs = masker.maskValue(inputs);
    started.trigger = trigger;
    started.stepBudget = stepBudget;
    started.seed = runId === lastRunId ? lastRunSeed : seedFrom(runId);
    started.variables = masker.maskValue(variables);
    started.token = 1;
    started.at = now;
    if (options.timeoutMs !== undefined) started.timeoutMs = options.timeoutMs;
    if (options.parent) started.parent = options.parent;
    run.begin(started);
    return run;
  }

  /** The rest of `start` for a store that creates runs asynchronously. */
  private async startAfterCreated(run: RunExecution, created: Promise<void>, options: StartOptions, base: number): Promise<RunHandle> {
    const runId = run.runId;
    try {
      await created;
    } catch (err) {
      run.halt();
      this.forget(run);
      throw err;
    }
    if (options.events?.length) this.scheduleEvents(options.events, { runId, base });
    return new StartedRun(runId, run.outcome);
  }

  /** Continues a run from its journal (after a crash or in another process). */
  async resume(runId: string): Promise<RunHandle> {
    const run = await this.load(runId, true);
    return { runId, outcome: run.outcome };
  }

  /** Resumes every unfinished top-level run in the store (sub-runs resume with their parents). */
  async resumeAll(): Promise<RunHandle[]> {
    const runs = await this.store.listRuns({ status: ['running', 'paused'] });
    const handles: RunHandle[] = [];
    for (const r of runs) if (!r.parentRunId) handles.push(await this.resume(r.runId));
    return handles;
  }

  /** The id of the top-level run `record` belongs to (itself, or the parent of its parent…). */
  private async topLevelRunOf(record: RunRecord): Promise<string> {
    let current: RunSummary = record;
    for (let depth = 0; current.parentRunId !== undefined && depth < 1000; depth++) {
      const parent = await this.store.getRun(current.parentRunId);
      if (!parent) break;
      current = parent;
    }
    return current.runId;
  }

  /**
   * The run's execution, loaded from the store if it is not active here. `first` is applied to a
   * run loaded here, before it takes a step (it is not, to one active or being loaded already).
   */
  private async load(runId: string, recover: boolean, first?: (run: RunExecution) => void): Promise<RunExecution> {
    const active = this.runs.get(runId);
    if (active) return active;
    const inflight = this.loading.get(runId);
    if (inflight) return inflight;
    const p = (async () => {
      // Events being kept in its journal for it (`keepForChild`) are there before it is read.
      await this.keeping.get(runId);
      const record = await this.store.getRun(runId);
      if (!record) throw new UnknownRunControlError(runId);
      if (recover && this.carriedElsewhere) {
        const carried = this.carriedElsewhere(await this.topLevelRunOf(record), this);
        if (carried !== undefined) throw new RunCarriedElsewhereError(carried.message, this.store.forwardRequest ? carried.holder : undefined);
      }
      // A store shared across machines: the run is this process's before its journal is read.
      if (recover && this.store.claimRun) {
        const holder = await this.store.claimRun(runId);
        if (holder !== undefined) throw new RunCarriedElsewhereError(`Run ${runId} is ${carriedOnBy(holder)}`, holder);
      }
      try {
        return await this.loadClaimed(runId, record, recover, first);
      } catch (err) {
        if (recover) this.store.releaseRun?.(runId);
        throw err;
      }
    })();
    this.loading.set(runId, p);
    try {
      return await p;
    } finally {
      this.loading.delete(runId);
    }
  }

  /** `load` once the run is this process's to carry on (or only read, without `recover`). */
  private async loadClaimed(runId: string, record: RunRecord, recover: boolean, first?: (run: RunExecution) => void): Promise<RunExecution> {
    const workflow = record.bundle.workflows[record.workflow];
    if (!workflow) throw new ControlError(`Run ${runId}: its bundle has no workflow '${record.workflow}'`);
    const state = foldJournal(runId, await this.store.readEvents(runId));
    let secrets: Record<string, string> = {};
    try {
      secrets = resolveSecrets(workflow.variables, this.environment);
    } catch (err) {
      if (!TERMINAL_STATUSES.has(state.status)) throw new ControlError(`Cannot resume run ${runId}: ${(err as Error).message}`);
    }
    const run = new RunExecution(this.host, runId, record.bundle, this.graphOf(workflow), state, secrets, this.maskerFor(secrets));
    this.runs.set(runId, run);
    if (TERMINAL_STATUSES.has(state.status)) run.markEnded();
    else if (recover) run.recover();
    first?.(run);
    return run;
  }

  /** The outcome of a run: at once for a finished run, else when it ends. */
  async waitFor(runId: string): Promise<RunOutcome> {
    const active = this.runs.get(runId);
    if (active) return active.outcome;
    const state = await this.inspect(runId);
    if (!TERMINAL_STATUSES.has(state.status)) return (await this.resume(runId)).outcome;
    return outcomeOf(state);
  }

  /** The run's state, folded from its journal in the store (or live when active here). */
  async inspect(runId: string): Promise<WorkflowState> {
    const active = this.runs.get(runId);
    if (active) return active.state;
    return foldJournal(runId, await this.store.readEvents(runId));
  }

  /** The live state of a run active in this engine (read-only by contract), else undefined. */
  peek(runId: string): WorkflowState | undefined {
    return this.runs.get(runId)?.state;
  }

  /** Ids of the runs executing in this engine. */
  activeRuns(): string[] {
    return this.runs.values().filter((run) => !run.finishedRun).map((run) => run.runId);
  }

  private async runChild(parent: RunExecution, node: SubworkflowNode, token: TokenId, childRunId: string, inputs: Record<string, unknown>): Promise<RunOutcome> {
    const active = this.runs.get(childRunId);
    if (active) return active.outcome;
    // Until the child is active here, the store's answers are awaited: the child is being started
    // (`startingChild`: not a run that waits for the outside), and virtual time does not jump.
    let started!: () => void;
    this.childStarts.set(childRunId, new Promise<void>((resolve) => { started = resolve; }));
    const inbox: KeptEvent[] = [];
    this.startingInboxes.set(childRunId, inbox);
    this.clock.busy();
    let outcome: Promise<RunOutcome>;
    try {
      await this.keeping.get(childRunId);
      const existing = await this.store.getRun(childRunId);
      if (existing && existing.lastSeq > 0) {
        const state = await this.inspect(childRunId);
        if (TERMINAL_STATUSES.has(state.status)) return outcomeOf(state);
        outcome = (await this.resume(childRunId)).outcome;
      } else {
        // A child created just before a crash, with nothing journaled yet, starts now in its record.
        outcome = (await this.start(parent.bundle, {
          workflow: node.workflow, inputs, runId: childRunId,
          parent: { runId: parent.runId, node: node.id, token },
          ...(existing ? { recorded: true } : {}),
        })).outcome;
      }
    } finally {
      this.childStarts.delete(childRunId);
      this.startingInboxes.delete(childRunId);
      // Events that came while it was being started, judged by when they came: before its timers
      // can fire (no macrotask has run, and virtual time has not moved while it was busy).
      const child = this.runs.get(childRunId);
      if (child) for (const k of inbox) child.deliver(k.event, k.actor, k.at);
      started();
      this.clock.idle();
    }
    return outcome;
  }

  /** Child runs `runChild` is starting or re-attaching, not active here yet, each with a promise settled once it is (or has failed to be). */
  private readonly childStarts = new Map<string, Promise<void>>();

  /**
   * Whether `runId` is a child run this engine is starting or re-attaching (it is not active
   * yet: its store is being asked): for a caller that judges whether a parent waits only for the
   * outside (the CLI's `driveRuns`).
   */
  startingChild(runId: string): boolean {
    return this.childStarts.has(runId);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /**
   * Delivers an event (CloudEvents shape built here) to the runs active in this engine, or to
   * one run. Returns the ids of the runs that took it (a wait consumed it or kept it).
   */
  async deliverEvent(type: string, data: unknown, options: DeliverOptions = {}): Promise<string[]> {
    const event: CloudEvent = {
      specversion: '1.0', id: options.id ?? randomUUID(), source: options.source ?? EXTERNAL_EVENT_SOURCE, type,
      time: new Date(this.clock.now()).toISOString(), datacontenttype: 'application/json', data: data ?? null,
    };
    if (options.runId) {
      const runId = options.runId;
      let run: RunExecution;
      try {
        run = await this.load(runId, true);
      } catch (err) {
        // Carried on another machine: offered there.
        if (!(err instanceof RunCarriedElsewhereError) || err.holder === undefined || !this.store.broadcastEvent) throw err;
        return this.offerElsewhere(event, options, [runId], runId);
      }
      return run.deliver(event, options.actor) ? [runId] : [];
    }
    if (!options.loadUnfinished) return this.publishKept(event, options);
    // `weft emit` from another process, `POST /events` at one of several workers: wake the
    // store's unfinished runs so their waits see it. On a store shared across machines, only
    // those nobody holds are woken here, and every other live process that holds unfinished runs
    // is offered it for its own (one look each, however many runs the store holds).
    if (this.store.unheldRuns && this.store.broadcastEvent) {
      // Usually none: one look each, not a listing of every unfinished run.
      const unheld = await Promise.all((await this.store.unheldRuns(this)).map((id) => this.store.getRun(id).catch(() => undefined)));
      await this.wake(unheld.filter((r) => r !== undefined));
      const took = await this.publishKept(event, options);
      return [...took, ...await this.offerElsewhere(event, options)];
    }
    await this.wake(await this.store.listRuns({ status: ['running', 'paused'] }));
    return this.publishKept(event, options);
  }

  /**
   * Loads the unfinished `runs` (to deliver an event from outside), a parent before its
   * sub-runs. A sub-run whose parent is carried here then is left to the parent: its call takes
   * its lock and slot again before it re-attaches the sub-run (loaded on its own, the sub-run ran
   * without them while the call queued). The sub-runs re-attached meanwhile are awaited, so the
   * event reaches them as it reached them loaded here.
   */
  private async wake(runs: readonly RunSummary[]): Promise<void> {
    const pending = new Map(runs.map((r) => [r.runId, r]));
    for (let moved = true; moved && pending.size !== 0;) {
      moved = false;
      for (const r of [...pending.values()]) {
        if (r.parentRunId !== undefined && pending.has(r.parentRunId)) continue; // its parent first
        pending.delete(r.runId);
        moved = true;
        if (this.runs.has(r.runId)) continue;
        if (r.parentRunId !== undefined && (this.runs.has(r.parentRunId) || this.loading.has(r.parentRunId))) continue;
        await this.load(r.runId, true).catch(() => undefined);
      }
    }
    // Sub-runs re-attached by their parents (and theirs by them): active once their store has answered.
    for (let rounds = 0; this.childStarts.size !== 0 && rounds < 100; rounds++) await Promise.all(this.childStarts.values());
  }

  /**
   * Offers the event to the processes on other machines that carry `runIds` (without: every one
   * that carries unfinished runs; to `runId` alone when given); the runs that took it there.
   */
  private async offerElsewhere(event: CloudEvent, options: DeliverOptions, runIds?: string[], runId?: string): Promise<string[]> {
    const answers = await this.store.broadcastEvent!({ kind: 'event', event, ...(options.actor !== undefined ? { actor: options.actor } : {}), ...(runId !== undefined ? { runId } : {}) }, runIds, this);
    options.offeredElsewhere?.(answers);
    const took: string[] = [];
    for (const a of answers) if (a.answer?.ok) took.push(...a.answer.took ?? []);
    return took;
  }

  /**
   * An event a run emitted, offered to the runs that processes on other machines carry (a store
   * shared across machines), as to this engine's own: in the background, once. A process that
   * does not answer is logged against the emitting run.
   */
  private publishElsewhere(event: CloudEvent, fromRunId: string): void {
    if (!this.store.broadcastEvent || this.halted) return;
    void this.offerElsewhere(event, {
      offeredElsewhere: (answers) => {
        for (const a of answers) {
          const text = notOfferedText(a);
          if (text !== undefined) this.emit({ kind: 'log', runId: fromRunId, node: '', token: 0, level: 'warn', message: `event ${event.type} ${event.id}: ${text}`, at: this.clock.now() });
        }
      },
    }).catch(() => undefined);
  }

  /**
   * Offers the event to every run active here (and to the sub-runs of theirs active nowhere yet,
   * `keepForChild`): the runs that took it. `keeps`, when given, receives each such keeping (the
   * sub-run, with its parent, once the event is in its journal), for a caller that answers once
   * they are durable.
   */
  private publish(event: CloudEvent, actor?: string, keeps?: Array<Promise<KeptFor | undefined>>): string[] {
    const took: string[] = [];
    for (const run of this.runs.values()) {
      if (run.deliver(event, actor)) took.push(run.runId);
      this.keepForQueued(run, event, actor, keeps);
    }
    // Sub-runs being started or re-attached right now: offered once they are active (`runChild`).
    if (this.startingInboxes.size !== 0) {
      const at = this.clock.now();
      for (const inbox of this.startingInboxes.values()) inbox.push({ event, actor, at });
    }
    this.fireEventTriggers(event);
    return took;
  }

  /**
   * Events kept for sub-runs whose parent's call queues for its lock before it re-attaches them
   * (`RunExecution.queuedChildren`): for each sub-run, the chain of its appends, in arrival
   * order. Its `load` waits for them (docs/runtime.md "After a crash").
   */
  private readonly keeping = new Map<string, Promise<void>>();

  /** Events that arrived while a sub-run was being started or re-attached, by its id (`runChild`). */
  private readonly startingInboxes = new Map<string, KeptEvent[]>();

  /**
   * Keeps `event` for sub-run `childRunId`, which its parent's call has not re-attached yet (it
   * queues for a lock after a crash), so not active here or anywhere: an `EventReceived` kept
   * for a later wait is appended to its journal, stamped with the time the event arrived. Once
   * re-attached, a wait it was in takes the event if it arrived before the wait's deadline
   * (`RunWaits.rearmWait`); a later wait takes it as any kept event.
   */
  private keepForChild(childRunId: string, event: CloudEvent, actor: string | undefined): Promise<boolean> {
    const at = this.clock.now();
    const kept = (this.keeping.get(childRunId) ?? Promise.resolve())
      .then(() => this.appendKept(childRunId, event, actor, at))
      .catch((err: unknown) => {
        this.emit({ kind: 'log', runId: childRunId, node: '', token: 0, level: 'warn', message: `event ${event.type} ${event.id} could not be kept for the run: ${err instanceof Error ? err.message : String(err)}`, at: this.clock.now() });
        return false;
      });
    const done = kept.then(() => undefined);
    this.keeping.set(childRunId, done);
    void done.then(() => {
      if (this.keeping.get(childRunId) === done) this.keeping.delete(childRunId);
    });
    return kept;
  }

  /** Keeps `event` for those of `run`'s sub-runs active nowhere yet whose workflow waits for its type (`keepForChild`). */
  private keepForQueued(run: RunExecution, event: CloudEvent, actor: string | undefined, keeps?: Array<Promise<KeptFor | undefined>>): void {
    for (const child of run.queuedChildren()) {
      const workflow = run.bundle.workflows[child.workflow];
      if (workflow === undefined || !this.graphOf(workflow).eventTypes.has(event.type)) continue;
      const kept = this.keepForChild(child.runId, event, actor);
      keeps?.push(kept.then((ok) => (ok ? { runId: child.runId, parentRunId: run.runId } : undefined)));
    }
  }

  /** `keepForChild`'s append: true when the event is in the sub-run's journal (kept now, or received before). */
  private async appendKept(childRunId: string, event: CloudEvent, actor: string | undefined, at: number): Promise<boolean> {
    const record = await this.store.getRun(childRunId);
    // Never started (its start is made when it is attached), or ended meanwhile: nothing to keep it for.
    if (!record || record.lastSeq === 0 || TERMINAL_STATUSES.has(record.status)) return false;
    // A store shared across machines appends only for the process that carries the run: this
    // one, which carries its parent and will carry it once re-attached (`load` claims it again).
    if (this.store.claimRun) {
      const holder = await this.store.claimRun(childRunId);
      if (holder !== undefined) throw new Error(`run ${childRunId} is ${carriedOnBy(holder)}`);
    }
    const events = await this.store.readEvents(childRunId);
    if (hasReceived(events, event)) return true;
    const last = events[events.length - 1];
    const received: EventReceived = { type: 'EventReceived', event, buffered: true, seq: (last?.seq ?? 0) + 1, at: Math.max(at, last?.at ?? at) };
    if (actor !== undefined) received.actor = actor;
    await this.store.append(childRunId, [received]);
    return true;
  }

  /** `publish`, answered once the events kept for sub-runs are in their journals (those sub-runs among the runs that took it). */
  private async publishKept(event: CloudEvent, options: DeliverOptions): Promise<string[]> {
    const keeps: Array<Promise<KeptFor | undefined>> = [];
    const took = this.publish(event, options.actor, keeps);
    for (const k of await Promise.all(keeps)) {
      if (k === undefined) continue;
      took.push(k.runId);
      options.kept?.(k.runId, k.parentRunId);
    }
    return took;
  }

  /**
   * Starts a run of `workflow` (default: the entry) for every later event matching one of its
   * `trigger event "type" [where …]` declarations; the event is the run's `trigger.event`.
   * Returns a function that removes the registration.
   */
  registerEventTriggers(bundle: WorkflowBundle, workflow: string = bundle.entry): () => void {
    const def = bundle.workflows[workflow];
    if (!def) throw unknownWorkflowError(bundle, workflow);
    const entry = { bundle, workflow: def };
    this.eventTriggers.add(entry);
    return () => { this.eventTriggers.delete(entry); };
  }

  /**
   * Runs started by event triggers, in start order (their handles): the last
   * `TRIGGERED_RUNS_KEPT`, so an engine that serves events for days does not keep every one.
   */
  readonly triggeredRuns: RunHandle[] = [];

  private fireEventTriggers(event: CloudEvent): void {
    for (const { bundle, workflow } of this.eventTriggers) {
      for (const t of workflow.triggers) {
        if (t.kind !== 'event' || t.eventType !== event.type) continue;
        if (t.where) {
          const env = new RunEnvironment(emptyWorkflowState(''), {}, this.clock);
          env.event = event;
          let ok = false;
          try {
            const v = evaluate(t.where, env);
            ok = v !== null && v !== false && v !== undefined;
          } catch {
            ok = false;
          }
          if (!ok) continue;
        }
        // Keyed by the event (its source and id): a redelivered event starts no second run.
        const started = this.start(bundle, { workflow: workflow.id, trigger: { kind: 'event', event }, key: eventRunKey(event) });
        started.then((h) => {
          if (this.triggeredRuns.push(h) > TRIGGERED_RUNS_KEPT) this.triggeredRuns.shift();
        }, (err: unknown) => {
          const message = err instanceof RunKeyTakenError
            ? `event ${event.type} ${event.id} from ${event.source} started run ${err.runId} of ${workflow.id} already: no second run`
            : `event trigger of ${workflow.id} could not start a run: ${(err as Error).message}`;
          this.emit({ kind: 'log', runId: '', node: '', token: 0, level: err instanceof RunKeyTakenError ? 'info' : 'error', message, at: this.clock.now() });
        });
        break;
      }
    }
  }

  /** Schedules events on the engine's clock, `at` ms after `base` (default now). */
  scheduleEvents(events: ScheduledEvent[], options: { runId?: string; base?: number } = {}): void {
    const base = options.base ?? this.clock.now();
    for (const ev of events) {
      const handle = this.clock.setTimer(base + ev.at, () => {
        this.scheduled.delete(handle);
        if (this.halted) return;
        void this.deliverEvent(ev.type, ev.data ?? null, { ...(options.runId ? { runId: options.runId } : {}), actor: 'schedule' }).catch(() => undefined);
      });
      this.scheduled.add(handle);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Controls (each journaled with its actor)

  pause(runId: string, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'pause', runId, actor });
  }

  resumeRun(runId: string, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'resume', runId, actor });
  }

  cancel(runId: string, actor: string, reason?: string): Promise<ControlDone> {
    return this.control({ kind: 'cancel', runId, actor, ...(reason !== undefined ? { reason } : {}) });
  }

  approve(runId: string, node: string, decision: { approved: boolean; by?: string; comment?: string }, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'approve', runId, node, decision, actor });
  }

  setVariable(runId: string, name: string, value: unknown, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'set', runId, name, value, actor });
  }

  skipNode(runId: string, node: string, result: unknown, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'skip', runId, node, result, actor });
  }

  retryNode(runId: string, node: string, actor: string): Promise<ControlDone> {
    return this.control({ kind: 'retry', runId, node, actor });
  }

  /**
   * Applies the control to its run here, or, when a process on another machine carries the run
   * (a store shared across machines), asks that process to (`RunStore.forwardRequest`) and
   * answers with what it answered: its `ControlError` is this one's. A run whose carrier let go
   * of it meanwhile is taken here after all.
   */
  private async control(request: RunControlRequest): Promise<ControlDone> {
    for (let attempt = 1; ; attempt++) {
      let run: RunExecution;
      // A cancel reaches a run loaded for it before the run takes a step: its tasks are not
      // started again only to be aborted (a child whose parent gave up on it while it queued
      // for its lock after a crash would run a task without the lock).
      let applied: { error?: unknown } | undefined;
      const first = request.kind === 'cancel' ? (r: RunExecution) => {
        applied = {};
        try {
          this.act(r, request);
        } catch (err) {
          applied.error = err;
        }
      } : undefined;
      try {
        run = await this.load(request.runId, true, first);
      } catch (err) {
        if (!(err instanceof RunCarriedElsewhereError) || err.holder === undefined || !this.store.forwardRequest || attempt === 3) throw err;
        let forwarded;
        try {
          forwarded = await this.store.forwardRequest(request, this);
        } catch (asked) {
          if (asked instanceof RequestNotAnsweredError) throw new RequestNotAnsweredError(`Run ${request.runId}: ${asked.message}`);
          throw asked;
        }
        if (forwarded === undefined) continue;
        const { answer, holder } = forwarded;
        if (answer.ok) return { carriedBy: holder };
        if (answer.notHere) {
          // It ended or stopped there: its claim is let go in a moment.
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw answeredError(answer);
      }
      if (!applied) this.act(run, request);
      else if (applied.error !== undefined) throw applied.error;
      return {};
    }
  }

  /** The control on a run active here (journaled with the request's actor). */
  private act(run: RunExecution, request: RunControlRequest): void {
    switch (request.kind) {
      case 'pause': run.pause(request.actor); break;
      case 'resume': run.resume(request.actor); break;
      case 'cancel': run.cancel(request.actor, request.reason); break;
      case 'approve': run.approve(request.node, request.decision, request.actor); break;
      case 'set': run.setVariable(request.name, request.value, request.actor); break;
      case 'skip':
        run.skip(request.node, request.result, request.actor);
        this.runs.set(run.runId, run);
        break;
      case 'retry':
        run.retryNode(request.node, request.actor);
        this.runs.set(run.runId, run);
        break;
    }
  }

  /**
   * A request from another process (`RunStore.answerRequests`): a control of a run this engine
   * carries, or an event for its runs. Answered once what it recorded is durable, so the asker
   * reads it from the store. A run not carried here is `notHere` (the asker may take it); this
   * engine loads nothing for a request.
   */
  async answerRequest(request: RunRequest): Promise<RequestAnswer> {
    if (request.kind === 'event') {
      if (this.halted) return { ok: true, took: [] };
      const runs = request.runId !== undefined ? [this.runs.get(request.runId)].filter((r): r is RunExecution => r !== undefined) : [...this.runs.values()];
      const took: RunExecution[] = [];
      const durable: Array<Promise<void>> = [];
      const keeps: Array<Promise<KeptFor | undefined>> = [];
      for (const run of runs) {
        const before = run.state.lastSeq;
        if (request.runId === undefined) this.keepForQueued(run, request.event, request.actor, keeps);
        if (!run.deliver(request.event, request.actor)) continue;
        took.push(run);
        durable.push(this.durable(run, before));
      }
      await Promise.all(durable);
      const ids = took.map((run) => run.runId);
      for (const k of await Promise.all(keeps)) if (k !== undefined) ids.push(k.runId);
      if (this.listeners.size) this.emit({ kind: 'request-answered', runId: request.runId ?? '', request: `event ${request.event.type}`, ...(request.actor !== undefined ? { actor: request.actor } : {}), took: ids });
      return { ok: true, took: ids };
    }
    const run = this.halted ? undefined : this.runs.get(request.runId);
    if (!run || run.finishedRun) return { ok: false, name: 'RunNotCarriedHere', message: `Run ${request.runId} is not carried on by this process any more`, notHere: true };
    const before = run.state.lastSeq;
    const told = { kind: 'request-answered' as const, runId: request.runId, request: request.kind, actor: request.actor };
    try {
      this.act(run, request);
    } catch (err) {
      if (!(err instanceof ControlError)) throw err;
      if (this.listeners.size) this.emit({ ...told, refused: err.message });
      return { ok: false, name: err.name, message: err.message };
    }
    await this.durable(run, before);
    if (this.listeners.size) this.emit(told);
    return { ok: true };
  }

  /**
   * Resolves once the events the run recorded after seq `before` are durable (at once when it
   * recorded none; or when it ends or crashes here; at most `DURABLE_WAIT_MS`).
   */
  private durable(run: RunExecution, before: number): Promise<void> {
    const target = run.state.lastSeq;
    if (target <= before) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, DURABLE_WAIT_MS);
      const stop = this.onEvent((e) => {
        if (e.runId !== run.runId) return;
        if ((e.kind === 'journal' && e.event.seq >= target) || e.kind === 'run-finished' || e.kind === 'run-crashed') finish();
      });
      function finish(): void {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  }

  /**
   * Stops every run at once without recording anything more, as if the process died: the
   * journals stay as they are. For crash tests and shutdown; `resume` continues the runs.
   */
  halt(): void {
    this.halted = true;
    for (const run of this.runs.values()) {
      run.halt();
      this.letGo(run.runId);
    }
    this.runs.clear();
    for (const h of this.scheduled) this.clock.clearTimer(h);
    this.scheduled.clear();
  }
}

/** A sub-run an event was kept for in its journal (`Engine.keepForQueued`), and its parent. */
interface KeptFor {
  runId: string;
  parentRunId: string;
}

/** An event that came for a sub-run being started (`Engine.startingInboxes`), with when it came. */
interface KeptEvent {
  event: CloudEvent;
  actor: string | undefined;
  at: number;
}

/**
 * The run's clock reading and seed as tagged fields (see `UNTIMED` in run-execution.ts): a field
 * V8 first sees holding a non-integer-sized number is a *double* field, and every object then gets
 * a 16-byte box of its own for it. Throwaway objects of the shapes `launch` makes, their number
 * fields set to `undefined` once at load, make those fields tagged: `RunStarted`'s `at`, the
 * `NewRun`'s `createdAt` (the memory store keeps it) and the state's `startedAt` (the fold copies
 * `at`) then share the one box of the launch's reading, and `RunStarted.seed` and `state.seed`
 * share one: 6 boxes fewer per run (96 bytes allocated and held while the run lives). The objects
 * are kept (`UNTIMED_SHAPES`, exported: a module-level constant that no function refers to is not
 * kept after the module has run): V8 holds a shape's transitions weakly, so a full collection
 * before the first run dropped the tagged shapes and the first run made double fields again.
 * `RunStarted`'s and the `NewRun`'s shapes live in run-start-objects.ts (`START_SHAPES`, kept here).
 */
function untimedShapes(): readonly object[] {
  const state = emptyWorkflowState('') as { seed: number | undefined; startedAt: number | undefined };
  state.seed = undefined;
  state.startedAt = undefined;
  return [state, START_SHAPES];
}

/** The `source` of an event delivered from outside that names none (`weft emit`, `POST /events`). */
export const EXTERNAL_EVENT_SOURCE = 'weft://external';

/** What `deliverEvent` is told besides the event. */
export interface DeliverOptions {
  runId?: string;
  actor?: string;
  source?: string;
  id?: string;
  /** Wake the store's unfinished runs first (an event from outside the processes that carry them). */
  loadUnfinished?: boolean;
  /** Told what the processes on other machines that carry some of the candidates answered (and which did not). */
  offeredElsewhere?: (answers: BroadcastAnswer[]) => void;
  /**
   * Told of each run among those that took it that keeps it in its journal: a sub-run active
   * nowhere yet (its parent's call queues for its lock), which takes it once re-attached (`keepForChild`).
   */
  kept?: (runId: string, parentRunId: string) => void;
}

/** The most a request's answer waits for what the control recorded to be durable (ms). */
const DURABLE_WAIT_MS = 10_000;

/** The error another process's engine answered a control with, as this one's. */
function answeredError(answer: { name: string; message: string }): ControlError {
  const err = new ControlError(answer.message);
  err.name = answer.name;
  return err;
}

const NO_SECRETS_MASKER = new SecretMasker();
/** Shared, frozen values of runs that need no own (journal events are never changed): `startValues`' own. */
const NO_VALUES: Record<string, never> = NO_START_VALUES;
const NO_OPTIONS: StartOptions = Object.freeze({});
/** The throwaway objects of `untimedShapes`, kept so their shapes stay (never read). */
export const UNTIMED_SHAPES = untimedShapes();

/** A started run's outcome (`run` over a store that creates runs asynchronously). */
function outcomeOfHandle(handle: RunHandle): Promise<RunOutcome> {
  return handle.outcome;
}

/** The credentials an engine holds besides workflow secrets: its option's, the executors' and the store's. */
function heldCredentials(options: EngineOptions, executors: TaskExecutors): readonly string[] {
  const held = new Set<string>();
  for (const c of options.credentials ?? []) if (c) held.add(c);
  for (const kind in executors) for (const c of executors[kind as keyof TaskExecutors]?.credentials?.() ?? []) if (c) held.add(c);
  for (const c of options.store.credentials?.() ?? []) if (c) held.add(c);
  return [...held];
}

function outcomeOf(state: WorkflowState): RunOutcome {
  const o: RunOutcome = { runId: state.instanceId, workflow: state.workflowId, status: state.status, outputs: state.outputs, state };
  if (state.error && state.status === 'failed') o.error = state.error;
  return o;
}

let idMs = -1;
/** `run_<ms in base 36>_`, made once per millisecond. */
let idMsText = '';
/** The suffix of the next id of this millisecond: a random start, counting up. */
let idNext = 0;
/** `idMsText` and the suffix's upper 24 bits in hex, made when those bits change (every 256 ids)… */
let idHigh = -1;
let idHighText = '';
/** …and its seed (`seedFrom`), which the seed of each of its ids continues. */
let idHighSeed = 0;
/** The last id made and its seed (`seedFrom(lastRunId)`, `RunStarted.seed`), from `idHighSeed`. */
let lastRunId = '';
let lastRunSeed = 0;
/**
 * The random starts of the milliseconds to come, 64 at a time from the same source
 * (`getRandomValues`): one call cost ~2 µs here, whatever its size, and a busy engine made one
 * every millisecond (session 7). Each millisecond still takes its own, never-used random value.
 */
export const ID_RANDOM_STARTS = new RandomPool(getRandomValues, 64);
/** The latest millisecond an id was made in so far, and whether `lastRunId`'s could repeat an earlier id. */
let idMsMax = -1;
let idMsFresh = true;
/**
 * Whether the last id `newRunId` made is one this process never made before and never will:
 * its millisecond is later than every earlier id's, or continues the latest one's count. False
 * only after the wall clock went back (a millisecond met again starts at a new random value,
 * which could run into the first pass's ids). `Engine.launch` then checks the id as a given one.
 */
export let lastRunIdFresh = true;
/** The lower 8 bits of a suffix in hex. */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A run id: time-ordered prefix, 32-bit hex suffix (`run_lq2x8k_3f9a1c2b`): the milliseconds in
 * base 36 and, within a millisecond, a random start counting up, so the ids one process makes
 * in a millisecond never collide (independent random suffixes did: about one batch in 9,000 of
 * 1,000 starts in the same millisecond; the concurrent-run benchmark loop hit it). Ids of
 * different processes differ by their random starts as before. The number formatting happens
 * once per millisecond and once per 256 ids: an id is one concatenation (65 instead of 160 ns).
 * `ms` is the wall clock's reading (`Engine.launch` passes the one it took for the run).
 */
export function newRunId(ms: number = Date.now()): string {
  if (ms !== idMs) {
    idMs = ms;
    idMsText = `run_${ms.toString(36)}_`;
    idNext = ID_RANDOM_STARTS.draw();
    idHigh = -1;
    idMsFresh = ms > idMsMax;
    if (idMsFresh) idMsMax = ms;
  }
  lastRunIdFresh = idMsFresh;
  const suffix = idNext;
  idNext = (suffix + 1) >>> 0;
  const high = suffix >>> 8;
  if (high !== idHigh) {
    idHigh = high;
    idHighText = idMsText + high.toString(16).padStart(6, '0');
    idHighSeed = seedFrom(idHighText);
  }
  const low = HEX_BYTE[suffix & 255]!;
  lastRunId = idHighText + low;
  lastRunSeed = seedFrom(low, idHighSeed);
  return lastRunId;
}

/** The idempotency key of the run an event trigger starts: the event's source and id (hashed when they would not make a key). */
function eventRunKey(event: CloudEvent): string {
  const key = `event ${event.source} ${event.id}`;
  return runKeyProblem(key) === undefined ? key : `event sha256:${createHash('sha256').update(`${event.source}\u0000${event.id}`).digest('hex')}`;
}
