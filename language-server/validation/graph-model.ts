// The control-flow graph of one workflow or inner graph (foreach / region body) as the checks
// see it: named nodes plus `start`/`end`, and every edge expanded from chains and fan-out /
// fan-in groups with its guard and the AST pieces to underline. Unresolved endpoints are left
// out (the linker already reports them).
import type { AstNode } from 'langium';
import type { EdgeChain, EdgeEndpoint, EdgeGuard, ForeachNode, Node, RegionNode, Workflow } from '../generated/ast.js';
import { isEdgeChain, isNode } from '../generated/ast.js';

export type GraphOwner = Workflow | ForeachNode | RegionNode;
export type EdgeKind = 'always' | 'when' | 'otherwise' | 'error' | 'timeout' | 'event';

export interface GraphEdge {
    from: string;
    to: string;
    kind: EdgeKind;
    /** `on Name` (or '*' for `on error`). */
    error?: string;
    /** `on "type"`. */
    event?: string;
    chain: EdgeChain;
    fromEndpoint: EdgeEndpoint;
    toEndpoint: EdgeEndpoint;
    guard?: EdgeGuard;
}

export interface GraphModel {
    owner: GraphOwner;
    /** Declared nodes by name (the first one when a name is duplicated). */
    nodes: Map<string, Node>;
    edges: GraphEdge[];
    /** Nodes with an edge whose other end does not resolve: flow checks stay quiet about them. */
    dangling: Set<string>;
    outgoing(name: string): GraphEdge[];
    incoming(name: string): GraphEdge[];
}

export function endpointName(endpoint: EdgeEndpoint): string | undefined {
    if (endpoint.builtin) return endpoint.builtin;
    return endpoint.node?.ref?.name;
}

function kindOf(guard: EdgeGuard | undefined): Pick<GraphEdge, 'kind' | 'error' | 'event'> {
    if (!guard) return { kind: 'always' };
    if (guard.$type === 'WhenGuard') return { kind: 'when' };
    if (guard.$type === 'OtherwiseGuard') return { kind: 'otherwise' };
    if (guard.timeout) return { kind: 'timeout' };
    if (guard.event !== undefined) return { kind: 'event', event: guard.event };
    return { kind: 'error', error: guard.anyError ? '*' : guard.error };
}

export function graphOf(owner: GraphOwner): GraphModel {
    const nodes = new Map<string, Node>();
    const edges: GraphEdge[] = [];
    const dangling = new Set<string>();
    for (const member of owner.members as AstNode[]) {
        if (isNode(member)) {
            if (member.name && !nodes.has(member.name)) nodes.set(member.name, member);
        } else if (isEdgeChain(member)) {
            for (let hop = 0; hop + 1 < member.groups.length; hop++) {
                const guard = hop + 2 === member.groups.length ? member.guard : undefined;
                const { kind, error, event } = kindOf(guard);
                for (const fromEndpoint of member.groups[hop].endpoints) {
                    for (const toEndpoint of member.groups[hop + 1].endpoints) {
                        const from = endpointName(fromEndpoint);
                        const to = endpointName(toEndpoint);
                        if (from === undefined || to === undefined) {
                            if (from !== undefined) dangling.add(from);
                            if (to !== undefined) dangling.add(to);
                            continue;
                        }
                        // One shape for every edge (absent parts undefined): no spreads, one hidden class.
                        edges.push({ from, to, kind, error, event, chain: member, fromEndpoint, toEndpoint, guard });
                    }
                }
            }
        }
    }
    const out = new Map<string, GraphEdge[]>();
    const into = new Map<string, GraphEdge[]>();
    for (const e of edges) {
        if (e.from === 'end' || e.to === 'start') continue; // invalid edges (reported) do not take part in flow
        (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
        (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(e);
    }
    return {
        owner, nodes, edges, dangling,
        outgoing: name => out.get(name) ?? [],
        incoming: name => into.get(name) ?? [],
    };
}

/** Names reachable from `roots` following every edge (roots included). */
export function reachableFrom(graph: GraphModel, roots: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
        const name = stack.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        for (const e of graph.outgoing(name)) stack.push(e.to);
    }
    return seen;
}

/** Names from which one of `targets` can be reached (targets included). */
export function reachingTo(graph: GraphModel, targets: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...targets];
    while (stack.length > 0) {
        const name = stack.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        for (const e of graph.incoming(name)) stack.push(e.from);
    }
    return seen;
}
