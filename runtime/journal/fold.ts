// Journal — the fold: the one function that turns journal events into a `WorkflowState`.
// `applyEvent` updates a state in place (the engine's hot path folds each event as it records
// it); `foldJournal` builds a fresh state from a whole journal (replay, recovery, `weft show`).
// It reads only the events: no clock, no evaluator, no workflow definition. Every event folded
// is appended to the state's log; the history and results are views over that log
// (`execution-history.ts`, `node-results.ts`), so a step writes neither.

import type { CloudEvent, FrameId, JoinArrived, JournalEvent, NodeCompleted, NodeStarted, Route, TokenId } from './journal-event.js';
import { emptyWorkflowState, NO_BUFFERED_EVENTS, NO_COMPENSATIONS, NO_COMPLETED_TASKS, NO_FRAMES, NO_JOINS, NO_LOOPS, NO_TOKENS, NO_VALUES_YET, type FrameState, type JoinState, type LoopState, type TokenPhase, type TokenState, type WorkflowState } from './workflow-state.js';
import { TokenTable } from './token-table.js';

/**
 * 1 for the phases that count as active (`ready`, `running`), else 0. Two comparisons of the
 * phase constants rather than a lookup table: the table's keyed load by a varying phase went
 * megamorphic (every fold of a token's move paid a stub-cache probe, twice).
 */
function active(phase: TokenPhase): number {
  return phase === 'ready' || phase === 'running' ? 1 : 0;
}

/** Folds a whole journal into a new state. */
export function foldJournal(instanceId: string, events: Iterable<JournalEvent>): WorkflowState {
  const state = emptyWorkflowState(instanceId);
  for (const e of events) applyEvent(state, e);
  return state;
}

/** Folds the events up to and including `seq` (the debugger's step back, `weft show --at`). */
export function foldJournalUntil(instanceId: string, events: Iterable<JournalEvent>, seq: number): WorkflowState {
  const state = emptyWorkflowState(instanceId);
  for (const e of events) {
    if (e.seq > seq) break;
    applyEvent(state, e);
  }
  return state;
}

/** The state's own frame maps (it starts with the shared empty ones, never written). */
function ownFrames(state: WorkflowState): Map<FrameId, FrameState> {
  if (state.frames === NO_FRAMES) {
    state.frames = new Map();
    state.idleFrames = new Set();
  }
  return state.frames;
}

/** The state's own foreach loops (it starts with the shared empty map, never written). */
function ownLoops(state: WorkflowState): Map<TokenId, LoopState> {
  if (state.loops === NO_LOOPS) state.loops = new Map();
  return state.loops;
}

/**
 * Empties the run's live collections at its end (an empty Map's `clear` allocates a new table).
 * The token table is dropped for the shared empty one: a finished state (kept by every outcome
 * and `weft show`) then holds no table of its own for tokens it will never have.
 */
function clearLive(state: WorkflowState): void {
  if (state.tokens !== NO_TOKENS) state.tokens = NO_TOKENS;
  if (state.frames.size) state.frames.clear();
  if (state.idleFrames.size) state.idleFrames.clear();
  if (state.loops.size) state.loops.clear();
  state.activeTokens = 0;
}

function setPhase(state: WorkflowState, token: TokenState, phase: TokenPhase): void {
  state.activeTokens += active(phase) - active(token.phase);
  token.phase = phase;
}

/**
 * Assigns a variable or output (`set`, a task's `set` entries, the set-variable control): the
 * state's own object, made on its first assignment (a state starts with a shared frozen one).
 */
function assignValue(state: WorkflowState, role: 'var' | 'output', name: string, value: unknown): void {
  if (role === 'output') {
    if (state.outputs === NO_VALUES_YET) state.outputs = {};
    state.outputs[name] = value;
  } else {
    if (state.variables === NO_VALUES_YET) state.variables = {};
    state.variables[name] = value;
  }
}

/** The state's own join arrivals (a state starts with the shared frozen empty record). */
function ownJoins(state: WorkflowState): Record<string, JoinState> {
  if (state.joins === NO_JOINS) state.joins = {};
  return state.joins;
}

/** The state's own list of completed compensable tasks (it starts with the shared frozen one). */
function ownCompletedTasks(state: WorkflowState): WorkflowState['completedTasks'] {
  if (state.completedTasks === NO_COMPLETED_TASKS) state.completedTasks = [];
  return state.completedTasks;
}

