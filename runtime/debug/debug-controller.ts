// Debug adapter — the debugger's domain logic over the engine's `beforeNode` hook and its
// events: branches as threads, breakpoints, stepping over sub-workflow nesting, stop-all with
// per-thread continue, exception stops, and stepping back through the journal. It speaks in
// runs, tokens and nodes; `weft-debug-session.ts` translates to and from DAP. No DAP here.
import { newRunId, type Engine, type StartOptions } from '../engine/engine.js';
import type { NodeContext, RunOutcome } from '../engine/engine-events.js';
import { evaluate } from '../expressions/evaluate.js';
import type { Expr } from '../ir/expression.js';
import type { NodeDefinition, WorkflowBundle, WorkflowDefinition } from '../ir/workflow-definition.js';
import { foldJournalUntil } from '../journal/fold.js';
import type { JournalError, JournalEvent, TokenId } from '../journal/journal-event.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import { truthy, stringify } from '../expressions/values.js';
import type { BreakpointTarget } from './source-breakpoints.js';
import { targetMatches } from './source-breakpoints.js';
import { frameEnvironment } from './debug-values.js';
import { instanceNode } from '../engine/body-nodes.js';
import { staticName } from '../engine/instance-names.js';
import type { HitPredicate } from './hit-condition.js';

/** Actor recorded for the debugger's control actions. */
export const DEBUGGER_ACTOR = 'debugger';

export type ExceptionFilter = 'failure' | 'retryExhausted' | 'timeout' | 'compensation';

export interface DebugBreakpoint {
  id: number;
  target: BreakpointTarget | { kind: 'function'; name: string };
  condition?: Expr;
  hit?: HitPredicate;
  /** Logpoint: text parts and expressions; logs instead of stopping. */
  log?: Array<string | Expr>;
  hits: number;
}

export type StopReason = 'entry' | 'breakpoint' | 'function breakpoint' | 'step' | 'pause' | 'exception';

export interface StopInfo {
  reason: StopReason;
  thread: number;
  breakpoints?: number[];
  description?: string;
  exception?: { filter: ExceptionFilter; error: JournalError };
}

/** One stack frame: a node of a (live or replayed) run. */
export interface DebugFrame {
  runId: string;
  workflow: WorkflowDefinition;
  node: NodeDefinition;
  token: TokenId;
  state: WorkflowState;
  /** A position recorded in the journal, not the live edge. */
  replay: boolean;
}

export interface DebugThread {
  id: number;
  name: string;
}

export interface DebugControllerEvents {
  stopped(stop: StopInfo): void;
  output(text: string, category: 'console' | 'stdout' | 'stderr', where?: { workflow: WorkflowDefinition; node: NodeDefinition }): void;
  threadStarted(id: number): void;
  threadExited(id: number): void;
  finished(outcome: RunOutcome): void;
}

interface RunInfo {
  runId: string;
  workflow: WorkflowDefinition;
  state: WorkflowState;
  depth: number;
}

interface ThreadInfo {
  id: number;
  /** The run and token the thread belongs to (a child's first token belongs to its parent's). */
  runId: string;
  token: TokenId;
  /** Where the branch last stood: the innermost run and token. */
  current: { runId: string; token: TokenId };
}

interface Hold {
  thread: number;
  ctx: NodeContext;
  release: () => void;
  /** Arrived while everything was stopped: breakpoints not yet checked. */
  undecided: boolean;
}

type Step = {
  thread: number; kind: 'over' | 'in' | 'out'; depth: number;
  /** The branch the step started on (step in enters the bodies it owns). */
  from?: { runId: string; token: TokenId };
  /** Step out of a foreach/region body: the branch waiting at that node. */
  outTo?: { runId: string; token: TokenId };
};

/** A position recorded in the journal (step back). */
interface ReplayCursor {
  thread: number;
  runId: string;
  events: JournalEvent[];
  /** `seq` of the NodeStarted shown. */
  seq: number;
}

