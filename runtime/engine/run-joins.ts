// Engine — a run's joins (LANGUAGE.md §4 rule 3): a token arriving at a join, firing each join
// that can fire, and breaking the circle when every live token waits at a join. The rules are
// `join-semantics.ts`; this is the scheduler's part, a base class (docs/runtime.md, "Engine structure").

import type { JoinNode } from '../ir/index.js';
import { foldJoinArrival } from '../journal/fold.js';
import type { JoinArrived, JournalError, JournalEvent, NodeStarted, TokenId } from '../journal/journal-event.js';
import type { TokenState } from '../journal/workflow-state.js';
import type { SchedulingGraph } from './instance-graph.js';
import { arrivalsUsed, joinCanFire, tokenOnTheWay, tokensUpstreamOf } from './join-semantics.js';
import type { Draft } from './run-execution.js';
import { RunTasks } from './run-tasks.js';

const NO_TOKENS: TokenId[] = [];

/**
 * The joins, as a base class of the scheduler rather than an object per run: a split's every
 * branch arrives here and every turn of the scheduler settles the joins, so they call the
 * scheduler directly (`this`), as the code they came from did. What they read and do of the
 * scheduler is declared abstract below (or in the base classes), and `RunExecution` supplies it.
 */
export abstract class RunJoins extends RunTasks {
  // The scheduler's state the joins read and write, besides what the base classes declare.
  /** The joins with at least one arrival (the shared empty set until one has: `ownJoinsWithArrivals`). */
  protected abstract override readonly joinsWithArrivals: Set<string>;
  /** What last held each `all` join back (see `tokenOnTheWay`); undefined until one was held. */
  protected abstract readonly joinBlockers: ReadonlyMap<string, TokenId> | undefined;

  // The scheduler's steps the joins take, besides those the base classes declare.
  protected abstract ownJoinsWithArrivals(): Set<string>;
  protected abstract ownJoinBlockers(): Map<string, TokenId>;
  protected abstract record<E extends JournalEvent>(draft: Draft<E>): E;
  protected abstract graphFor(name: string): SchedulingGraph;
  protected abstract newToken(): TokenId;
  protected abstract failRun(error: JournalError): void;
  protected abstract cancelTokens(ids: TokenId[], reason: 'join-cancel' | 'terminate' | 'cancel' | 'failed', node?: string): void;

  protected arrive(token: TokenState, node: JoinNode): void {
    if (token.absorb?.includes(node.id)) {
      this.record({ type: 'JoinArrived', node: node.id, token: token.id, absorbed: true, result: null });
      return;
    }
    // The branch's own result (a node two branches ran gives each its own), else the sender's latest.
    const sent = token.fromResult;
    const result = sent !== undefined ? sent : token.from !== undefined ? this.state.results.get(token.from) ?? null : null;
    // A join is in `joinsWithArrivals` from its first arrival until it fires or loses its last
    // arrival (only `arrive` and `recover` add arrivals): only the first arrival adds it.
    const first = (this.state.joins[node.id]?.arrived.length ?? 0) === 0;
    const e: JoinArrived = { type: 'JoinArrived', node: node.id, token: token.id, absorbed: false, result, seq: this.state.lastSeq + 1, at: this.stamp() };
    // `token` is the live token of that id (`pumpTurn` read it from the state's map).
    foldJoinArrival(this.state, token, e);
    this.ownPending().push(e);
    if (first) this.ownJoinsWithArrivals().add(node.id);
  }

  /** Fires every join that can fire; true when one fired (more tokens are ready). */
  protected settleJoins(): boolean {
    if (this.joinsWithArrivals.size === 0) return false;
    let fired = false;
    for (const id of [...this.joinsWithArrivals]) {
      const node = this.nodeNamed(id) as JoinNode;
      const arrived = this.state.joins[id]?.arrived.length ?? 0;
      if (arrived === 0) {
        this.joinsWithArrivals.delete(id);
        continue;
      }
      if (this.joinCanFire(node, arrived)) {
        this.fire(node);
        fired = true;
        if (this.ending) return false;
      }
    }
    if (fired) return true;
    // Every live token is parked at a join and none can fire: break the circle.
    if (this.ready.length === 0 && this.held.size === 0 && this.state.tokens.size > 0) {
      // A ready or running token (the active count) is not parked: no scan while tasks run.
      if (this.state.activeTokens !== 0) return false;
      for (const t of this.state.tokens.values()) if (t.phase !== 'joined') return false;
      for (const id of this.joinsWithArrivals) {
        const node = this.nodeNamed(id) as JoinNode;
        if (node.policy === 'all') {
          this.fire(node);
          return !this.ending;
        }
      }
      const id = this.joinsWithArrivals.values().next().value as string;
      const node = this.nodeNamed(id) as JoinNode;
      this.failRun({
        name: 'JoinUnsatisfied',
        message: `Join '${id}' needs ${node.policy === 'first' ? 1 : node.n} arrivals but only ${this.state.joins[id]?.arrived.length ?? 0} can arrive`,
        node: id,
      });
    }
    return false;
  }

  /** `joinCanFire`, remembering what held an `all` join back to try it first next time. */
  private joinCanFire(node: JoinNode, arrived: number): boolean {
    if (node.policy !== 'all') return joinCanFire(this.state, this.graphFor(node.id), node, arrived);
    const blocker = tokenOnTheWay(this.state, this.graphFor(node.id), node.id, this.joinBlockers?.get(node.id));
    if (blocker === undefined) return true;
    this.ownJoinBlockers().set(node.id, blocker);
    return false;
  }

  private fire(node: JoinNode): void {
    if (this.state.steps >= this.state.stepBudget) {
      this.failRun({ name: 'StepBudgetExceeded', message: `Run stopped at join '${node.id}': the step budget of ${this.state.stepBudget} node executions is used up`, node: node.id });
      return;
    }
    // The fold replaces a join's arrival list (when it fires or an arrival is withdrawn) rather
    // than changing it, so this one stays as it is while the join fires: no copy.
    const arrivals = this.state.joins[node.id]!.arrived;
    const joined: TokenId[] = new Array(arrivals.length);
    for (let i = 0; i < arrivals.length; i++) joined[i] = arrivals[i]!.token;
    const upstream = node.policy === 'all' ? NO_TOKENS : tokensUpstreamOf(this.state, this.graphFor(node.id), node.id);
    if (node.cancel && upstream.length) this.cancelTokens(upstream, 'join-cancel', node.id);
    const id = this.newToken();
    const draft: Draft<NodeStarted> = { type: 'NodeStarted', node: node.id, token: id, attempt: 1, joined };
    if (!node.cancel && upstream.length) draft.absorb = upstream;
    const frame = this.state.tokens.get(joined[0]!)?.frame;
    if (frame !== undefined) draft.frame = frame;
    this.record(draft);
    this.joinsWithArrivals.delete(node.id);
    // `first`/`N`: the first arrivals are the join's result; arrivals beyond them end here too.
    const results: unknown[] = new Array(arrivalsUsed(node, arrivals.length));
    for (let i = 0; i < results.length; i++) results[i] = arrivals[i]!.result;
    this.complete(id, node, results);
  }
}