/** The state's own token table (a fresh or ended state has the shared empty one, never written). */
function ownTokens(state: WorkflowState): TokenTable {
  if (state.tokens === NO_TOKENS) state.tokens = new TokenTable();
  return state.tokens;
}

function addToken(state: WorkflowState, id: TokenId, node: string, phase: TokenPhase, absorb?: string[], frame?: FrameId): TokenState {
  // Every field present from the start: one object shape for all tokens.
  const token: TokenState = {
    id, node, phase, attempt: 0, wait: undefined, dueAt: undefined,
    absorb: absorb && absorb.length ? absorb.slice() : undefined, childRunId: undefined, compensates: undefined, from: undefined,
    fromResult: undefined, frame,
  };
  ownTokens(state).set(id, token);
  if (frame !== undefined) {
    const f = state.frames.get(frame);
    if (f && f.live++ === 0) state.idleFrames.delete(frame);
  }
  state.activeTokens += active(phase);
  if (id > state.lastToken) state.lastToken = id;
  return token;
}

function removeToken(state: WorkflowState, id: TokenId): TokenState | undefined {
  const token = state.tokens.get(id);
  if (!token) return undefined;
  state.activeTokens -= active(token.phase);
  // The last live token (a run's `end`): the state drops its table for the shared empty one, as
  // `clearLive` does at the run's end (a finished state holds no table of its own); `ownTokens`
  // makes a new one for a later token.
  if (state.tokens.size === 1) state.tokens = NO_TOKENS;
  else state.tokens.delete(id);
  if (token.frame !== undefined) {
    const f = state.frames.get(token.frame);
    if (f && --f.live === 0) state.idleFrames.add(f.id);
  }
  return token;
}

/**
 * Removes the tokens a join consumed. When they are every live token, listed in increasing id
 * order (a split joined whole, its branches arriving in the order they started: the ids are
 * then distinct, so they are exactly the map's keys), the map is emptied at once: deleting
 * entry by entry made it shrink, reallocating its table, each time it fell to a quarter full.
 */
function removeJoined(state: WorkflowState, ids: readonly TokenId[]): void {
  const tokens = state.tokens;
  let whole = ids.length >= 8 && ids.length === tokens.size && state.frames.size === 0;
  for (let i = 1; whole && i < ids.length; i++) whole = ids[i - 1]! < ids[i]!;
  let gone = 0;
  for (let i = 0; whole && i < ids.length; i++) {
    const t = tokens.get(ids[i]!);
    if (t === undefined) whole = false;
    else gone += active(t.phase);
  }
  if (!whole) {
    for (let i = 0; i < ids.length; i++) removeToken(state, ids[i]!);
    return;
  }
  state.activeTokens -= gone;
  tokens.clear();
}

/**
 * The absorb marks a join's outgoing token inherits from the tokens it joined: a mark every one of
 * them carries (n times when each carries it at least n times). A branch that passes through an
 * inner join is then absorbed by the outer `first`/`N` join that fired before it, as one through
 * a split or a merge is; an inner join that also merged a branch of a newer round (one that was
 * not upstream when the outer join fired) lets the merged token count for that round.
 */
function joinedMarks(state: WorkflowState, ids: readonly TokenId[]): string[] | undefined {
  let marks: string[] | undefined;
  for (let i = 0; i < ids.length; i++) {
    const absorb = state.tokens.get(ids[i]!)?.absorb;
    if (absorb === undefined || absorb.length === 0) return undefined;
    if (marks === undefined) {
      marks = absorb.slice();
      continue;
    }
    const left = absorb.slice();
    marks = marks.filter((m) => {
      const j = left.indexOf(m);
      if (j < 0) return false;
      left.splice(j, 1);
      return true;
    });
    if (marks.length === 0) return undefined;
  }
  return marks;
}

