// Engine — an index over a `WorkflowDefinition` built once per workflow: nodes by id, out-edges
// by kind in source order, and for every join the nodes from which a token can still reach
// it (the synchronisation rule of LANGUAGE.md §4 rule 3). Read-only after construction.

import type { EdgeDefinition, NodeDefinition, WorkflowDefinition } from '../ir/index.js';
import type { Route, TokenId } from '../journal/journal-event.js';
import { chainLinks, endLinks, startLink, type ChainLink, type EndLink, type StartLink, type TaskLink } from './chain-links.js';

/** Tokens up to this id get a shared, frozen one-route list per edge (see `singleRoute`). */
const SHARED_ROUTE_TOKENS = 64;

export interface OutEdges {
  /** `A -> B` and `A -> B when …` in source order (`condition` set on guarded ones). */
  flow: EdgeDefinition[];
  otherwise: EdgeDefinition[];
  /** `on ErrorName` / `on error` ('*'). */
  errors: EdgeDefinition[];
  timeouts: EdgeDefinition[];
  /** `on "event.type"` after a `listen`. */
  events: EdgeDefinition[];
  /** True when some flow edge is guarded. */
  guarded: boolean;
  /** When `flow` is one edge: its shared route lists by token id (see `singleRoute`). */
  soleRoutes: Route[][];
}

const NO_EDGES: OutEdges = { flow: [], otherwise: [], errors: [], timeouts: [], events: [], guarded: false, soleRoutes: [] };

export class WorkflowGraph {
  readonly definition: WorkflowDefinition;
  private readonly nodes = new Map<string, NodeDefinition>();
  private readonly out = new Map<string, OutEdges>();
  private readonly reach = new Map<string, ReadonlySet<string>>();
  /** Frozen `[route]` lists by edge and token id, made on first use. */
  private readonly routeLists = new Map<EdgeDefinition, Route[][]>();
  /** Event types some non-transient wait or listen of this workflow waits for. */
  readonly persistentEventTypes: ReadonlySet<string>;
  /** Every event type a wait or listen of this workflow waits for. */
  readonly eventTypes: ReadonlySet<string>;
  /** The workflow has `foreach` or `region` nodes (runs then name inner instances `upload[0].put`). */
  readonly hasFrames: boolean;
  /** The chain path's links by settled task (`chain-links.ts`); none for workflows with frames. */
  private readonly links: ReadonlyMap<string, ChainLink>;
  /** The end step's links by settled task (`chain-links.ts`); none for workflows with frames. */
  private readonly ends: ReadonlyMap<string, EndLink>;
  /** The lean first turn's link from `start` (`chain-links.ts`); none for workflows with frames. */
  readonly startLink: StartLink | undefined;

  constructor(definition: WorkflowDefinition) {
    this.definition = definition;
    for (const n of definition.nodes) this.nodes.set(n.id, n);
    if (!this.nodes.has('start')) this.nodes.set('start', { kind: 'start', id: 'start', range: definition.range, nameRange: definition.range });
    if (!this.nodes.has('end')) this.nodes.set('end', { kind: 'end', id: 'end', range: definition.range, nameRange: definition.range });
    const edges = [...definition.edges].sort((a, b) => a.order - b.order);
    for (const e of edges) {
      let o = this.out.get(e.from);
      if (!o) this.out.set(e.from, (o = { flow: [], otherwise: [], errors: [], timeouts: [], events: [], guarded: false, soleRoutes: [] }));
      switch (e.kind) {
        case 'always': o.flow.push(e); break;
        case 'when': o.flow.push(e); o.guarded = true; break;
        case 'otherwise': o.otherwise.push(e); break;
        case 'error': o.errors.push(e); break;
        case 'timeout': o.timeouts.push(e); break;
        case 'event': o.events.push(e); break;
      }
    }
    const persistent = new Set<string>();
    const all = new Set<string>();
    collectEventTypes(this.nodes.values(), all, persistent);
    this.persistentEventTypes = persistent;
    this.hasFrames = definition.nodes.some((n) => n.kind === 'foreach' || n.kind === 'region');
    this.eventTypes = all;
    const incoming = new Map<string, string[]>();
    for (const e of definition.edges) {
      let list = incoming.get(e.to);
      if (!list) incoming.set(e.to, (list = []));
      list.push(e.from);
    }
    for (const n of this.nodes.values()) if (n.kind === 'join') this.reach.set(n.id, reachersOf(n.id, incoming));
    const outEdges = (id: string): OutEdges => this.outEdges(id);
    this.ends = this.hasFrames ? new Map() : endLinks(this.nodes, outEdges);
    this.links = this.hasFrames ? new Map() : chainLinks(this.nodes, outEdges, this.ends);
    this.startLink = this.hasFrames ? undefined : startLink(this.nodes, outEdges, this.links, this.ends);
  }

