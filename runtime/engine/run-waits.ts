// Engine — the waits of one run (LANGUAGE.md §4): timers per token, `wait` nodes, event waits
// and `listen` (matching, buffering, delivery), approvals, and re-arming them all on recovery.
// It acts only through `WaitOps`, the scheduler's own steps (the precedent of `RunFrames`).

import type { ApprovalNode, EventWaitNode, Expr, ListenNode, NodeDefinition, SubworkflowNode, TaskOptions } from '../ir/index.js';
import type { ApprovalRequested, CloudEvent, EventReceived, EventWaitStarted, JournalError, JournalEvent, TimerFired, TokenId } from '../journal/journal-event.js';
import type { TokenState, WorkflowState } from '../journal/workflow-state.js';
import type { Clock, TimerHandle } from './clock.js';
import type { RunEnvironment } from './run-environment.js';
import type { WorkflowGraph } from './workflow-graph.js';

type Unplaced<E> = Omit<E, 'seq' | 'at'>;
/** The journal events waits record (`seq` and `at` are placed by the run). */
export type WaitEvent = Unplaced<ApprovalRequested> | Unplaced<EventReceived> | Unplaced<EventWaitStarted> | Unplaced<TimerFired>;

/** What waits need of the run's scheduler (`RunExecution` supplies it). */
export interface WaitOps {
  readonly state: WorkflowState;
  readonly graph: WorkflowGraph;
  readonly clock: Clock;
  readonly env: RunEnvironment;
  /** The run has settled (or crashed, or halted). */
  done(): boolean;
  /** The run is ending: its terminal event is recorded (or it is done). */
  ending(): boolean;
  record(event: WaitEvent): void;
  afterCommit(fn: () => void): void;
  schedulePump(): void;
  nodeNamed(name: string): NodeDefinition | undefined;
  /** Evaluations that follow run in the frame of node instance `name`. */
  bind(name: string): void;
  eval(expr: Expr): unknown;
  truthy(expr: Expr): boolean;
  mask(text: string): string;
  toError(err: unknown): JournalError;
  started(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void;
  complete(id: TokenId, node: NodeDefinition, result: unknown, extra?: { consumed?: string; eventType?: string }): void;
  nodeError(id: TokenId, node: NodeDefinition, error: JournalError, retriable?: boolean): void;
  taskInput(options: TaskOptions): Record<string, unknown>;
  /** Takes the task's locks again (not journaled), then re-attaches to its child run. */
  reattachChild(id: TokenId, node: SubworkflowNode, childRunId: string, inputs: Record<string, unknown>): void;
  armChildTimeout(id: TokenId, node: SubworkflowNode, childRunId: string, timeoutAt: number): void;
}

export class RunWaits {
  /** The armed timer of each token (a wait, a timeout, a retry's delay). */
  private readonly timers = new Map<TokenId, TimerHandle>();

  constructor(private readonly run: WaitOps) {}

  // -------------------------------------------------------------------------------------------
  // Timers

