// Engine — which out-edges a completing or failing node takes (LANGUAGE.md §4): unguarded
// edges all (parallel split), the first true guard of an ordinary node or every true guard
// after a `fork`, `otherwise` when no guard held, `on` edges for errors, timeouts and events.

import type { EdgeDefinition, Expr } from '../ir/index.js';
import type { OutEdges } from './workflow-graph.js';

/** Guard evaluation, supplied by the run (it binds the run's environment). */
export type GuardTest = (condition: Expr) => boolean;

/** Flow edges taken after a node completes. */
export function takenFlowEdges(out: OutEdges, inclusive: boolean, test: GuardTest): readonly EdgeDefinition[] {
  // No guards and no `otherwise`: every flow edge is taken (the graph's own list, not a copy).
  if (!out.guarded && out.otherwise.length === 0) return out.flow;
  const taken: EdgeDefinition[] = [];
  let guardTaken = false;
  for (const e of out.flow) {
    if (!e.condition) {
      taken.push(e);
      continue;
    }
    if (!inclusive && guardTaken) continue;
    if (test(e.condition)) {
      taken.push(e);
      guardTaken = true;
    }
  }
  if (!guardTaken) for (const e of out.otherwise) taken.push(e);
  return taken;
}

/**
 * `on` edges that catch an error answering to `names` (its name, then its aliases): `on
 * timeout` for a `Timeout`, then `on Name` for the first name that has edges, then `on error`.
 */
export function catchingEdges(out: OutEdges, names: readonly string[]): EdgeDefinition[] {
  if (names[0] === 'Timeout' && out.timeouts.length) return out.timeouts;
  for (const name of names) {
    const exact = out.errors.filter((e) => e.error === name);
    if (exact.length) return exact;
  }
  return out.errors.filter((e) => e.error === '*');
}

/** `on "type"` edges of a listen that received an event of type `type`. */
export function eventEdges(out: OutEdges, type: string): EdgeDefinition[] {
  return out.events.filter((e) => e.event === type);
}