  /** The chain link of top-level task `id`, if its success can start the next task at once. */
  chainLink(id: string): ChainLink | undefined {
    return this.links.get(id);
  }

  /** The end link of top-level task `id`, if its success leads straight into the `end` node. */
  endLink(id: string): EndLink | undefined {
    return this.ends.get(id);
  }

  /** What an attempt of top-level task `id` carries: its chain link, else its end link. */
  taskLink(id: string): TaskLink | undefined {
    return this.links.get(id) ?? this.ends.get(id);
  }

  node(id: string): NodeDefinition | undefined {
    return this.nodes.get(id);
  }

  outEdges(id: string): OutEdges {
    return this.out.get(id) ?? NO_EDGES;
  }

  /**
   * The routes of a token `token` leaving over the one edge `edge`: a frozen list shared by every
   * event (of every run of this workflow) that records the same move, since journal events are
   * never changed once recorded. Saves two objects per step on the engine's hot path.
   */
  singleRoute(edge: EdgeDefinition, token: TokenId, out?: OutEdges): Route[] {
    if (token >= SHARED_ROUTE_TOKENS) return [{ edge: edge.id, to: edge.to, token }];
    // The common case, a node's only flow edge: its lists sit on its out-edges (no map lookup).
    if (out && out.flow.length === 1 && out.flow[0] === edge) return (out.soleRoutes[token] ??= sharedRoute(edge, token));
    let lists = this.routeLists.get(edge);
    if (!lists) this.routeLists.set(edge, (lists = []));
    return (lists[token] ??= sharedRoute(edge, token));
  }

  /** Nodes from which a token can reach `join` without passing through it first. */
  reachers(join: string): ReadonlySet<string> {
    return this.reach.get(join) ?? new Set();
  }
}

function sharedRoute(edge: EdgeDefinition, token: TokenId): Route[] {
  return Object.freeze([Object.freeze({ edge: edge.id, to: edge.to, token })]) as Route[];
}

/** Reverse breadth-first search from `target`, not expanding through `target` itself. */
function reachersOf(target: string, incoming: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [...(incoming.get(target) ?? [])];
  while (queue.length) {
    const n = queue.pop()!;
    if (n === target || seen.has(n)) continue;
    seen.add(n);
    for (const p of incoming.get(n) ?? []) queue.push(p);
  }
  return seen;
}

/** Event types waited for by `nodes` and, recursively, by the bodies of foreach/region nodes. */
function collectEventTypes(nodes: Iterable<NodeDefinition>, all: Set<string>, persistent: Set<string>): void {
  for (const n of nodes) {
    if (n.kind === 'event-wait') {
      all.add(n.eventType);
      if (!n.transient) persistent.add(n.eventType);
    } else if (n.kind === 'listen') {
      for (const alt of n.alternatives) { all.add(alt.eventType); persistent.add(alt.eventType); }
    } else if (n.kind === 'foreach' || n.kind === 'region') {
      collectEventTypes(n.body.nodes, all, persistent);
    }
  }
}
