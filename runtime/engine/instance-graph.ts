// Engine — the graph of one frame instance (`upload[0]`, `record#2`) as a view over its body's
// shared static graph (`body-graph.ts`): node and edge names are the body's prefixed by the frame
// path, made when first asked for, so opening an iteration copies nothing of the body up front.

import type { EdgeDefinition, NodeDefinition } from '../ir/index.js';
import type { Route, TokenId } from '../journal/journal-event.js';
import type { OutEdges, WorkflowGraph } from './workflow-graph.js';

/** What the scheduler asks of a graph (a top-level `WorkflowGraph` or a frame's `InstanceGraph`). */
export interface SchedulingGraph {
  node(id: string): NodeDefinition | undefined;
  outEdges(id: string): OutEdges;
  reachers(join: string): ReadonlySet<string>;
  /** The routes of token `token` leaving over the one edge `edge` (of `out`). */
  singleRoute(edge: EdgeDefinition, token: TokenId, out?: OutEdges): Route[];
}

export class InstanceGraph implements SchedulingGraph {
  private readonly prefix: string;
  private nodes: Map<string, NodeDefinition> | undefined;
  private out: Map<string, OutEdges> | undefined;
  private reach: Map<string, ReadonlySet<string>> | undefined;

  /** `body`: the static graph of the owner's body (ids unprefixed, shared by every instance). */
  constructor(readonly path: string, readonly body: WorkflowGraph) {
    this.prefix = `${path}.`;
  }

  /** The instance names of the body's nodes (`upload[0].put`, …). */
  names(): string[] {
    return this.body.definition.nodes.map((n) => this.prefix + n.id);
  }

  node(name: string): NodeDefinition | undefined {
    let n = this.nodes?.get(name);
    if (n) return n;
    const local = this.local(name);
    const def = local === undefined ? undefined : this.body.node(local);
    if (!def) return undefined;
    n = { ...def, id: name } as NodeDefinition;
    (this.nodes ??= new Map()).set(name, n);
    return n;
  }

  outEdges(name: string): OutEdges {
    let o = this.out?.get(name);
    if (o) return o;
    const local = this.local(name);
    const t = this.body.outEdges(local ?? '');
    o = { flow: this.edges(t.flow), otherwise: this.edges(t.otherwise), errors: this.edges(t.errors), timeouts: this.edges(t.timeouts), events: this.edges(t.events), guarded: t.guarded, soleRoutes: [] };
    (this.out ??= new Map()).set(name, o);
    return o;
  }

  reachers(join: string): ReadonlySet<string> {
    let r = this.reach?.get(join);
    if (r) return r;
    const s = new Set<string>();
    const local = this.local(join);
    if (local !== undefined) for (const n of this.body.reachers(local)) s.add(this.prefix + n);
    (this.reach ??= new Map()).set(join, s);
    return s;
  }

  /** A fresh list: instance names differ per frame, so there is nothing to share across frames. */
  singleRoute(edge: EdgeDefinition, token: TokenId): Route[] {
    return [{ edge: edge.id, to: edge.to, token }];
  }

  /** The body id of instance name `name`, or undefined when it is not in this frame. */
  private local(name: string): string | undefined {
    if (!name.startsWith(this.prefix)) return undefined;
    const local = name.slice(this.prefix.length);
    return local.indexOf('.') < 0 ? local : undefined;
  }

  private edges(list: EdgeDefinition[]): EdgeDefinition[] {
    if (list.length === 0) return list;
    const p = this.prefix;
    return list.map((e) => ({ ...e, id: p + e.id, from: p + e.from, to: p + e.to }));
  }
}
