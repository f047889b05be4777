// Engine — when a `join` fires (LANGUAGE.md §4 rule 3), as pure functions of the run's state
// and the workflow graph: `all` waits while any live token outside the join can still reach
// it; `first`/`N` fire on the first/Nth arrival; the tokens still upstream when a `first`/`N`
// join fires are absorbed later (or withdrawn with `cancel`). Reachability is the graph's, made
// once per workflow (`WorkflowGraph`) or per frame instance (`InstanceGraph`).

import type { JoinNode } from '../ir/index.js';
import type { TokenId } from '../journal/journal-event.js';
import type { TokenState, WorkflowState } from '../journal/workflow-state.js';
import type { SchedulingGraph } from './instance-graph.js';

/** Whether a live token still counts as "on its way" to `join`. */
function onTheWay(t: TokenState, join: string, reachers: ReadonlySet<string>): boolean {
  if (t.phase === 'joined' && t.node === join) return false; // arrived
  if (t.phase === 'failed') return false;                     // the run is failing anyway
  if (t.absorb !== undefined && t.absorb.includes(join)) return false; // belongs to a fired round
  return t.node === join || reachers.has(t.node);             // standing before it (held) or upstream
}

/** Whether `join` fires now, `arrived` tokens having arrived. */
export function joinCanFire(state: WorkflowState, graph: SchedulingGraph, join: JoinNode, arrived: number): boolean {
  if (join.policy === 'first') return arrived >= 1;
  if (join.policy === 'count') return arrived >= (join.n ?? 1);
  return tokenOnTheWay(state, graph, join.id) === undefined;
}

/**
 * A live token still on its way to `join` (what holds an `all` join back), or undefined when
 * there is none. `last`, the one found at an earlier check, is tried first: a join waiting for
 * slow branches is checked every scheduler turn, and while that token has not arrived the
 * answer costs one lookup instead of a scan of the live tokens. A scan returns the last token
 * on its way in creation order: branches mostly arrive in the order they started, so that
 * one is the last to arrive and stays the answer until the join can fire (the first one found
 * arrived next, and every arrival then rescanned the arrived tokens before it: O(branches²)).
 * Whether some token is on its way does not depend on which one is returned.
 */
export function tokenOnTheWay(state: WorkflowState, graph: SchedulingGraph, join: string, last?: TokenId): TokenId | undefined {
  const reachers = graph.reachers(join);
  if (last !== undefined) {
    const t = state.tokens.get(last);
    if (t !== undefined && onTheWay(t, join, reachers)) return last;
  }
  let found: TokenId | undefined;
  for (const t of state.tokens.values()) if (onTheWay(t, join, reachers)) found = t.id;
  return found;
}

/** Live tokens that can still reach `join` (absorbed or withdrawn when a `first`/`N` join fires). */
export function tokensUpstreamOf(state: WorkflowState, graph: SchedulingGraph, join: string): TokenId[] {
  const reachers = graph.reachers(join);
  const out: TokenId[] = [];
  for (const t of state.tokens.values()) if (onTheWay(t, join, reachers)) out.push(t.id);
  return out;
}

/** How many arrivals make the join's result (`all`: every arrival). */
export function arrivalsUsed(join: JoinNode, arrived: number): number {
  if (join.policy === 'first') return Math.min(1, arrived);
  if (join.policy === 'count') return Math.min(join.n ?? 1, arrived);
  return arrived;
}