/** `result`: what `node` gave the tokens it sends (undefined: none recorded, see `TokenState.fromResult`). */
function route(state: WorkflowState, from: TokenState | undefined, routes: Route[] | undefined, node: string, result: unknown): void {
  // Hot path: one route keeping the token's id moves the token in place.
  if (from && routes && routes.length === 1 && routes[0]!.token === from.id) {
    moveToken(state, from, routes[0]!.to, node, result);
    return;
  }
  const absorb = from?.absorb;
  const frame = from?.frame;
  if (from) removeToken(state, from.id);
  if (!routes) return;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    const token = addToken(state, r.token, r.to, 'ready', absorb, frame);
    token.from = node;
    token.fromResult = result;
  }
}

/** A token leaving `node` over one route that keeps its id: it moves to `to` in place. */
function moveToken(state: WorkflowState, token: TokenState, to: string, node: string, result: unknown): void {
  setPhase(state, token, 'ready');
  token.node = to;
  token.attempt = 0;
  token.from = node;
  token.fromResult = result;
  if (token.wait !== undefined) token.wait = undefined;
  if (token.dueAt !== undefined) token.dueAt = undefined;
  if (token.childRunId !== undefined) token.childRunId = undefined;
}

/**
 * The part of `NodeStarted` every start shares: the token at the node, one more step. (Its
 * history entry is the event itself, read by `execution-history.ts`.)
 */
function openExecution(state: WorkflowState, token: TokenState, e: NodeStarted): void {
  token.node = e.node;
  token.attempt = e.attempt;
  token.wait = undefined;
  token.dueAt = undefined;
  state.steps++;
}

/** The state's log, to append to (only the fold writes it; readers see it read-only). */
function logOf(state: WorkflowState): JournalEvent[] {
  return state.log as JournalEvent[];
}

