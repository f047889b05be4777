// Engine — the graph of a frame instance: a `foreach`/`region` body with every node id and edge
// prefixed by the frame path (`upload[0].put`), so the scheduler, joins and routing run inside
// bodies exactly as at top level. Built lazily from the path, so recovery needs nothing stored.

import type { EdgeDefinition, ForeachNode, GraphDefinition, NodeDefinition, RegionNode, WorkflowDefinition } from '../ir/index.js';
import { ownerIdOf, qualify, scopeOf } from './instance-names.js';
import { WorkflowGraph } from './workflow-graph.js';

export class InstanceGraphs {
  private readonly byPath = new Map<string, WorkflowGraph>();

  constructor(private readonly top: WorkflowGraph) {}

  /** The graph node `name` belongs to (the top graph for a top-level name). */
  graphOfName(name: string): WorkflowGraph | undefined {
    const scope = scopeOf(name);
    return scope === undefined ? this.top : this.graphOf(scope);
  }

  /** The definition of the node instance `name`, or undefined. */
  node(name: string): NodeDefinition | undefined {
    return this.graphOfName(name)?.node(name);
  }

  /** The instance graph of frame path `path` (`upload[0]`), or undefined when no such body exists. */
  graphOf(path: string): WorkflowGraph | undefined {
    let g = this.byPath.get(path);
    if (g) return g;
    const parent = scopeOf(path);
    const parentGraph = parent === undefined ? this.top : this.graphOf(parent);
    const owner = parentGraph?.node(qualify(parent, ownerIdOf(path)));
    if (!owner || (owner.kind !== 'foreach' && owner.kind !== 'region')) return undefined;
    g = new WorkflowGraph(instanceDefinition(this.top.definition, owner, path));
    this.byPath.set(path, g);
    return g;
  }

  /** Forgets the graph of a closed frame (it is rebuilt if a compensation needs it later). */
  forget(path: string): void {
    const g = this.byPath.get(path);
    if (!g) return;
    this.byPath.delete(path);
    // Graphs of frames nested in this one (only bodies with foreach/region nodes have them).
    if (g.hasFrames) for (const key of this.byPath.keys()) if (key.startsWith(`${path}.`)) this.byPath.delete(key);
  }
}

function instanceDefinition(top: WorkflowDefinition, owner: ForeachNode | RegionNode, path: string): WorkflowDefinition {
  const body: GraphDefinition = owner.body;
  const nodes: NodeDefinition[] = body.nodes.map((n) => ({ ...n, id: `${path}.${n.id}` }) as NodeDefinition);
  const edges: EdgeDefinition[] = body.edges.map((e) => ({ ...e, id: `${path}.${e.id}`, from: `${path}.${e.from}`, to: `${path}.${e.to}` }));
  if (!nodes.some((n) => n.kind === 'start')) nodes.push({ kind: 'start', id: `${path}.start`, range: owner.range, nameRange: owner.nameRange });
  if (!nodes.some((n) => n.kind === 'end')) nodes.push({ kind: 'end', id: `${path}.end`, range: owner.range, nameRange: owner.nameRange });
  return { ...top, nodes, edges, errorHandlers: [] };
}