export class DebugController {
  private readonly runs = new Map<string, RunInfo>();
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly threadOf = new Map<string, number>();
  private readonly holds = new Map<number, Hold>();
  private readonly breakpoints = new Map<string, DebugBreakpoint[]>();
  private exceptionFilters = new Set<ExceptionFilter>();
  private nextThread = 1;
  private topRunId: string | undefined;
  private frozen = false;
  private readonly released = new Set<number>();
  private step: Step | undefined;
  private stopOnEntry = false;
  private lastStop: StopInfo | undefined;
  private replay: ReplayCursor | undefined;
  private pendingOutcome: RunOutcome | undefined;
  private readonly pendingStops: StopInfo[] = [];
  private resumeOnContinue = false;
  private finished = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly bundle: WorkflowBundle,
    private readonly events: DebugControllerEvents,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Configuration

  setBreakpoints(key: string, list: DebugBreakpoint[]): void {
    this.breakpoints.set(key, list);
  }

  setExceptionFilters(filters: ExceptionFilter[]): void {
    this.exceptionFilters = new Set(filters);
  }

  /** Starts the run; resolves with its id once it started. */
  async start(options: StartOptions & { stopOnEntry?: boolean }): Promise<string> {
    this.stopOnEntry = options.stopOnEntry === true;
    this.listen();
    const { stopOnEntry: _ignored, ...start } = options;
    // Known before the start: a short run can end before `start` resolves.
    this.topRunId = start.runId ??= newRunId();
    this.events.output(`Debugging run ${this.topRunId} of ${start.workflow ?? this.bundle.entry}\n`, 'console');
    const handle = await this.engine.start(this.bundle, start);
    return handle.runId;
  }

  /** Attaches to a run of the store that is not active elsewhere: loads it and carries it on.
   * A paused run shows as stopped; continuing resumes it (journaled as the debugger's action). */
  async attach(runId: string): Promise<void> {
    this.listen();
    this.topRunId = runId;
    await this.engine.resume(runId);
    const state = this.engine.peek(runId);
    const workflow = state ? this.bundle.workflows[state.workflowId] : undefined;
    if (!state || !workflow) throw new Error(`Run ${runId} could not be loaded`);
    this.noteRun(runId, workflow, state);
    for (const token of state.tokens.keys()) this.threadFor(runId, token, state);
    this.events.output(`Attached to run ${runId} of ${workflow.id} (${state.status})\n`, 'console');
    if (state.paused) {
      this.resumeOnContinue = true;
      this.stopAll({ reason: 'pause', thread: [...this.threads.keys()][0] ?? 1, description: 'The run was paused' });
    }
  }

  private listen(): void {
    this.engine.setBeforeNode(ctx => this.beforeNode(ctx));
    this.unsubscribe = this.engine.onEvent(e => {
      if (e.kind === 'journal') this.onJournal(e.runId, e.event);
      else if (e.kind === 'log') this.onLog(e.runId, e.node, e.level, e.message);
      else if (e.kind === 'run-finished') this.onRunFinished(e.runId, e.outcome);
    });
  }

  get runId(): string | undefined {
    return this.topRunId;
  }

  // -------------------------------------------------------------------------------------------
  // Runs and threads

  private depthOf(runId: string): number {
    return this.runs.get(runId)?.depth ?? 0;
  }

  private noteRun(runId: string, workflow: WorkflowDefinition, state: WorkflowState): RunInfo {
    let info = this.runs.get(runId);
    if (!info) {
      const parent = state.parent;
      const depth = parent ? this.depthOf(parent.runId) + 1 : 0;
      info = { runId, workflow, state, depth };
      this.runs.set(runId, info);
    } else {
      info.state = state;
    }
    return info;
  }

  /** The thread of a branch, created (or, for a child's first branch, aliased) on first sight. */
  private threadFor(runId: string, token: TokenId, state: WorkflowState | undefined): number {
    const key = `${runId}:${token}`;
    const known = this.threadOf.get(key);
    if (known !== undefined) return known;
    const parent = state?.parent;
    if (parent && token === 1) {
      const id = this.threadFor(parent.runId, parent.token, this.runs.get(parent.runId)?.state);
      this.threadOf.set(key, id);
      return id;
    }
    const id = this.nextThread++;
    this.threadOf.set(key, id);
    this.threads.set(id, { id, runId, token, current: { runId, token } });
    this.events.threadStarted(id);
    return id;
  }