function refreshStatus(state: WorkflowState): void {
  if (state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled') return;
  if (state.paused) state.status = 'paused';
  else if (state.activeTokens === 0 && state.tokens.size > 0) state.status = 'waiting';
  else state.status = 'running';
}

/**
 * `applyEvent` for a `NodeStarted` of live token `token` (`state.tokens.get(e.token)`) with no
 * `joined`, `absorb`, `compensates` or `frame`: the engine's chain path folds its starts here,
 * with the same steps `applyEvent` takes for them.
 */
export function foldPlainStart(state: WorkflowState, token: TokenState, e: NodeStarted): void {
  state.lastSeq = e.seq;
  logOf(state).push(e);
  setPhase(state, token, 'running');
  openExecution(state, token, e);
  refreshStatus(state);
}

/**
 * `applyEvent` for a `NodeCompleted` of live token `token` (`state.tokens.get(e.token)`) with
 * no `sets`, `compensate`, `consumed` or `cached`, whose one route keeps the token (it moves to
 * `e.routes[0].to`): the engine's chain path folds its completions here, with the same steps.
 */
export function foldPlainCompletion(state: WorkflowState, token: TokenState, e: NodeCompleted): void {
  state.lastSeq = e.seq;
  logOf(state).push(e);
  if (state.loops.size !== 0) state.loops.delete(token.id);
  moveToken(state, token, e.routes[0]!.to, e.node, e.result);
  refreshStatus(state);
}

/**
 * `foldPlainCompletion(completed)` then `foldPlainStart(started)` for the engine's chain step:
 * `completed`'s one route keeps live token `token` and leads to `started.node`, and `started`
 * follows it at once (seq + 1). One log append, one phase change and one status refresh instead
 * of two each: the token's `ready` phase and the status between the two events are overwritten
 * before anyone reads them. The resulting state is the one the two folds make.
 */
export function foldPlainStep(state: WorkflowState, token: TokenState, completed: NodeCompleted, started: NodeStarted): void {
  state.lastSeq = started.seq;
  logOf(state).push(completed, started);
  if (state.loops.size !== 0) state.loops.delete(token.id);
  setPhase(state, token, 'running');
  token.from = completed.node;
  token.fromResult = completed.result;
  if (token.childRunId !== undefined) token.childRunId = undefined;
  openExecution(state, token, started);
  // A running, unpaused run stays running: the token it moved is active. The refresh is left as
  // a call on the rare branch, so the chain step that inlines this fold has budget to spare.
  if (state.status !== 'running' || state.paused) refreshStatus(state);
}

/**
 * Folds a `NodeStarted` the engine records for `token` (`state.tokens.get(e.token)`): the plain
 * steps when they are all `applyEvent` would take (a live token outside any frame, no `joined`,
 * `absorb` or `compensates`), else `applyEvent`. Decided here, beside the steps it chooses, so
 * the engine need not know which events the plain fold covers.
 */
export function foldStart(state: WorkflowState, token: TokenState | undefined, e: NodeStarted): void {
  if (token !== undefined && token.frame === undefined && e.joined === undefined && e.absorb === undefined && e.compensates === undefined) foldPlainStart(state, token, e);
  else applyEvent(state, e);
}

/**
 * Folds a `NodeCompleted` the engine records for `token` (`state.tokens.get(e.token)`): the
 * plain steps when they are all `applyEvent` would take (a live token, one route keeping it, no
 * `sets`, `compensate`, `cached` or `consumed`), else `applyEvent`.
 */
export function foldCompletion(state: WorkflowState, token: TokenState | undefined, e: NodeCompleted): void {
  if (token !== undefined && e.routes.length === 1 && e.routes[0]!.token === e.token && e.sets === undefined && e.compensate === undefined && !e.cached && !e.consumed) foldPlainCompletion(state, token, e);
  else applyEvent(state, e);
}

/** The steps of a `JoinArrived` that is not `absorbed`, for token `token` (`state.tokens.get(e.token)`). */
function arriveAtJoin(state: WorkflowState, token: TokenState | undefined, e: JoinArrived): void {
  if (token) {
    setPhase(state, token, 'joined');
    token.node = e.node;
    if (token.absorb) {
      const i = token.absorb.indexOf(e.node);
      if (i >= 0) token.absorb.splice(i, 1);
    }
  }
  (ownJoins(state)[e.node] ??= { arrived: [] }).arrived.push({ token: e.token, result: e.result });
}

/**
 * `applyEvent` for a `JoinArrived` that is not `absorbed`, of live token `token`
 * (`state.tokens.get(e.token)`): the engine folds its arrivals here, with the same steps.
 */
export function foldJoinArrival(state: WorkflowState, token: TokenState, e: JoinArrived): void {
  state.lastSeq = e.seq;
  logOf(state).push(e);
  arriveAtJoin(state, token, e);
  refreshStatus(state);
}

/** Applies one event to `state` in place. Events must come in journal order. */
export function applyEvent(state: WorkflowState, e: JournalEvent): void {
  state.lastSeq = e.seq;
  logOf(state).push(e);
  switch (e.type) {
    case 'RunStarted': {
      state.workflowId = e.workflow;
      state.version = e.version;
      state.bundleHash = e.bundleHash;
      // Inputs are never written after the start: the event's own (immutable) object. Variables
      // are, so the state gets its own copy.
      state.inputs = e.inputs;
      for (const _ in e.variables) {
        state.variables = { ...e.variables };
        break;
      }
      state.stepBudget = e.stepBudget;
      if (e.timeoutMs !== undefined) state.timeoutMs = e.timeoutMs;
      state.seed = e.seed;
      state.trigger = e.trigger;
      if (e.parent) state.parent = e.parent;
      state.startedAt = e.at;
      addToken(state, e.token, 'start', 'ready');
      break;
    }
    case 'NodeStarted': {
      let token = state.tokens.get(e.token);
      let inherited: string[] | undefined;
      if (e.joined) {
        inherited = joinedMarks(state, e.joined);
        removeJoined(state, e.joined);
        const join = state.joins[e.node];
        if (join) join.arrived = [];
      }
      if (e.absorb) {
        for (const id of e.absorb) {
          const t = state.tokens.get(id);
          if (t) (t.absorb ??= []).push(e.node);
        }
      }
      if (!token) token = addToken(state, e.token, e.node, 'running', inherited, e.frame);
      else setPhase(state, token, 'running');
      if (token.frame !== undefined && token.from !== undefined && e.node.endsWith('.end')) {
        const f = state.frames.get(token.frame);
        if (f) f.lastFrom = token.from;
      }
      if (e.compensates && !token.compensates) {
        token.compensates = e.compensates;
        const task = state.compensationQueue.shift();
        state.compensationScope = task?.scope;
      }
      openExecution(state, token, e);
      break;
    }
    case 'NodeCompleted': {
      const token = state.tokens.get(e.token);
      if (e.sets) {
        for (const s of e.sets) assignValue(state, s.role, s.name, s.value);
      }
      if (e.compensate) ownCompletedTasks(state).push(e.scope ? { node: e.node, compensate: e.compensate, scope: e.scope } : { node: e.node, compensate: e.compensate });
      if (e.consumed) {
        const i = indexOfEvent(state.bufferedEvents, e.consumed);
        if (i >= 0) state.bufferedEvents.splice(i, 1);
      }
      if (state.loops.size !== 0 && token) state.loops.delete(token.id);
      route(state, token, e.routes, e.node, e.result);
      break;
    }
    case 'NodeFailed': {
      const token = state.tokens.get(e.token);
      // A task whose work was done before its routing failed: its compensation is owed, in this
      // place of the completion order.
      if (e.compensate) ownCompletedTasks(state).push(e.scope ? { node: e.node, compensate: e.compensate, scope: e.scope } : { node: e.node, compensate: e.compensate });
      if (state.loops.size !== 0 && token) state.loops.delete(token.id);
      if (e.routes) route(state, token, e.routes, e.node, undefined);
      else if (token) {
        setPhase(state, token, 'failed');
        if (!token.compensates) state.error = e.error;
      }
      break;
    }
    case 'RetryScheduled': {
      const token = state.tokens.get(e.token);
      if (!token) break;
      setPhase(state, token, 'retrying');
      token.dueAt = e.dueAt;
      break;
    }
    case 'TimerScheduled': {
      const token = state.tokens.get(e.token);
      if (!token) break;
      setPhase(state, token, 'waiting');
      token.wait = 'timer';
      token.dueAt = e.dueAt;
      break;
    }
    case 'TimerFired': {
      const token = state.tokens.get(e.token);
      if (token) setPhase(state, token, 'running');
      break;
    }
    case 'EventWaitStarted': {
      const token = state.tokens.get(e.token);
      if (!token) break;
      setPhase(state, token, 'waiting');
      token.wait = 'event';
      if (e.timeoutAt !== undefined) token.dueAt = e.timeoutAt;
      break;
    }
    case 'EventReceived': {
      if (e.buffered) {
        if (state.bufferedEvents === NO_BUFFERED_EVENTS) state.bufferedEvents = [];
        state.bufferedEvents.push(e.event);
      }
      break;
    }
    case 'ApprovalRequested': {
      const token = state.tokens.get(e.token);
      if (!token) break;
      setPhase(state, token, 'waiting');
      token.wait = 'approval';
      if (e.timeoutAt !== undefined) token.dueAt = e.timeoutAt;
      break;
    }
    case 'ApprovalDecided': {
      const token = state.tokens.get(e.token);
      if (token) setPhase(state, token, 'running');
      break;
    }
    case 'ChildRunStarted': {
      const token = state.tokens.get(e.token);
      if (!token) break;
      token.childRunId = e.childRunId;
      setPhase(state, token, 'waiting');
      token.wait = 'child';
      if (e.timeoutAt !== undefined) token.dueAt = e.timeoutAt;
      break;
    }
    case 'JoinArrived': {
      if (e.absorbed) {
        removeToken(state, e.token);
        break;
      }
      arriveAtJoin(state, state.tokens.get(e.token), e);
      break;
    }
    case 'TokensCancelled': {
      for (const id of e.tokens) {
        const token = state.tokens.get(id);
        if (!token) continue;
        if (token.phase === 'joined') {
          const join = state.joins[token.node];
          if (join) join.arrived = join.arrived.filter((a) => a.token !== id);
        }
        removeToken(state, id);
      }
      break;
    }
    case 'VariableSet': {
      assignValue(state, e.role, e.name, e.value);
      break;
    }
    case 'NodeSkipped': {
      const token = state.tokens.get(e.token);
      if (e.sets) {
        for (const s of e.sets) assignValue(state, s.role, s.name, s.value);
      }
      if (e.compensate) ownCompletedTasks(state).push(e.scope ? { node: e.node, compensate: e.compensate, scope: e.scope } : { node: e.node, compensate: e.compensate });
      route(state, token, e.routes, e.node, e.result);
      if (state.status === 'failed' && !hasFailedToken(state)) {
        state.status = 'running';
        state.error = undefined;
        state.endedAt = undefined;
      }
      break;
    }
    case 'NodeRetried': {
      const token = state.tokens.get(e.token);
      if (token) {
        setPhase(state, token, 'ready');
        token.attempt = 0;
      }
      if (state.status === 'failed') {
        state.status = 'running';
        state.error = undefined;
        state.endedAt = undefined;
        state.compensating = false;
      }
      break;
    }
    case 'TokensRestored':
      for (const r of e.tokens) {
        const token = addToken(state, r.token, r.node, 'ready', r.absorb);
        token.from = r.from;
        token.fromResult = r.fromResult;
      }
      break;
    case 'Paused':
      state.paused = true;
      break;
    case 'Resumed':
      state.paused = false;
      break;
    case 'Cancelled':
      clearLive(state);
      // An ended run is not paused (whichever way it ended): nothing is left to resume.
      state.paused = false;
      state.status = 'cancelled';
      state.endedAt = e.at;
      break;
    case 'CompensationStarted':
      state.compensating = true;
      state.compensationQueue = e.tasks.slice();
      // Handed over to the queue: a reopened run that fails again compensates only later work.
      state.completedTasks = NO_COMPLETED_TASKS;
      state.error = e.error;
      break;
    case 'ForeachStarted': {
      const token = state.tokens.get(e.token);
      if (token) {
        setPhase(state, token, 'waiting');
        token.wait = 'body';
      }
      ownLoops(state).set(e.token, { node: e.node, items: e.items, next: 0, running: 0, stopped: false, results: [] });
      break;
    }
    case 'ForeachStopped': {
      const loop = state.loops.get(e.token);
      if (loop) loop.stopped = true;
      break;
    }
    case 'FrameEntered': {
      const owner = state.tokens.get(e.token);
      if (owner) {
        setPhase(state, owner, 'waiting');
        owner.wait = 'body';
      }
      const frame: FrameState = { id: e.frame, path: e.path, kind: e.kind, owner: e.token, node: e.node, parent: owner?.frame, live: 0 };
      if (e.index !== undefined) frame.index = e.index;
      if (e.as !== undefined) frame.as = e.as;
      if (e.kind === 'iteration') frame.item = e.item ?? null;
      ownFrames(state).set(e.frame, frame);
      if (e.index !== undefined) {
        const loop = state.loops.get(e.token);
        if (loop) {
          loop.next = e.index + 1;
          loop.running++;
        }
      }
      addToken(state, e.frame, `${e.path}.start`, 'ready', undefined, e.frame);
      break;
    }
    case 'FrameExited': {
      const frame = state.frames.get(e.frame);
      if (!frame) break;
      state.frames.delete(e.frame);
      state.idleFrames.delete(e.frame);
      const loop = frame.index !== undefined ? state.loops.get(frame.owner) : undefined;
      if (loop) {
        loop.running--;
        if (e.status === 'completed') loop.results[frame.index!] = e.result ?? null;
      }
      break;
    }
    case 'RunRecovered':
      for (const r of e.rerun) {
        const token = state.tokens.get(r.token);
        if (token) setPhase(state, token, 'ready');
      }
      break;
    case 'RunCompleted':
      // Outputs completed with none (most runs) leave the state's own object as it is.
      for (const _ in e.outputs) {
        state.outputs = { ...state.outputs, ...e.outputs };
        break;
      }
      if (e.terminatedBy) state.terminatedBy = e.terminatedBy;
      clearLive(state);
      state.paused = false;
      state.status = 'completed';
      state.endedAt = e.at;
      break;
    case 'RunFailed':
      state.error = e.error;
      state.compensating = false;
      state.compensationQueue = NO_COMPENSATIONS;
      state.compensationScope = undefined;
      // A retry or skip reopens it unpaused.
      state.paused = false;
      state.status = 'failed';
      state.endedAt = e.at;
      break;
  }
  refreshStatus(state);
}

/**
 * The index of the buffered event with id `id`, or -1. A loop, not `findIndex` with a closure:
 * a closure capturing `applyEvent`'s event made V8 allocate a context on every event folded.
 */
function indexOfEvent(events: readonly CloudEvent[], id: string): number {
  for (let i = 0; i < events.length; i++) if (events[i]!.id === id) return i;
  return -1;
}

function hasFailedToken(state: WorkflowState): boolean {
  for (const t of state.tokens.values()) if (t.phase === 'failed') return true;
  return false;
}
