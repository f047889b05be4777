// Engine — when a `join` fires (LANGUAGE.md §4 rule 3), as pure functions of the run's state
// and the workflow graph: `all` waits while any live token outside the join can still reach
// it; `first`/`N` fire on the first/Nth arrival; the tokens still upstream when a `first`/`N`
// join fires are absorbed later (or withdrawn with `cancel`).

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
  const reachers = graph.reachers(join.id);
  for (const t of state.tokens.values()) if (onTheWay(t, join.id, reachers)) return false;
  return true;
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