  listThreads(): DebugThread[] {
    return [...this.threads.values()].map(t => {
      const run = this.runs.get(t.runId);
      const wf = run?.workflow.id ?? 'run';
      // A branch inside a foreach iteration or region is named after its instance path.
      const frame = this.frameOf(t.runId, t.token);
      const name = frame ? (frame.id === t.token ? `${wf} ${frame.path}` : `${wf} ${frame.path} branch ${t.token}`)
        : t.runId === this.topRunId && t.token === 1 ? `${wf} (main branch)` : `${wf} branch ${t.token}`;
      return { id: t.id, name };
    });
  }

  private frameOf(runId: string, token: TokenId): { id: number; path: string; owner: TokenId } | undefined {
    const state = this.runs.get(runId)?.state;
    const f = state?.tokens.get(token)?.frame;
    return f === undefined ? undefined : state!.frames.get(f);
  }

  /** Whether `token` runs inside a frame owned (directly or further out) by `owner`. */
  private insideOf(runId: string, token: TokenId, owner: TokenId): boolean {
    for (let f = this.frameOf(runId, token); f; f = this.frameOf(runId, f.owner)) if (f.owner === owner) return true;
    return false;
  }

  /** Ends the threads whose branches are gone from their run's live state. */
  private pruneThreads(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const finished = run.state.status === 'completed' || run.state.status === 'failed' || run.state.status === 'cancelled';
    // A stop on the error that ended the run keeps its threads until the user continues.
    if (finished && this.frozen && runId === this.topRunId && !this.finished) return;
    for (const t of [...this.threads.values()]) {
      if (t.runId !== runId) continue;
      if (!finished && run.state.tokens.has(t.token)) continue;
      this.threads.delete(t.id);
      this.holds.delete(t.id);
      this.events.threadExited(t.id);
    }
  }

  // -------------------------------------------------------------------------------------------
  // The hook: decide for each branch about to run a node

  private beforeNode(ctx: NodeContext): void | Promise<void> {
    const run = this.noteRun(ctx.runId, ctx.workflow, ctx.state);
    const thread = this.threadFor(ctx.runId, ctx.token, ctx.state);
    const info = this.threads.get(thread);
    if (info) info.current = { runId: run.runId, token: ctx.token };
    const mayDecide = !this.frozen || this.released.has(thread);
    if (mayDecide) {
      const stop = this.decide(thread, ctx);
      if (!stop) return;
      return new Promise<void>(release => {
        this.holds.set(thread, { thread, ctx, release, undecided: false });
        this.stopAll(stop);
      });
    }
    return new Promise<void>(release => {
      this.holds.set(thread, { thread, ctx, release, undecided: true });
    });
  }

  /** Why the branch should stop before `ctx.node`, or undefined to let it run. A debugger
   * fault must never fail the node: it is reported and the branch stops to show it. */
  private decide(thread: number, ctx: NodeContext): StopInfo | undefined {
    try {
      return this.decideOrThrow(thread, ctx);
    } catch (error) {
      this.events.output(`Debugger error at ${ctx.workflow.id}.${ctx.node.id}: ${(error as Error).message}\n`, 'stderr');
      return { reason: 'pause', thread };
    }
  }

  private decideOrThrow(thread: number, ctx: NodeContext): StopInfo | undefined {
    if (this.stopOnEntry) {
      this.stopOnEntry = false;
      return { reason: 'entry', thread };
    }
    const from = ctx.state.tokens.get(ctx.token)?.from;
    const hit = this.matchBreakpoints(ctx.workflow, ctx.node, from, ctx.state);
    if (hit) return { ...hit, thread };
    const step = this.step;
    if (step && step.thread === thread) {
      const depth = this.depthOf(ctx.runId);
      if (step.outTo) {
        if (ctx.runId === step.outTo.runId && ctx.token === step.outTo.token) return { reason: 'step', thread };
      } else if (step.kind === 'in' || (step.kind === 'over' && depth <= step.depth) || (step.kind === 'out' && depth < step.depth)) {
        return { reason: 'step', thread };
      }
    }
    // Step in on a foreach/region: the first branch inside its body stops.
    if (step && step.kind === 'in' && step.from && step.from.runId === ctx.runId && ctx.token !== step.from.token && this.insideOf(ctx.runId, ctx.token, step.from.token)) {
      return { reason: 'step', thread };
    }
    return undefined;
  }

