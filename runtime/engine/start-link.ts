// Engine — the per-workflow fact of a run's lean first turn (`RunFastPaths.startTurn`): the
// top-level `start` node leaves over its one plain edge straight into an executor task that can
// start at once (`chain-links.ts` says which can), computed once per workflow graph.

import type { EdgeDefinition, NodeDefinition } from '../ir/index.js';
import { isExecutorTask, startsAtOnce, type ChainLink, type ExecutorTaskNode } from './chain-links.js';
import type { OutEdges, WorkflowGraph } from './workflow-graph.js';

/** From the `start` node to the first task: what the first turn records and starts. */
export interface StartLink {
  readonly start: NodeDefinition;
  /** `start`'s one flow edge (unguarded, no `otherwise` beside it). */
  readonly edge: EdgeDefinition;
  /** `start`'s out-edges (their shared one-route lists, `WorkflowGraph.singleRoute`). */
  readonly out: OutEdges;
  /** The task that edge leads to: no lock, concurrency limit or cache. */
  readonly next: ExecutorTaskNode;
  /** `next`'s chain link, when it has one. */
  readonly nextLink: ChainLink | undefined;
}

const links = new WeakMap<WorkflowGraph, StartLink | null>();

/** The start link of `graph` (undefined for workflows with frames or another first step). */
export function startLinkOf(graph: WorkflowGraph): StartLink | undefined {
  let link = links.get(graph);
  if (link === undefined) links.set(graph, (link = findStartLink(graph)));
  return link ?? undefined;
}

function findStartLink(graph: WorkflowGraph): StartLink | null {
  if (graph.hasFrames) return null;
  const start = graph.node('start');
  if (!start || start.kind !== 'start') return null;
  const out = graph.outEdges('start');
  if (out.flow.length !== 1 || out.guarded || out.otherwise.length !== 0 || out.flow[0]!.kind !== 'always') return null;
  const edge = out.flow[0]!;
  const next = graph.node(edge.to);
  if (!next || !isExecutorTask(next) || !startsAtOnce(next)) return null;
  return { start, edge, out, next, nextLink: graph.chainLink(next.id) };
}
