// Lowers the nodes of a graph (workflow body, foreach or region body) to IR `NodeDefinition`s:
// task targets, task options in IR units, waits, listens, joins and inner graphs. Edges are
// lowered by edge-lowering.ts; this file never looks at edges except through lowerGraph.
import path from 'node:path';
import { URI } from 'langium';
import type { Expr } from '../../runtime/ir/expression.js';
import type { Assignment as IrAssignment, GraphDefinition, NodeDefinition, RetryPolicy, TaskOptions } from '../../runtime/ir/workflow-definition.js';
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import type { Assignment, Connector, Expression, GraphMember, HttpPartOption, Node, TaskOption, TypeDeclaration, TypeExpression, Workflow } from '../generated/ast.js';
import { isEdgeChain } from '../generated/ast.js';
import { lowerEdges } from './edge-lowering.js';
import { lowerExpression } from './expression-lowering.js';
import { LoweringError } from './lowering-error.js';
import { docOf, propertyRangeOf, rangeOf } from './source-ranges.js';
import { lowerType } from './type-lowering.js';
import { durationToMs, sizeToBytes } from './units.js';
import { AstUtils } from 'langium';

/** What lowering a workflow body reports besides the definitions: things the bundle needs. */
export interface LoweringSinks {
    onType(declaration: TypeDeclaration): void;
    onConnector(connector: Connector): void;
    onWorkflow(workflow: Workflow): void;
    /**
     * Whether the checker proves `value` fits the declared `type` (an assignment's value, a
     * `var`'s initial value, an input's default); what is not proven carries that type for the
     * engine to check (absent: nothing is proven).
     */
    provesFit?(value: Expression, type: TypeExpression): boolean;
}

export class NodeLowering {
    constructor(protected readonly sinks: LoweringSinks) {}

    expr(e: Expression): Expr {
        return lowerExpression(e, c => this.sinks.onConnector(c));
    }

    type(t: Parameters<typeof lowerType>[0]): TypeRef {
        return lowerType(t, d => this.sinks.onType(d));
    }

    /** An inner or outer graph: implicit start and end, the declared nodes, the edges. */
    graph(owner: Workflow | Node, members: readonly GraphMember[]): GraphDefinition {
        const declared = members.filter((m): m is Node => !isEdgeChain(m));
        const chains = members.filter(isEdgeChain);
        const nodes: NodeDefinition[] = [];
        nodes.push(this.implicit('start', owner, chains));
        for (const node of declared) nodes.push(this.node(node));
        nodes.push(this.implicit('end', owner, chains));
        return { nodes, edges: lowerEdges(chains, e => this.expr(e)) };
    }

    /** `start`/`end` stand where they are first used in an edge, else at the owner's name. */
    protected implicit(id: 'start' | 'end', owner: Workflow | Node, chains: readonly GraphMember[]): NodeDefinition {
        for (const chain of chains) {
            if (!isEdgeChain(chain)) continue;
            for (const group of chain.groups) {
                const endpoint = group.endpoints.find(e => e.builtin === id);
                if (endpoint) return { kind: id, id, range: rangeOf(endpoint), nameRange: rangeOf(endpoint) };
            }
        }
        const at = propertyRangeOf(owner);
        return { kind: id, id, range: at, nameRange: at };
    }