  /** The breakpoints (line, edge or function) that stop here; logpoints log and never stop. */
  private matchBreakpoints(workflow: WorkflowDefinition, node: NodeDefinition, from: string | undefined, state: WorkflowState): Omit<StopInfo, 'thread'> | undefined {
    const ids: number[] = [];
    let reason: StopReason = 'breakpoint';
    for (const list of this.breakpoints.values()) {
      for (const bp of list) {
        const t = bp.target;
        const matches = t.kind === 'function'
          ? t.name === node.id || t.name === staticName(node.id) || t.name === `${workflow.id}.${staticName(node.id)}`
          : targetMatches(t, workflow.id, node.id, from);
        if (!matches) continue;
        const env = frameEnvironment(workflow, state, node, this.engine.clock);
        if (bp.condition) {
          let ok: boolean;
          try {
            ok = truthy(evaluate(bp.condition, env));
          } catch (error) {
            this.events.output(`Breakpoint condition failed at ${workflow.id}.${node.id}: ${(error as Error).message}\n`, 'stderr', { workflow, node });
            ok = true;
          }
          if (!ok) continue;
        }
        bp.hits++;
        if (bp.hit && !bp.hit(bp.hits)) continue;
        if (bp.log) {
          const text = bp.log.map(p => {
            if (typeof p === 'string') return p;
            try { return stringify(evaluate(p, env)); } catch (error) { return `<${(error as Error).message}>`; }
          }).join('');
          this.events.output(text + '\n', 'console', { workflow, node });
          continue;
        }
        ids.push(bp.id);
        if (t.kind === 'function') reason = 'function breakpoint';
      }
    }
    return ids.length ? { reason, breakpoints: ids } : undefined;
  }

  private stopAll(stop: StopInfo): void {
    this.frozen = true;
    this.released.clear();
    this.step = undefined;
    this.lastStop = stop;
    this.events.stopped(stop);
  }

  // -------------------------------------------------------------------------------------------
  // Journal events: threads, exception stops, the end of the run

  private onJournal(runId: string, event: JournalEvent): void {
    if (event.type === 'RunStarted') {
      const workflow = this.bundle.workflows[event.workflow];
      const state = this.engine.peek(runId);
      if (workflow && state) this.noteRun(runId, workflow, state);
    }
    const run = this.runs.get(runId);
    if (!run) return;
    const live = this.engine.peek(runId);
    if (live) run.state = live;
    if (event.type === 'NodeCompleted' || event.type === 'NodeFailed') {
      for (const r of event.routes ?? []) if (run.state.tokens.has(r.token)) this.threadFor(runId, r.token, run.state);
    }
    const exception = this.exceptionOf(event);
    if (exception && this.exceptionFilters.has(exception.filter)) {
      const token = 'token' in event && typeof event.token === 'number' ? event.token : 1;
      const thread = this.threadFor(runId, token, run.state);
      const label = exception.filter === 'compensation' ? 'Compensation started' : `${exception.error.name}: ${exception.error.message}`;
      const stop: StopInfo = { reason: 'exception', thread, description: label, exception };
      // Recorded while stopped (often in the same commit as the first): shown at the next continue.
      if (this.frozen) this.pendingStops.push(stop);
      else this.stopAll(stop);
    }
    this.pruneThreads(runId);
  }

  private exceptionOf(event: JournalEvent): { filter: ExceptionFilter; error: JournalError } | undefined {
    switch (event.type) {
      case 'RetryScheduled':
        if (this.exceptionFilters.has('timeout') && event.error.name === 'Timeout') return { filter: 'timeout', error: event.error };
        return { filter: 'failure', error: event.error };
      case 'NodeFailed': {
        if (this.exceptionFilters.has('timeout') && event.error.name === 'Timeout') return { filter: 'timeout', error: event.error };
        if (event.attempt > 1 && this.exceptionFilters.has('retryExhausted')) return { filter: 'retryExhausted', error: { ...event.error, message: `${event.error.message} (after ${event.attempt} attempts)` } };
        return { filter: 'failure', error: event.error };
      }
      case 'CompensationStarted':
        return { filter: 'compensation', error: { name: 'Compensation', message: 'the run failed; compensations run' } };
      default:
        return undefined;
    }
  }

