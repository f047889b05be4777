// Lowers edge statements to IR edges: chains and fan-out/fan-in groups expand to one edge per
// (from, to) pair, the guard applies to the last arrow of its chain, and every edge gets its
// stable id and its order among the out-edges of its source (source order).
import type { Expr } from '../../runtime/ir/expression.js';
import type { EdgeDefinition, ErrorHandler } from '../../runtime/ir/workflow-definition.js';
import type { EdgeChain, EdgeEndpoint, Expression } from '../generated/ast.js';
import { rangeOf } from './source-ranges.js';

export function endpointName(endpoint: EdgeEndpoint): string {
    return endpoint.builtin ?? endpoint.node?.ref?.name ?? endpoint.node?.$refText ?? '';
}

export function lowerEdges(chains: readonly EdgeChain[], expr: (e: Expression) => Expr): EdgeDefinition[] {
    const edges: EdgeDefinition[] = [];
    const outCount = new Map<string, number>();
    const idCount = new Map<string, number>();
    for (const chain of chains) {
        for (let hop = 0; hop + 1 < chain.groups.length; hop++) {
            const last = hop + 2 === chain.groups.length;
            const guard = last ? chain.guard : undefined;
            for (const fromEndpoint of chain.groups[hop].endpoints) {
                for (const toEndpoint of chain.groups[hop + 1].endpoints) {
                    const from = endpointName(fromEndpoint);
                    const to = endpointName(toEndpoint);
                    const base = `${from}->${to}`;
                    const n = idCount.get(base) ?? 0;
                    idCount.set(base, n + 1);
                    const order = outCount.get(from) ?? 0;
                    outCount.set(from, order + 1);
                    const start = rangeOf(fromEndpoint);
                    const end = rangeOf(guard ?? toEndpoint);
                    const edge: EdgeDefinition = {
                        id: `${base}#${n}`, from, to, kind: 'always', order,
                        range: { uri: start.uri, start: start.start, end: end.end },
                    };
                    if (guard?.$type === 'WhenGuard') {
                        edge.kind = 'when';
                        edge.condition = expr(guard.condition);
                    } else if (guard?.$type === 'OtherwiseGuard') {
                        edge.kind = 'otherwise';
                    } else if (guard?.$type === 'OnGuard') {
                        if (guard.timeout) edge.kind = 'timeout';
                        else if (guard.event !== undefined) { edge.kind = 'event'; edge.event = guard.event; }
                        else { edge.kind = 'error'; edge.error = guard.anyError ? '*' : guard.error; }
                    }
                    edges.push(edge);
                }
            }
        }
    }
    return edges;
}

/** The error routes of a graph (`on ErrorName`, `on error`, `on timeout`), by source node. */
export function errorHandlersOf(edges: readonly EdgeDefinition[]): ErrorHandler[] {
    return edges
        .filter(e => e.kind === 'error' || e.kind === 'timeout')
        .map(e => ({ node: e.from, on: e.kind === 'timeout' ? 'timeout' : e.error ?? '*', target: e.to, edge: e.id }));
}
