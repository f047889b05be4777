// Checks over the control-flow graph of each workflow and inner graph (LANGUAGE.md §4, §6):
// invalid edges, unreachable nodes, nodes with no path to `end`, joins that can never fire or
// wait for more arrivals than can come, guarded edges without `otherwise`, and `on` edges for
// errors, timeouts or events the node cannot produce.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { JoinNode, Node, WeftAstType } from '../generated/ast.js';
import { isCompensateOption, isFailNode, isTerminateNode } from '../generated/ast.js';
import { report } from './diagnostic-codes.js';
import { errorProfile } from './error-routes.js';
import type { GraphEdge, GraphModel, GraphOwner } from './graph-model.js';
import { graphOf, reachableFrom, reachingTo } from './graph-model.js';

export class GraphChecks {
    checks(): ValidationChecks<WeftAstType> {
        return {
            Workflow: (w, accept) => this.checkGraph(w, accept),
            ForeachNode: (f, accept) => this.checkGraph(f, accept),
            RegionNode: (r, accept) => this.checkGraph(r, accept),
        };
    }

    checkGraph(owner: GraphOwner, accept: ValidationAcceptor): void {
        const graph = graphOf(owner);
        if (graph.nodes.size === 0 && graph.edges.length === 0) return;
        this.checkEdgeEnds(graph, accept);
        const compensations = this.compensationTargets(graph);
        this.checkReachability(graph, compensations, accept);
        for (const node of graph.nodes.values()) {
            if (node.$type === 'JoinNode') this.checkJoin(graph, node, accept);
            this.checkGuards(graph, node, accept);
            this.checkErrorRoutes(graph, node, accept);
        }
    }

    /** Nodes named by `compensate`: they run when the run fails, not along edges. */
    protected compensationTargets(graph: GraphModel): Set<string> {
        const targets = new Set<string>();
        for (const node of graph.nodes.values()) {
            for (const option of ('options' in node ? node.options : []) as unknown[]) {
                if (isCompensateOption(option) && option.target?.ref) targets.add(option.target.ref.name);
            }
        }
        return targets;
    }

    protected checkEdgeEnds(graph: GraphModel, accept: ValidationAcceptor): void {
        for (const e of graph.edges) {
            if (e.from === 'end') {
                report(accept, 'invalid-edge', "'end' has no out-edges: the run (or this branch) is over there", { node: e.fromEndpoint });
            } else if (e.to === 'start') {
                report(accept, 'invalid-edge', "Nothing can lead back to 'start'; loop to the first node instead", { node: e.toEndpoint });
            } else {
                const from = graph.nodes.get(e.from);
                if (from && (isFailNode(from) || isTerminateNode(from))) {
                    report(accept, 'invalid-edge', `'${e.from}' ends the run (${isFailNode(from) ? 'fail' : 'terminate'}): nothing after it runs`, { node: e.fromEndpoint });
                }
            }
        }
    }

    protected checkReachability(graph: GraphModel, compensations: Set<string>, accept: ValidationAcceptor): void {
        const reachable = reachableFrom(graph, ['start', ...compensations]);
        for (const [name, node] of graph.nodes) {
            if (reachable.has(name) || graph.dangling.has(name)) continue;
            if (node.$type === 'JoinNode' && graph.incoming(name).length === 0) continue; // join-never-fires says it
            report(accept, 'unreachable-node', `Node '${name}' is never reached: no edge leads to it from start`, { node, property: 'name', tags: [1] });
        }
        const enders = [...graph.nodes.values()].filter(n => isFailNode(n) || isTerminateNode(n)).map(n => n.name);
        const finishing = reachingTo(graph, ['end', ...enders]);
        for (const [name, node] of graph.nodes) {
            if (!reachable.has(name) || finishing.has(name) || compensations.has(name) || graph.dangling.has(name)) continue;
            report(accept, 'no-path-to-end', `No path leads from '${name}' to end: the branch stops after it`, { node, property: 'name', data: { name } });
        }
        if (graph.nodes.size > 0 && graph.outgoing('start').length === 0) {
            const owner = graph.owner;
            report(accept, 'no-path-to-end', `Nothing follows start${owner.$type === 'Workflow' ? '' : ` in '${owner.name}'`}: add an edge like \`start -> first\``, { node: owner, property: 'name', data: { name: 'start' } });
        }
    }