    node(node: Node): NodeDefinition {
        const common = { id: node.name, range: rangeOf(node), nameRange: propertyRangeOf(node) } as { id: string; range: NodeDefinition['range']; nameRange: NodeDefinition['range']; doc?: string };
        const doc = docOf(node);
        if (doc) common.doc = doc;
        switch (node.$type) {
            case 'TaskNode': {
                const options = this.options(node.options);
                const t = node.target;
                switch (t.$type) {
                    case 'ScriptTarget':
                        return { ...common, kind: 'script', script: t.code !== undefined ? { code: t.code } : { path: this.scriptPath(node, t.path ?? '') }, options };
                    case 'HttpTarget': {
                        const parts = this.httpParts(node.options);
                        return { ...common, kind: 'http', method: t.method, url: this.expr(t.url), ...parts, options };
                    }
                    case 'WorkflowTarget': {
                        const target = t.workflow.ref;
                        if (!target) throw new LoweringError(`Unknown workflow '${t.workflow.$refText}'`, rangeOf(t));
                        this.sinks.onWorkflow(target);
                        return { ...common, kind: 'subworkflow', workflow: target.name, options };
                    }
                    case 'ConnectorTarget': {
                        const connector = t.connector.ref;
                        if (!connector) throw new LoweringError(`Unknown connector '${t.connector.$refText}'`, rangeOf(t));
                        this.sinks.onConnector(connector);
                        return { ...common, kind: 'connector', connector: connector.name, action: t.action, args: t.args.map(a => this.expr(a)), options };
                    }
                }
                break;
            }
            case 'AiNode': {
                const get = (key: string) => node.settings.filter(s => s.key === key).at(-1);
                const model = get('model')?.value;
                const prompt = get('prompt')?.value;
                if (!model) throw new LoweringError(`AI node '${node.name}' has no model`, rangeOf(node));
                if (!prompt) throw new LoweringError(`AI node '${node.name}' has no prompt`, rangeOf(node));
                const result: NodeDefinition = { ...common, kind: 'ai', model: this.expr(model), prompt: this.expr(prompt), options: this.options(node.options) };
                const system = get('system')?.value;
                const temperature = get('temperature')?.value;
                const maxTokens = get('maxTokens')?.value;
                const returns = get('returns')?.returns;
                if (system) result.system = this.expr(system);
                if (temperature) result.temperature = this.expr(temperature);
                if (maxTokens) result.maxTokens = this.expr(maxTokens);
                if (returns) result.returns = this.type(returns);
                return result;
            }
            case 'ApprovalNode': {
                const get = (key: string) => node.settings.filter(s => s.key === key).at(-1)?.value;
                const ask = get('ask');
                if (!ask) throw new LoweringError(`Approval '${node.name}' has no ask`, rangeOf(node));
                const assignee = get('assignee');
                return { ...common, kind: 'approval', ask: this.expr(ask), ...(assignee ? { assignee: this.expr(assignee) } : {}), options: this.options(node.options) };
            }
            case 'WaitNode': {
                if (node.eventType !== undefined) {
                    const result: NodeDefinition = { ...common, kind: 'event-wait', eventType: node.eventType, transient: node.transient };
                    if (node.where) result.where = this.expr(node.where);
                    if (node.correlate) result.correlate = this.expr(node.correlate);
                    if (node.timeout) result.timeoutMs = this.duration(node.timeout, node);
                    return result;
                }
                if (node.until) return { ...common, kind: 'timer', mode: 'until', value: this.expr(node.until) };
                return { ...common, kind: 'timer', mode: 'for', value: this.expr(node.duration!) };
            }
            case 'ListenNode': {
                const timeout = node.timeouts.at(-1);
                return {
                    ...common, kind: 'listen',
                    alternatives: node.alternatives.map(a => ({
                        eventType: a.eventType,
                        ...(a.where ? { where: this.expr(a.where) } : {}),
                        ...(a.correlate ? { correlate: this.expr(a.correlate) } : {}),
                        range: rangeOf(a),
                    })),
                    ...(timeout ? { timeoutMs: this.duration(timeout.duration, timeout) } : {}),
                };
            }
            case 'EmitNode':
                return { ...common, kind: 'emit', eventType: node.eventType, ...(node.data ? { data: this.expr(node.data) } : {}) };
            case 'SetNode':
                return { ...common, kind: 'set', assignments: node.assignments.map(a => this.assignment(a)) };
            case 'JoinNode':
                if (node.count !== undefined) return { ...common, kind: 'join', policy: 'count', n: this.count(node.count, node, 'A join count', 1), cancel: node.cancel };
                return { ...common, kind: 'join', policy: (node.policy ?? 'all') as 'all' | 'first', cancel: node.cancel };
            case 'ForkNode':
                return { ...common, kind: 'fork' };
            case 'FailNode':
                return { ...common, kind: 'fail', message: this.expr(node.message), ...(node.code ? { code: node.code } : {}) };
            case 'TerminateNode':
                return { ...common, kind: 'terminate' };
            case 'ForeachNode': {
                const result: NodeDefinition = { ...common, kind: 'foreach', items: this.expr(node.items), as: node.item.name, body: this.graph(node, node.members) };
                if (node.concurrency !== undefined) result.concurrency = this.count(node.concurrency, node, 'Concurrency', 1);
                if (node.until) result.until = this.expr(node.until);
                return result;
            }
            case 'RegionNode':
                return { ...common, kind: 'region', exclusive: node.exclusive, body: this.graph(node, node.members) };
        }
        throw new LoweringError(`Cannot lower node '${(node as Node).name}'`, rangeOf(node));
    }

