// Test support — builds IR workflows by hand for runtime tests (the compiler is tested
// elsewhere): terse node, edge and expression helpers that fill in ranges and defaults.
// Edges are written `'a -> b'`; options and guards are passed as objects.

import type {
  EdgeDefinition, EdgeKind, Expr, GraphDefinition, NodeDefinition, RetryPolicy, SourceRange, TaskOptions, TypeRef,
  VariableDefinition, WorkflowBundle, WorkflowDefinition,
} from '../../../runtime/ir/index.js';

export const R: SourceRange = { uri: 'file:///test.weft', start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

// ---- expressions
export const lit = (value: null | boolean | number | string): Expr => ({ kind: 'literal', value });
export const ref = (name: string, scope: Extract<Expr, { kind: 'ref' }>['scope'] = 'var'): Expr => ({ kind: 'ref', name, scope });
export const node = (name: string): Expr => ref(name, 'node');
export const input = (name: string): Expr => ref(name, 'input');
export const v = (name: string): Expr => ref(name, 'var');
export const out = (name: string): Expr => ref(name, 'output');
export const result: Expr = { kind: 'ref', name: 'result', scope: 'result' };
export const event: Expr = { kind: 'ref', name: 'event', scope: 'event' };
export const member = (object: Expr, ...path: string[]): Expr =>
  path.reduce<Expr>((o, p) => ({ kind: 'member', object: o, property: p, optional: false }), object);
export const bin = (op: Extract<Expr, { kind: 'binary' }>['op'], left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand });
export const obj = (entries: Record<string, Expr>): Expr => ({ kind: 'object', entries: Object.entries(entries).map(([key, value]) => ({ key, value })) });
export const list = (...items: Expr[]): Expr => ({ kind: 'list', items });
export const ms = (n: number): Expr => ({ kind: 'duration', ms: n });

// ---- nodes
const common = (id: string) => ({ id, range: R, nameRange: R });

export function taskOptions(o: Partial<TaskOptions> = {}): TaskOptions {
  return { sets: [], idempotent: false, ...o };
}

export function retry(maxRetries: number, delayMs: number, extra: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxRetries, delayMs, backoff: 1, jitter: false, unless: [], ...extra };
}

/** A connector task `id: test.action(args…)` (the tests' connector executor interprets it). */
export function task(id: string, action: string, args: Expr[] = [], options: Partial<TaskOptions> = {}): NodeDefinition {
  return { kind: 'connector', ...common(id), connector: 'test', action, args, options: taskOptions(options) };
}

export function setNode(id: string, assignments: Record<string, Expr> = {}): NodeDefinition {
  return { kind: 'set', ...common(id), assignments: Object.entries(assignments).map(([target, value]) => ({ target, value })) };
}

export function join(id: string, policy: 'all' | 'first' | 'count' = 'all', extra: { n?: number; cancel?: boolean } = {}): NodeDefinition {
  const n: NodeDefinition = { kind: 'join', ...common(id), policy, cancel: extra.cancel ?? false };
  if (extra.n !== undefined) n.n = extra.n;
  return n;
}

export const fork = (id: string): NodeDefinition => ({ kind: 'fork', ...common(id) });
export const terminate = (id: string): NodeDefinition => ({ kind: 'terminate', ...common(id) });

export function fail(id: string, message: string, code?: string): NodeDefinition {
  const n: NodeDefinition = { kind: 'fail', ...common(id), message: lit(message) };
  if (code) n.code = code;
  return n;
}

export function timer(id: string, mode: 'for' | 'until', value: Expr): NodeDefinition {
  return { kind: 'timer', ...common(id), mode, value };
}

export function waitEvent(id: string, eventType: string, o: { transient?: boolean; where?: Expr; correlate?: Expr; timeoutMs?: number } = {}): NodeDefinition {
  const n: NodeDefinition = { kind: 'event-wait', ...common(id), eventType, transient: o.transient ?? false };
  if (o.where) n.where = o.where;
  if (o.correlate) n.correlate = o.correlate;
  if (o.timeoutMs !== undefined) n.timeoutMs = o.timeoutMs;
  return n;
}

export function listen(id: string, types: string[], timeoutMs?: number): NodeDefinition {
  const n: NodeDefinition = { kind: 'listen', ...common(id), alternatives: types.map((eventType) => ({ eventType, range: R })) };
  if (timeoutMs !== undefined) n.timeoutMs = timeoutMs;
  return n;
}

export function emit(id: string, eventType: string, data?: Expr): NodeDefinition {
  const n: NodeDefinition = { kind: 'emit', ...common(id), eventType };
  if (data) n.data = data;
  return n;
}

export function approval(id: string, ask: string, options: Partial<TaskOptions> = {}): NodeDefinition {
  return { kind: 'approval', ...common(id), ask: lit(ask), assignee: lit('finance'), options: taskOptions(options) };
}

export function sub(id: string, workflow: string, options: Partial<TaskOptions> = {}): NodeDefinition {
  return { kind: 'subworkflow', ...common(id), workflow, options: taskOptions(options) };
}

