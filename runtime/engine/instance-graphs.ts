// Engine — the graphs of a run's frame instances: a `foreach`/`region` body is indexed once as a
// static graph (shared by every iteration and activation, and by every run of the workflow), and
// each frame path (`upload[0]`) gets a light `InstanceGraph` view naming its nodes by the path, so
// the scheduler, joins and routing run inside bodies exactly as at top level. Recovery needs nothing stored.

import type { GraphDefinition, NodeDefinition } from '../ir/index.js';
import { ownerIdOf, qualify, scopeOf } from './instance-names.js';
import { InstanceGraph, type SchedulingGraph } from './instance-graph.js';
import { WorkflowGraph } from './workflow-graph.js';

/** Static graphs of bodies, by the body's IR object (shared by every instance and run). */
const bodyGraphs = new WeakMap<GraphDefinition, WorkflowGraph>();

export class InstanceGraphs {
  private readonly byPath = new Map<string, InstanceGraph>();

  constructor(private readonly top: WorkflowGraph) {}

  /** The graph node `name` belongs to (the top graph for a top-level name). */
  graphOfName(name: string): SchedulingGraph | undefined {
    const scope = scopeOf(name);
    return scope === undefined ? this.top : this.graphOf(scope);
  }

  /** The definition of the node instance `name`, or undefined. */
  node(name: string): NodeDefinition | undefined {
    return this.graphOfName(name)?.node(name);
  }

  /** The instance graph of frame path `path` (`upload[0]`), or undefined when no such body exists. */
  graphOf(path: string): InstanceGraph | undefined {
    let g = this.byPath.get(path);
    if (g) return g;
    const parent = scopeOf(path);
    const parentGraph = parent === undefined ? this.top : this.graphOf(parent);
    const owner = parentGraph?.node(qualify(parent, ownerIdOf(path)));
    if (!owner || (owner.kind !== 'foreach' && owner.kind !== 'region')) return undefined;
    g = new InstanceGraph(path, this.bodyGraph(owner));
    this.byPath.set(path, g);
    return g;
  }

  /** Forgets the graph of a closed frame (it is rebuilt if a compensation needs it later). */
  forget(path: string): void {
    const g = this.byPath.get(path);
    if (!g) return;
    this.byPath.delete(path);
    // Graphs of frames nested in this one (only bodies with foreach/region nodes have them).
    if (g.body.hasFrames) for (const key of this.byPath.keys()) if (key.startsWith(`${path}.`)) this.byPath.delete(key);
  }

  private bodyGraph(owner: NodeDefinition & { body: GraphDefinition }): WorkflowGraph {
    let g = bodyGraphs.get(owner.body);
    if (g) return g;
    const nodes: NodeDefinition[] = owner.body.nodes.slice();
    if (!nodes.some((n) => n.kind === 'start')) nodes.push({ kind: 'start', id: 'start', range: owner.range, nameRange: owner.nameRange });
    if (!nodes.some((n) => n.kind === 'end')) nodes.push({ kind: 'end', id: 'end', range: owner.range, nameRange: owner.nameRange });
    g = new WorkflowGraph({ ...this.top.definition, nodes, edges: owner.body.edges, errorHandlers: [] });
    bodyGraphs.set(owner.body, g);
    return g;
  }
}