  private onLog(runId: string, nodeId: string, level: string, message: string): void {
    const run = this.runs.get(runId);
    const node = run ? instanceNode(run.workflow, nodeId) : undefined;
    const category = level === 'error' || level === 'warn' ? 'stderr' : 'stdout';
    this.events.output(message.endsWith('\n') ? message : message + '\n', category, run && node ? { workflow: run.workflow, node } : undefined);
  }

  private onRunFinished(runId: string, outcome: RunOutcome): void {
    const run = this.runs.get(runId);
    if (run) run.state = outcome.state;
    this.pruneThreads(runId);
    if (runId !== this.topRunId) return;
    if (this.frozen) {
      this.pendingOutcome = outcome;
      return;
    }
    this.finish(outcome);
  }

  private finish(outcome: RunOutcome): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of [...this.threads.keys()]) {
      this.threads.delete(t);
      this.events.threadExited(t);
    }
    this.events.finished(outcome);
  }

  // -------------------------------------------------------------------------------------------
  // Execution control

  /** Continues every branch, or only `thread` (the others stay stopped) when `single`. */
  continue(thread: number, single = false): void {
    if (this.replay) {
      this.replayContinue();
      return;
    }
    this.resume(single ? thread : undefined);
  }

  next(thread: number): void { this.stepLive(thread, 'over'); }
  stepIn(thread: number): void { this.stepLive(thread, 'in'); }
  stepOut(thread: number): void { this.stepLive(thread, 'out'); }

  private stepLive(thread: number, kind: Step['kind']): void {
    if (this.replay) {
      this.replayForward(kind);
      return;
    }
    const info = this.threads.get(thread);
    const depth = info ? this.depthOf(info.current.runId) : 0;
    this.step = { thread, kind, depth };
    if (info) {
      this.step.from = { ...info.current };
      // Step out of a foreach/region body: stop when the branch waiting at that node moves on.
      const frame = kind === 'out' ? this.frameOf(info.current.runId, info.current.token) : undefined;
      if (frame) {
        const ownerThread = this.threadFor(info.current.runId, frame.owner, this.runs.get(info.current.runId)?.state);
        this.step = { thread: ownerThread, kind, depth, outTo: { runId: info.current.runId, token: frame.owner } };
      }
    }
    this.resume(undefined, true);
  }

  /** Stops every branch at its next node (branches inside a task stop when it ends). */
  pause(thread: number): void {
    if (this.frozen || this.finished) return;
    this.stopAll({ reason: 'pause', thread: this.threads.has(thread) ? thread : [...this.threads.keys()][0] ?? thread });
  }

  private resume(only?: number, keepStep = false): void {
    const step = keepStep ? this.step : undefined;
    if (only === undefined) {
      this.frozen = false;
      this.released.clear();
    } else {
      this.released.add(only);
    }
    this.step = step;
    if (this.resumeOnContinue && this.topRunId) {
      this.resumeOnContinue = false;
      void this.engine.resumeRun(this.topRunId, DEBUGGER_ACTOR).catch(error => this.events.output(`${(error as Error).message}\n`, 'stderr'));
    }
    const pending = only === undefined ? this.pendingStops.shift() : undefined;
    if (pending) {
      this.stopAll(pending);
      return;
    }
    if (this.pendingOutcome) {
      const outcome = this.pendingOutcome;
      this.pendingOutcome = undefined;
      this.frozen = false;
      this.finish(outcome);
      return;
    }
    const holds = [...this.holds.values()].filter(h => only === undefined || h.thread === only);
    for (const h of holds) {
      if (this.frozen && !this.released.has(h.thread)) break;
      this.holds.delete(h.thread);
      if (h.undecided) {
        const stop = this.decide(h.thread, h.ctx);
        if (stop) {
          this.holds.set(h.thread, { ...h, undecided: false });
          this.stopAll(stop);
          break;
        }
      }
      h.release();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Stack and state

  /** Frames of `thread`, innermost first: the node it stands at, then the sub-workflow nodes that called it. */
  stack(thread: number): DebugFrame[] {
    if (this.replay && this.replay.thread === thread) return this.replayStack(this.replay);
    return this.liveStack(thread);
  }

  private liveStack(thread: number): DebugFrame[] {
    const info = this.threads.get(thread);
    if (!info) return [];
    const frames: DebugFrame[] = [];
    const hold = this.holds.get(thread);
    let runId: string | undefined = info.current.runId;
    let token: TokenId = info.current.token;
    let nodeId: string | undefined = hold?.ctx.node.id;
    while (runId) {
      const run = this.runs.get(runId);
      if (!run) break;
      // The node the branch stands at, then (inside a foreach/region) the nodes its frames belong to.
      let id = nodeId ?? run.state.tokens.get(token)?.node ?? run.state.history.filter(h => h.token === token).at(-1)?.node;
      for (let tok: TokenId | undefined = token; tok !== undefined;) {
        const node = id !== undefined ? instanceNode(run.workflow, id) : undefined;
        if (node) frames.push({ runId, workflow: run.workflow, node, token: tok, state: run.state, replay: false });
        const f = this.frameOf(runId, tok);
        tok = f?.owner;
        id = f ? run.state.tokens.get(f.owner)?.node : undefined;
      }
      const parent = run.state.parent;
      if (!parent) break;
      runId = parent.runId;
      token = parent.token;
      nodeId = parent.node;
    }
    return frames;
  }

  /** Changes a `var` or `output` of the frame's run (journaled as the debugger's control action). */
  async setVariable(frame: DebugFrame, name: string, value: unknown): Promise<void> {
    if (frame.replay) throw new Error('This is a recorded step: step forward to the live position to change the run');
    await this.engine.setVariable(frame.runId, name, value, DEBUGGER_ACTOR);
  }

  // -------------------------------------------------------------------------------------------
  // Stepping back through the journal

  get inReplay(): boolean {
    return this.replay !== undefined;
  }

  /** Goes to the previous node the thread's branch started, as recorded. */
  async stepBack(thread: number): Promise<void> {
    const cursor = await this.cursorFor(thread);
    const starts = this.startsOf(cursor).filter(e => e.seq < cursor.seq);
    const previous = starts.at(-1);
    if (previous) this.replay = { ...cursor, seq: previous.seq };
    else this.replay = cursor.seq === Number.MAX_SAFE_INTEGER ? undefined : cursor;
    if (!previous) this.events.output('Already at the first recorded step of this branch.\n', 'console');
    this.events.stopped({ reason: 'step', thread });
  }

  /** Goes back to the latest earlier recorded step with a breakpoint, or to the first one. */
  async reverseContinue(thread: number): Promise<void> {
    const cursor = await this.cursorFor(thread);
    const starts = this.startsOf(cursor).filter(e => e.seq < cursor.seq);
    let target = starts[0];
    let stop: StopInfo = { reason: 'step', thread };
    for (let i = starts.length - 1; i >= 0; i--) {
      const hit = this.recordedHit(cursor, starts[i]);
      if (hit) { target = starts[i]; stop = { ...hit, thread }; break; }
    }
    if (target) this.replay = { ...cursor, seq: target.seq };
    this.events.stopped(stop);
  }

  private async cursorFor(thread: number): Promise<ReplayCursor> {
    if (this.replay && this.replay.thread === thread) return this.replay;
    const info = this.threads.get(thread);
    if (!info) throw new Error(`No thread ${thread}`);
    const runId = info.current.runId;
    const events = await this.engine.store.readEvents(runId);
    return { thread, runId, events, seq: Number.MAX_SAFE_INTEGER };
  }

  /** NodeStarted events of the cursor's branch (its token in its run). */
  private startsOf(cursor: ReplayCursor): Array<JournalEvent & { type: 'NodeStarted' }> {
    const token = this.tokenAt(cursor);
    return cursor.events.filter((e): e is JournalEvent & { type: 'NodeStarted' } => e.type === 'NodeStarted' && e.token === token);
  }

  private tokenAt(cursor: ReplayCursor): TokenId {
    const info = this.threads.get(cursor.thread);
    return info?.current.token ?? 1;
  }

  private replayStack(cursor: ReplayCursor): DebugFrame[] {
    const run = this.runs.get(cursor.runId);
    const started = cursor.events.find(e => e.seq === cursor.seq);
    if (!run || !started || started.type !== 'NodeStarted') return [];
    const state = foldJournalUntil(cursor.runId, cursor.events, cursor.seq - 1);
    const node = instanceNode(run.workflow, started.node);
    if (!node) return [];
    const frames: DebugFrame[] = [{ runId: cursor.runId, workflow: run.workflow, node, token: started.token, state, replay: true }];
    return frames.concat(this.liveStack(cursor.thread).slice(1));
  }

  /** A breakpoint (not a logpoint) that matches a recorded step, conditions on the recorded state. */
  private recordedHit(cursor: ReplayCursor, started: JournalEvent & { type: 'NodeStarted' }): Omit<StopInfo, 'thread'> | undefined {
    const run = this.runs.get(cursor.runId);
    const node = run ? instanceNode(run.workflow, started.node) : undefined;
    if (!run || !node) return undefined;
    const state = foldJournalUntil(cursor.runId, cursor.events, started.seq - 1);
    const from = state.tokens.get(started.token)?.from;
    const ids: number[] = [];
    for (const list of this.breakpoints.values()) {
      for (const bp of list) {
        if (bp.log) continue;
        const t = bp.target;
        const matches = t.kind === 'function' ? t.name === node.id || t.name === staticName(node.id) || t.name === `${run.workflow.id}.${staticName(node.id)}` : targetMatches(t, run.workflow.id, node.id, from);
        if (!matches) continue;
        if (bp.condition) {
          try {
            if (!truthy(evaluate(bp.condition, frameEnvironment(run.workflow, state, node, this.engine.clock)))) continue;
          } catch {
            // a failing condition stops, as it does live
          }
        }
        ids.push(bp.id);
      }
    }
    return ids.length ? { reason: 'breakpoint', breakpoints: ids } : undefined;
  }

  /** Forward from a recorded step: the next recorded step of the branch, else the live position. */
  private replayForward(_kind: Step['kind']): void {
    const cursor = this.replay!;
    const next = this.startsOf(cursor).find(e => e.seq > cursor.seq);
    if (next) {
      this.replay = { ...cursor, seq: next.seq };
      this.events.stopped({ reason: 'step', thread: cursor.thread });
      return;
    }
    this.replay = undefined;
    this.events.stopped({ ...(this.lastStop ?? { reason: 'step' }), reason: 'step', thread: cursor.thread });
  }

  /** Continue from a recorded step: replays to the next recorded breakpoint, else back to the
   * live position (stopping there again if a breakpoint holds it), else runs on live. */
  private replayContinue(): void {
    const cursor = this.replay!;
    const later = cursor.events.filter((e): e is JournalEvent & { type: 'NodeStarted' } => e.type === 'NodeStarted' && e.seq > cursor.seq);
    for (const started of later) {
      const hit = this.recordedHit(cursor, started);
      if (hit) {
        this.replay = { ...cursor, seq: started.seq };
        this.events.stopped({ ...hit, thread: cursor.thread });
        return;
      }
    }
    this.replay = undefined;
    const last = this.lastStop;
    if (last && (last.reason === 'breakpoint' || last.reason === 'function breakpoint')) {
      this.events.stopped(last);
      return;
    }
    this.resume();
  }

  // -------------------------------------------------------------------------------------------
  // Ending

  /** Cancels the run (journaled as the debugger's action) and lets every held branch go. */
  async terminate(): Promise<void> {
    const runId = this.topRunId;
    this.pendingStops.length = 0;
    this.replay = undefined;
    this.frozen = false;
    this.step = undefined;
    if (runId && !this.finished) {
      try {
        await this.engine.cancel(runId, DEBUGGER_ACTOR, 'terminated from the debugger');
      } catch {
        // the run already ended
      }
    }
    for (const h of [...this.holds.values()]) {
      this.holds.delete(h.thread);
      h.release();
    }
    if (this.pendingOutcome) {
      const outcome = this.pendingOutcome;
      this.pendingOutcome = undefined;
      this.finish(outcome);
    }
  }

  /** Lets every held branch go without recording anything (detaching from an attached run). */
  releaseAll(): void {
    this.frozen = false;
    this.step = undefined;
    for (const h of [...this.holds.values()]) {
      this.holds.delete(h.thread);
      h.release();
    }
  }

  /** Detaches from the engine without recording anything (the session is going away). */
  dispose(): void {
    this.engine.setBeforeNode(undefined);
    this.unsubscribe?.();
  }

  get hasFinished(): boolean {
    return this.finished;
  }
}
