// Engine — the per-node facts of the fast paths (`run-fast-paths.ts`), computed once per workflow
// by `WorkflowGraph`: which executor task (the chain path), or the `start` node (the lean first
// turn), leaves over its one plain edge straight into an executor task that can start at once
// (no lock, limit or cache), and which executor task leads straight into the `end` (the end step).

import type { AiNode, ConnectorNode, EdgeDefinition, EndNode, HttpNode, NodeDefinition, ScriptNode } from '../ir/index.js';
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
  nextLink: TaskLink | undefined;
  readonly end?: undefined;
}

/**
 * The link from a task (the one that settles) to the top-level `end` node, which has no
 * out-edges: its success ends the run's one token there (`RunFastPaths.endStep`).
 */
export interface EndLink {
  /** The settled task's one flow edge (unguarded, no `otherwise` beside it), to `end`. */
  readonly edge: EdgeDefinition;
  /** The settled task's out-edges (their shared one-route lists, `WorkflowGraph.singleRoute`). */
  readonly out: OutEdges;
  readonly end: EndNode;
  readonly next?: undefined;
}

/** What a task attempt carries of its node's links: to a next task, to the end, or none. */
export type TaskLink = ChainLink | EndLink;

/** From the `start` node to the first task: what a run's lean first turn records and starts. */
export interface StartLink {
  readonly start: NodeDefinition;
  /** `start`'s one flow edge (unguarded, no `otherwise` beside it). */
  readonly edge: EdgeDefinition;
  /** `start`'s out-edges (their shared one-route lists, `WorkflowGraph.singleRoute`). */
  readonly out: OutEdges;
  /** The task that edge leads to: no lock, concurrency limit or cache. */
  readonly next: ExecutorTaskNode;
  /** `next`'s chain or end link, when it has one. */
  readonly nextLink: TaskLink | undefined;
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
  const edge = plainEdge(out);
  const next = edge === undefined ? undefined : nodes.get(edge.to);
  return next !== undefined && isExecutorTask(next) && startsAtOnce(next) ? next : undefined;
}

/** The one edge out-edges `out` take when they are one unguarded plain edge with no `otherwise` beside it. */
function plainEdge(out: OutEdges): EdgeDefinition | undefined {
  return out.flow.length === 1 && !out.guarded && out.otherwise.length === 0 && out.flow[0]!.kind === 'always' ? out.flow[0] : undefined;
}

/** A task whose success records only its result and one move: no `set`, no compensation. */
function plainTask(node: NodeDefinition): node is ExecutorTaskNode {
  return isExecutorTask(node) && node.options.sets.length === 0 && node.options.compensate === undefined;
}

/** The links of a workflow's top-level graph, by the settled task's id (`endLinks` given: a next task's own link may be one). */
export function chainLinks(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges, ends: ReadonlyMap<string, EndLink>): Map<string, ChainLink> {
  const links = new Map<string, ChainLink>();
  for (const node of nodes.values()) {
    if (!plainTask(node)) continue;
    const out = outEdges(node.id);
    const next = taskAfter(out, nodes);
    if (next !== undefined) links.set(node.id, { edge: out.flow[0]!, out, next, nextLink: undefined });
  }
  for (const link of links.values()) link.nextLink = links.get(link.next.id) ?? ends.get(link.next.id);
  return links;
}

/**
 * The end links of a workflow's top-level graph, by the settled task's id: plain tasks whose one
 * unguarded plain edge (no `otherwise` beside it) leads to the `end` node, which has no out-edges.
 */
export function endLinks(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges): Map<string, EndLink> {
  const links = new Map<string, EndLink>();
  const end = nodes.get('end');
  if (end === undefined || end.kind !== 'end') return links;
  const fromEnd = outEdges('end');
  if (fromEnd.flow.length !== 0 || fromEnd.otherwise.length !== 0) return links;
  for (const node of nodes.values()) {
    if (!plainTask(node)) continue;
    const out = outEdges(node.id);
    const edge = plainEdge(out);
    if (edge !== undefined && edge.to === 'end') links.set(node.id, { edge, out, end });
  }
  return links;
}

/** The start link of a workflow's top-level graph, given its chain and end links. */
export function startLink(nodes: ReadonlyMap<string, NodeDefinition>, outEdges: (id: string) => OutEdges, links: ReadonlyMap<string, ChainLink>, ends: ReadonlyMap<string, EndLink>): StartLink | undefined {
  const start = nodes.get('start');
  if (start === undefined || start.kind !== 'start') return undefined;
  const out = outEdges('start');
  const next = taskAfter(out, nodes);
  return next === undefined ? undefined : { start, edge: out.flow[0]!, out, next, nextLink: links.get(next.id) ?? ends.get(next.id) };
}
