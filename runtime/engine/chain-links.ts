// Engine — the per-node facts of the chain path (`RunFastPaths.chainStep`), computed once per
// workflow by `WorkflowGraph`: which executor task, once it succeeds, leaves over its one plain
// edge straight into another executor task that can start at once (no lock, limit or cache).

import type { AiNode, ConnectorNode, EdgeDefinition, HttpNode, NodeDefinition, ScriptNode } from '../ir/index.js';
import type { OutEdges } from './workflow-graph.js';

/** A task a run's executors run (not a sub-workflow or an approval). */
export type ExecutorTaskNode = ScriptNode | HttpNode | ConnectorNode | AiNode;

/**
 * The link from a task (the one that settles) to the task its success leads to. Only the
 * run's live conditions are left to check at a settlement (`RunFastPaths.chainStep`).
 */
export interface ChainLink {
  /** The settled task's one flow edge (unguarded, no `otherwise` beside it). */
  readonly edge: EdgeDefinition;
  /** The settled task's out-edges (their shared one-route lists, `WorkflowGraph.singleRoute`). */
  readonly out: OutEdges;
  /** The task that edge leads to: no lock, concurrency limit or cache. */
  readonly next: ExecutorTaskNode;
  /** `next`'s own link, when it has one (a chain of links costs no lookup per step). */
  nextLink: ChainLink | undefined;
}

export function isExecutorTask(node: NodeDefinition): node is ExecutorTaskNode {
  switch (node.kind) {
    case 'script': case 'http': case 'connector': case 'ai': return true;
    default: return false;
  }
}

/** A task whose success records only its result and one move (no `set`, no compensation). */
function leavesPlainly(node: ExecutorTaskNode, out: OutEdges): boolean {
  return node.options.sets.length === 0 && node.options.compensate === undefined
    && out.flow.length === 1 && !out.guarded && out.otherwise.length === 0 && out.flow[0]!.kind === 'always';
}

/** A task that starts in the same turn it becomes ready: no lock to wait for, no cache to consult. */
export function startsAtOnce(node: ExecutorTaskNode): boolean {
  return node.options.lock === undefined && !node.options.limits?.concurrency && node.options.cache === undefined;
}

/** The links of a workflow's top-level graph, by the settled task's id. */
export function chainLinks(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges): Map<string, ChainLink> {
  const links = new Map<string, ChainLink>();
  for (const node of nodes.values()) {
    if (!isExecutorTask(node)) continue;
    const out = outEdges(node.id);
    if (!leavesPlainly(node, out)) continue;
    const edge = out.flow[0]!;
    const next = nodes.get(edge.to);
    if (!next || !isExecutorTask(next) || !startsAtOnce(next)) continue;
    links.set(node.id, { edge, out, next, nextLink: undefined });
  }
  for (const link of links.values()) link.nextLink = links.get(link.next.id);
  return links;
}
