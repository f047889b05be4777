// Engine — the per-node facts of the fast paths (`run-fast-paths.ts`), computed once per workflow
// by `WorkflowGraph`: which executor task (the chain path), or the `start` node (the lean first
// turn), leaves over its one plain edge straight into an executor task that can start at once
// (no lock, limit or cache).

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

/** From the `start` node to the first task: what a run's lean first turn records and starts. */
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

function isExecutorTask(node: NodeDefinition): node is ExecutorTaskNode {
  switch (node.kind) {
    case 'script': case 'http': case 'connector': case 'ai': return true;
    default: return false;
  }
}

/** A task that starts in the same turn it becomes ready: no lock to wait for, no cache to consult. */
function startsAtOnce(node: ExecutorTaskNode): boolean {
  return node.options.lock === undefined && !node.options.limits?.concurrency && node.options.cache === undefined;
}

/**
 * The executor task that out-edges `out` lead to when they are one unguarded plain edge (no
 * `otherwise` beside it) and that task can start at once; undefined otherwise.
 */
function taskAfter(out: OutEdges, nodes: ReadonlyMap<string, NodeDefinition>): ExecutorTaskNode | undefined {
  if (out.flow.length !== 1 || out.guarded || out.otherwise.length !== 0 || out.flow[0]!.kind !== 'always') return undefined;
  const next = nodes.get(out.flow[0]!.to);
  return next !== undefined && isExecutorTask(next) && startsAtOnce(next) ? next : undefined;
}

/** The links of a workflow's top-level graph, by the settled task's id. */
export function chainLinks(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges): Map<string, ChainLink> {
  const links = new Map<string, ChainLink>();
  for (const node of nodes.values()) {
    // Its success records only its result and one move: no `set`, no compensation.
    if (!isExecutorTask(node) || node.options.sets.length !== 0 || node.options.compensate !== undefined) continue;
    const out = outEdges(node.id);
    const next = taskAfter(out, nodes);
    if (next !== undefined) links.set(node.id, { edge: out.flow[0]!, out, next, nextLink: undefined });
  }
  for (const link of links.values()) link.nextLink = links.get(link.next.id);
  return links;
}

/** The start link of a workflow's top-level graph, given its chain links (`chainLinks`). */
export function startLink(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges, links: ReadonlyMap<string, ChainLink>): StartLink | undefined {
  const start = nodes.get('start');
  if (start === undefined || start.kind !== 'start') return undefined;
  const out = outEdges('start');
  const next = taskAfter(out, nodes);
  return next === undefined ? undefined : { start, edge: out.flow[0]!, out, next, nextLink: links.get(next.id) };
}