  /** When a `wait for`/`wait until` node falls due, from its evaluated value. */
  timerDue(mode: 'for' | 'until', value: unknown, node: string): number {
    if (mode === 'for') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`wait '${node}' needs a duration, got ${typeof value}`);
      return this.run.clock.now() + Math.max(0, value);
    }
    const at = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(at)) throw new Error(`wait '${node}' until needs a time (epoch ms or ISO text)`);
    return at;
  }

  /** Arms token `id`'s timer (replacing any it had) to call `fn` at `at` unless the run is done. */
  armTimer(id: TokenId, at: number, fn: () => void): void {
    this.clearTimer(id);
    this.timers.set(id, this.run.clock.setTimer(at, () => {
      this.timers.delete(id);
      if (!this.run.done()) fn();
    }));
  }

  clearTimer(id: TokenId): void {
    const t = this.timers.get(id);
    if (t) {
      this.run.clock.clearTimer(t);
      this.timers.delete(id);
    }
  }

  /** Clears every token's timer (the run is ending or crashed). */
  clearAll(): void {
    for (const t of this.timers.values()) this.run.clock.clearTimer(t);
    this.timers.clear();
  }

  timerFired(id: TokenId): void {
    const run = this.run;
    const token = run.state.tokens.get(id);
    if (!token || token.wait !== 'timer' || run.ending()) return;
    const node = run.nodeNamed(token.node)!;
    run.record({ type: 'TimerFired', node: node.id, token: id });
    run.complete(id, node, null);
    run.schedulePump();
  }

  waitTimedOut(id: TokenId): void {
    const run = this.run;
    const token = run.state.tokens.get(id);
    if (!token || token.phase !== 'waiting' || run.ending()) return;
    const node = run.nodeNamed(token.node)!;
    run.nodeError(id, node, { name: 'Timeout', message: `Node '${node.id}' timed out waiting` });
    run.schedulePump();
  }

  // -------------------------------------------------------------------------------------------
  // Events

  startEventWait(id: TokenId, node: EventWaitNode | ListenNode): void {
    const run = this.run;
    const persistent = node.kind === 'listen' || !node.transient;
    if (persistent) {
      for (const ev of run.state.bufferedEvents) {
        if (this.matches(node, ev)) {
          run.complete(id, node, ev, node.kind === 'listen' ? { consumed: ev.id, eventType: ev.type } : { consumed: ev.id });
          return;
        }
      }
    }
    const eventTypes = node.kind === 'listen' ? node.alternatives.map((a) => a.eventType) : [node.eventType];
    const timeoutAt = node.timeoutMs !== undefined ? run.clock.now() + node.timeoutMs : undefined;
    if (timeoutAt !== undefined) {
      run.record({ type: 'EventWaitStarted', node: node.id, token: id, eventTypes, timeoutAt });
      run.afterCommit(() => this.armTimer(id, timeoutAt, () => this.waitTimedOut(id)));
    } else {
      run.record({ type: 'EventWaitStarted', node: node.id, token: id, eventTypes });
    }
  }

  private matches(node: EventWaitNode | ListenNode, event: CloudEvent): boolean {
    this.run.bind(node.id);
    if (node.kind === 'event-wait') return event.type === node.eventType && this.eventTest(node.where, event) && this.eventTest(node.correlate, event);
    for (const alt of node.alternatives) {
      if (event.type === alt.eventType && this.eventTest(alt.where, event) && this.eventTest(alt.correlate, event)) return true;
    }
    return false;
  }

  private eventTest(expr: Expr | undefined, event: CloudEvent): boolean {
    if (!expr) return true;
    const env = this.run.env;
    try {
      env.event = event;
      return this.run.truthy(expr);
    } catch {
      return false;
    } finally {
      env.event = undefined;
    }
  }

  /**
   * Offers an event of a type the workflow waits for (`RunExecution.deliver` checked it); true
   * when the run took it (a wait consumed or kept it).
   */
  deliver(event: CloudEvent, actor?: string, arrivedAt?: number): boolean {
    const run = this.run;
    if (run.done() || run.ending()) return false;
    // An event is its source and id (CloudEvents): one the run has received already is a
    // redelivery (a sender's retry, a client's repeated POST /events), not a second event.
    if (hasReceived(run.state.log, event)) return false;
    // Judged against the waits' deadlines by when it came (earlier than now for an event that
    // came while the run was being re-attached: `Engine.runChild`).
    const now = arrivedAt ?? run.clock.now();
    for (const token of run.state.tokens.values()) {
      if (token.phase !== 'waiting' || token.wait !== 'event') continue;
      // At its deadline the wait has timed out, whether or not its timer has fired yet: an event
      // at that very instant loses to the timeout, whichever the clock runs first (docs/runtime.md).
      if (token.dueAt !== undefined && now >= token.dueAt) continue;
      const node = run.nodeNamed(token.node);
      if (!node || (node.kind !== 'event-wait' && node.kind !== 'listen')) continue;
      if (!this.matches(node, event)) continue;
      run.record(actor ? { type: 'EventReceived', event, buffered: false, actor } : { type: 'EventReceived', event, buffered: false });
      this.clearTimer(token.id);
      run.complete(token.id, node, event, node.kind === 'listen' ? { eventType: event.type } : undefined);
      run.schedulePump();
      return true;
    }
    if (!run.graph.persistentEventTypes.has(event.type)) return false;
    run.record(actor ? { type: 'EventReceived', event, buffered: true, actor } : { type: 'EventReceived', event, buffered: true });
    run.schedulePump();
    return true;
  }

  /**
   * A wait rebuilt from the journal takes an event kept for the run after the wait started and
   * before its deadline, if one matches: such an event was kept while the run was active nowhere
   * (a sub-run whose parent's call queued for its lock after a crash, `Engine.keepForChild`),
   * and the wait would have taken it as it came. True when it took one (the node completes).
   */
  private takeKept(token: TokenState, node: EventWaitNode | ListenNode): boolean {
    const run = this.run;
    if (run.state.bufferedEvents.length === 0) return false;
    const log = run.state.log;
    let from = log.length - 1;
    for (; from >= 0; from--) {
      const e = log[from]!;
      if (e.type === 'EventWaitStarted' && e.token === token.id && e.node === token.node) break;
    }
    if (from < 0) return false;
    // The events received since, kept for a later wait, oldest first.
    for (let i = from + 1; i < log.length; i++) {
      const kept = log[i]!;
      if (kept.type !== 'EventReceived' || !kept.buffered) continue;
      // At its deadline the wait had timed out (as in `deliver`); later events come later still.
      if (token.dueAt !== undefined && kept.at >= token.dueAt) break;
      const ev = kept.event;
      if (!run.state.bufferedEvents.some((b) => b.id === ev.id && b.source === ev.source)) continue; // taken since
      if (!this.matches(node, ev)) continue;
      run.complete(token.id, node, ev, node.kind === 'listen' ? { consumed: ev.id, eventType: ev.type } : { consumed: ev.id });
      return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Approvals

  startApproval(id: TokenId, node: ApprovalNode, attempt: number, compensates?: string): void {
    const run = this.run;
    run.started(id, node, attempt, compensates);
    let ask: string;
    let assignee: string | undefined;
    try {
      ask = run.mask(String(run.eval(node.ask)));
      if (node.assignee) assignee = String(run.eval(node.assignee));
    } catch (err) {
      run.nodeError(id, node, run.toError(err), false);
      return;
    }
    const draft: Unplaced<ApprovalRequested> = { type: 'ApprovalRequested', node: node.id, token: id, ask };
    if (assignee !== undefined) draft.assignee = assignee;
    const timeoutMs = node.options.timeoutMs;
    if (timeoutMs !== undefined) {
      const timeoutAt = run.clock.now() + timeoutMs;
      draft.timeoutAt = timeoutAt;
      run.afterCommit(() => this.armTimer(id, timeoutAt, () => this.waitTimedOut(id)));
    }
    run.record(draft);
  }

  // -------------------------------------------------------------------------------------------
  // Recovery

  /** Re-arms the wait of a token rebuilt from the journal (its timer, or its child run). */
  rearmWait(token: TokenState): void {
    const run = this.run;
    const node = run.nodeNamed(token.node);
    if (!node) return;
    if (token.wait === 'timer') {
      this.armTimer(token.id, token.dueAt ?? run.clock.now(), () => this.timerFired(token.id));
    } else if (token.wait === 'event' || token.wait === 'approval') {
      if (token.wait === 'event' && (node.kind === 'event-wait' || node.kind === 'listen') && this.takeKept(token, node)) return;
      if (token.dueAt !== undefined) this.armTimer(token.id, token.dueAt, () => this.waitTimedOut(token.id));
    } else if (token.wait === 'child' && token.childRunId && node.kind === 'subworkflow') {
      // Inputs matter only if the child was created but never journaled its start (a crash in between).
      let inputs: Record<string, unknown> = {};
      run.bind(node.id);
      try {
        inputs = run.taskInput(node.options);
      } catch {
        // The child has started before (it usually has): its journal holds its inputs.
      }
      // Its `timeout` still cancels the child at the journaled deadline; its locks (not journaled)
      // are taken again before it re-attaches.
      if (token.dueAt !== undefined) run.armChildTimeout(token.id, node, token.childRunId, token.dueAt);
      run.reattachChild(token.id, node, token.childRunId, inputs);
    }
  }
}

/** Whether the journal `log` holds an `EventReceived` of `event` (the same source and id). */
export function hasReceived(log: readonly JournalEvent[], event: CloudEvent): boolean {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i]!;
    if (e.type === 'EventReceived' && e.event.id === event.id && e.event.source === event.source) return true;
  }
  return false;
}