    protected scriptPath(node: Node, scriptPath: string): string {
        const document = AstUtils.getDocument(node);
        const dir = path.dirname(document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path);
        const resolved = path.resolve(dir, scriptPath);
        return document.uri.scheme === 'file' ? resolved : URI.file(resolved).path;
    }

    /** A count written in the source (retries, join count, concurrency): a whole number >= min. */
    protected count(value: number, at: Parameters<typeof rangeOf>[0], what: string, min = 0): number {
        if (!Number.isInteger(value) || value < min) throw new LoweringError(`${what} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got ${value}`, rangeOf(at));
        return value;
    }

    protected duration(literal: string, at: Parameters<typeof rangeOf>[0]): number {
        const ms = durationToMs(literal);
        if (ms === undefined) throw new LoweringError(`Invalid duration '${literal}'`, rangeOf(at));
        return ms;
    }

    assignment(a: Assignment): IrAssignment {
        const result: IrAssignment = { target: a.target.ref?.name ?? a.target.$refText, value: this.expr(a.value), range: rangeOf(a) };
        // Only where the checker cannot prove the value fits: a proven assignment costs the engine nothing.
        const declared = a.target.ref;
        if (declared?.type && !this.sinks.provesFit?.(a.value, declared.type)) {
            const type = this.type(declared.type);
            if (type.kind !== 'any') result.check = type;
        }
        return result;
    }

    /** `{ initialCheck }` where the checker cannot prove `value` fits the declared `type` (lowered: `lowered`), else nothing. */
    initialCheck(value: Expression | undefined, type: TypeExpression | undefined, lowered: TypeRef): { initialCheck?: TypeRef } {
        if (!value || !type || lowered.kind === 'any' || this.sinks.provesFit?.(value, type)) return {};
        return { initialCheck: lowered };
    }

    protected httpParts(options: readonly TaskOption[]): { headers?: Expr; query?: Expr; body?: Expr } {
        const parts: { headers?: Expr; query?: Expr; body?: Expr } = {};
        for (const o of options) {
            if (o.$type === 'HttpPartOption') parts[(o as HttpPartOption).part] = this.expr(o.value);
        }
        return parts;
    }

    options(options: readonly TaskOption[]): TaskOptions {
        const result: TaskOptions = { sets: [], idempotent: false };
        for (const o of options) {
            switch (o.$type) {
                case 'WithOption': result.with = this.expr(o.value); break;
                case 'TimeoutOption': result.timeoutMs = this.duration(o.duration, o); break;
                case 'RetryOption': {
                    const retry: RetryPolicy = {
                        maxRetries: this.count(o.times, o, 'A retry count'),
                        delayMs: o.every ? this.duration(o.every, o) : 1000,
                        backoff: o.backoff ?? 1,
                        jitter: o.jitter,
                        unless: [...o.unless],
                    };
                    if (o.max) retry.maxDelayMs = this.duration(o.max, o);
                    result.retry = retry;
                    break;
                }
                case 'LimitsOption': {
                    const limits: NonNullable<TaskOptions['limits']> = {};
                    for (const entry of o.entries) {
                        if (entry.key === 'memory' && entry.size) limits.memoryBytes = sizeToBytes(entry.size);
                        else if (entry.key === 'cpu' && entry.duration) limits.cpuMs = durationToMs(entry.duration);
                        else if (entry.key === 'concurrency' && entry.number !== undefined) limits.concurrency = this.count(entry.number, entry, 'Concurrency', 1);
                        else throw new LoweringError(`Unknown or mistyped limit '${entry.key}'`, rangeOf(entry));
                    }
                    result.limits = limits;
                    break;
                }
                case 'CacheOption':
                    result.cache = { ttlMs: this.duration(o.ttl, o), ...(o.key ? { key: this.expr(o.key) } : {}) };
                    break;
                case 'CompensateOption': result.compensate = o.target.ref?.name ?? o.target.$refText; break;
                case 'LockOption': result.lock = o.lock; break;
                case 'SetOption': result.sets.push(this.assignment(o.assignment)); break;
                case 'IdempotentOption': result.idempotent = true; break;
                case 'HttpPartOption': break; // lowered onto the http node itself
            }
        }
        return result;
    }
}