/** An inner graph (`foreach`/`region` body): its own `start` and `end` plus `nodes`. */
export function body(nodes: NodeDefinition[], edges: EdgeInput[]): GraphDefinition {
  return { nodes: [{ kind: 'start', ...common('start') }, { kind: 'end', ...common('end') }, ...nodes], edges: toEdges(edges) };
}

/** `foreach id in items as name [concurrency n] [until expr] { body }`. */
export function foreach(id: string, items: Expr, as: string, inner: GraphDefinition, o: { concurrency?: number; until?: Expr } = {}): NodeDefinition {
  const n: NodeDefinition = { kind: 'foreach', ...common(id), items, as, body: inner };
  if (o.concurrency !== undefined) n.concurrency = o.concurrency;
  if (o.until) n.until = o.until;
  return n;
}

/** `region id [exclusive] { body }`. */
export function region(id: string, inner: GraphDefinition, exclusive = false): NodeDefinition {
  return { kind: 'region', ...common(id), exclusive, body: inner };
}

/** A `foreach … as name` item (scope `local`). */
export const local = (name: string): Expr => ref(name, 'local');

// ---- edges
export interface EdgeSpec {
  when?: Expr;
  otherwise?: boolean;
  on?: string;
  timeout?: boolean;
  event?: string;
}

/** `'a -> b'` with an optional guard or catch; chains `'a -> b -> c'` make several edges. */
export type EdgeInput = string | [string, EdgeSpec];

function toEdges(inputs: EdgeInput[]): EdgeDefinition[] {
  const edges: EdgeDefinition[] = [];
  const orderOf = new Map<string, number>();
  const dup = new Map<string, number>();
  for (const input of inputs) {
    const [text, spec] = typeof input === 'string' ? [input, {} as EdgeSpec] : input;
    const names = text.split('->').map((s) => s.trim());
    for (let i = 0; i + 1 < names.length; i++) {
      const from = names[i]!;
      const tos = names[i + 1]!.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim());
      const froms = from.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim());
      for (const f of froms) for (const to of tos) {
        const last = i + 2 === names.length;
        let kind: EdgeKind = 'always';
        const e: Partial<EdgeDefinition> = {};
        if (last && spec.when) { kind = 'when'; e.condition = spec.when; }
        else if (last && spec.otherwise) kind = 'otherwise';
        else if (last && spec.timeout) kind = 'timeout';
        else if (last && spec.on) { kind = 'error'; e.error = spec.on === 'error' ? '*' : spec.on; }
        else if (last && spec.event) { kind = 'event'; e.event = spec.event; }
        const key = `${f}->${to}`;
        const n = dup.get(key) ?? 0;
        dup.set(key, n + 1);
        const order = orderOf.get(f) ?? 0;
        orderOf.set(f, order + 1);
        edges.push({ id: `${key}#${n}`, from: f, to, kind, order, range: R, ...e });
      }
    }
  }
  return edges;
}

// ---- workflows
export interface WorkflowSpec {
  nodes: NodeDefinition[];
  edges: EdgeInput[];
  inputs?: Record<string, { type?: TypeRef; default?: Expr }>;
  vars?: Record<string, Expr | null>;
  outputs?: string[];
  secrets?: Record<string, string>;
  version?: string;
  stepBudget?: number;
}

const ANY: TypeRef = { kind: 'any' };

export function workflow(id: string, spec: WorkflowSpec): WorkflowDefinition {
  const variables: VariableDefinition[] = [];
  for (const [name, i] of Object.entries(spec.inputs ?? {})) {
    const d: VariableDefinition = { name, role: 'input', type: i.type ?? ANY, range: R };
    if (i.default) d.initial = i.default;
    variables.push(d);
  }
  for (const [name, init] of Object.entries(spec.vars ?? {})) {
    const d: VariableDefinition = { name, role: 'var', type: ANY, range: R };
    if (init) d.initial = init;
    variables.push(d);
  }
  for (const name of spec.outputs ?? []) variables.push({ name, role: 'output', type: ANY, range: R });
  for (const [name, envName] of Object.entries(spec.secrets ?? {})) {
    variables.push({ name, role: 'secret', type: { kind: 'string' }, secretSource: { kind: 'env', name: envName }, range: R });
  }
  const edges = toEdges(spec.edges);
  return {
    id, version: spec.version ?? '1.0.0', sourceUri: R.uri, range: R,
    nodes: [{ kind: 'start', ...common('start') }, { kind: 'end', ...common('end') }, ...spec.nodes],
    edges, variables, triggers: [{ kind: 'manual', range: R }], connectors: [],
    errorHandlers: edges.filter((e) => e.kind === 'error' || e.kind === 'timeout').map((e) => ({ node: e.from, on: e.kind === 'timeout' ? 'timeout' : e.error!, target: e.to, edge: e.id })),
    options: { stepBudget: spec.stepBudget ?? 10_000, timeZone: 'UTC' },
  };
}

export function bundleOf(...workflows: WorkflowDefinition[]): WorkflowBundle {
  return { irVersion: 1, entry: workflows[0]!.id, workflows: Object.fromEntries(workflows.map((w) => [w.id, w])), types: {} };
}