    protected checkJoin(graph: GraphModel, join: JoinNode, accept: ValidationAcceptor): void {
        const incoming = graph.incoming(join.name).filter(e => e.from !== join.name);
        if (incoming.length === 0) {
            report(accept, 'join-never-fires', `Join '${join.name}' can never fire: no edge leads to it`, { node: join, property: 'name' });
            return;
        }
        if (join.count === undefined) return;
        if (join.count < 1 || !Number.isInteger(join.count)) {
            report(accept, 'invalid-value', `A join count must be a whole number of at least 1`, { node: join, property: 'count' });
            return;
        }
        if (reachableFrom(graph, graph.outgoing(join.name).map(e => e.to)).has(join.name)) return; // in a loop: arrivals repeat
        const arrivals = this.maxArrivals(graph, join.name);
        if (join.count > arrivals) {
            report(accept, 'join-count-exceeds-arrivals',
                `Join '${join.name}' waits for ${join.count} arrivals but at most ${arrivals} can arrive (${incoming.length} edge${incoming.length === 1 ? '' : 's'} lead${incoming.length === 1 ? 's' : ''} to it${arrivals < incoming.length ? ', some of them alternatives' : ''})`,
                { node: join, property: 'count' });
        }
    }

    /** The most tokens that can reach `target` in one pass: alternatives of a choice count once. */
    protected maxArrivals(graph: GraphModel, target: string): number {
        const bySource = new Map<string, GraphEdge[]>();
        for (const e of graph.incoming(target)) (bySource.get(e.from) ?? bySource.set(e.from, []).get(e.from)!).push(e);
        let total = 0;
        for (const [source, edges] of bySource) {
            const always = edges.filter(e => e.kind === 'always').length;
            const guarded = edges.filter(e => e.kind === 'when').length;
            const otherwise = edges.filter(e => e.kind === 'otherwise').length;
            const failures = edges.filter(e => e.kind === 'error' || e.kind === 'timeout' || e.kind === 'event').length;
            const isFork = graph.nodes.get(source)?.$type === 'ForkNode';
            const choice = isFork ? Math.max(guarded, otherwise) : (guarded + otherwise > 0 ? 1 : 0);
            total += Math.max(always + choice, failures > 0 ? 1 : 0);
        }
        return total;
    }

    protected checkGuards(graph: GraphModel, node: Node, accept: ValidationAcceptor): void {
        const out = graph.outgoing(node.name);
        const guarded = out.filter(e => e.kind === 'when');
        if (guarded.length === 0) return;
        if (out.some(e => e.kind === 'otherwise' || e.kind === 'always')) return;
        const last = guarded[guarded.length - 1];
        const chainEnd = last.chain.$cstNode?.range.end;
        report(accept, 'missing-otherwise',
            `'${node.name}' has guarded edges but no \`otherwise\`: when no guard holds, the branch stops here`,
            { node: last.guard!, data: { from: node.name, insertAfterLine: chainEnd?.line } });
    }

    protected checkErrorRoutes(graph: GraphModel, node: Node, accept: ValidationAcceptor): void {
        const profile = errorProfile(node);
        for (const e of graph.outgoing(node.name)) {
            if (e.kind === 'event') {
                if (node.$type !== 'ListenNode') {
                    report(accept, 'invalid-edge', `\`on "${e.event}"\` routes the events of a listen; '${node.name}' is ${profile.what}`, { node: e.guard! });
                } else if (!node.alternatives.some(a => a.eventType === e.event)) {
                    const known = node.alternatives.map(a => `"${a.eventType}"`).join(', ');
                    report(accept, 'impossible-error-route', `Listen '${node.name}' never receives "${e.event}" (it listens for ${known || 'nothing'})`, { node: e.guard! });
                }
                continue;
            }
            if (e.kind === 'timeout' || (e.kind === 'error' && e.error === 'Timeout')) {
                if (!profile.timeoutPossible) {
                    const hint = ['an approval', 'an event wait', 'a listen', 'a script task'].includes(profile.what) ? `: give it a \`timeout\`` : '';
                    report(accept, 'impossible-error-route', `'${node.name}' can never time out (${profile.what} without a timeout)${hint}`, { node: e.guard! });
                }
                continue;
            }
            if (e.kind !== 'error' || profile.open) continue;
            if (e.error === '*') {
                if (profile.names.length === 0) report(accept, 'impossible-error-route', `'${node.name}' is ${profile.what} and cannot fail: \`on error\` is never taken`, { node: e.guard! });
            } else if (e.error && !profile.names.includes(e.error)) {
                const can = profile.names.length ? `it can raise only ${profile.names.join(', ')}${profile.timeoutPossible ? ' and Timeout' : ''}` : 'it cannot fail';
                report(accept, 'impossible-error-route', `'${node.name}' is ${profile.what} and never raises ${e.error}: ${can}`, { node: e.guard! });
            }
        }
    }
}
