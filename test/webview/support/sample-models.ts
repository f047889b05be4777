// Test support for the webview — diagram models built by the real model builder from
// hand-written IR shaped like the samples (the OrderFulfilment workflow of LANGUAGE.md §3 and a
// batch workflow with a foreach and a region), for browser tests that need no language server.

import { DefaultDiagramModelBuilder } from '../../../language-server/diagram/diagram-model-builder.js';
import type { DiagramDocumentModel } from '../../../webview/protocol.js';
import type { Expr } from '../../../runtime/ir/expression.js';
import type { EdgeDefinition, NodeDefinition, TaskOptions, WorkflowDefinition } from '../../../runtime/ir/workflow-definition.js';

export const ORDER_URI = 'file:///work/samples/order-fulfilment.weft';
export const BATCH_URI = 'file:///work/samples/batch.weft';

const opts: TaskOptions = { sets: [], idempotent: false };
const str = (value: string): Expr => ({ kind: 'literal', value });
const ref = (name: string, scope: 'node' | 'input' = 'node'): Expr => ({ kind: 'ref', name, scope });
const member = (object: Expr, property: string): Expr => ({ kind: 'member', object, property, optional: false });

function irBuilder(uri: string) {
  const range = (line: number, endLine = line) => ({ uri, start: { line, character: 2 }, end: { line: endLine, character: 60 } });
  const node = (line: number, n: Record<string, unknown>): NodeDefinition =>
    ({ range: range(line), nameRange: { uri, start: { line, character: 7 }, end: { line, character: 7 + String(n.id).length } }, ...n }) as unknown as NodeDefinition;
  const counts = new Map<string, number>();
  const edge = (line: number, from: string, to: string, extra: Partial<EdgeDefinition> = {}): EdgeDefinition => {
    const key = `${from}->${to}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return { id: `${key}#${n}`, from, to, kind: 'always', order: 0, range: range(line), ...extra };
  };
  const workflow = (id: string, line: number, endLine: number, nodes: NodeDefinition[], edges: EdgeDefinition[]): WorkflowDefinition => ({
    id, version: '1.0.0', sourceUri: uri, range: range(line, endLine), nodes, edges, variables: [], triggers: [], connectors: [],
    errorHandlers: [], options: { stepBudget: 10_000, timeZone: 'UTC' },
  });
  return { range, node, edge, workflow };
}

export function orderFulfilmentIr(): WorkflowDefinition {
  const { node, edge, workflow } = irBuilder(ORDER_URI);
  return workflow('OrderFulfilment', 3, 70, [
    node(3, { id: 'start', kind: 'start' }),
    node(22, { id: 'validate', kind: 'script', script: { path: '/work/samples/scripts/validate.js' }, options: opts }),
    node(28, { id: 'classify', kind: 'ai', model: str('gpt-4o-mini'), prompt: str('Rate'), options: opts }),
    node(37, { id: 'review', kind: 'approval', ask: str('Approve?'), assignee: str('finance'), options: opts }),
    node(43, { id: 'charge', kind: 'connector', connector: 'payments', action: 'post', args: [str('/charges')], options: opts }),
    node(49, { id: 'refund', kind: 'connector', connector: 'payments', action: 'post', args: [str('/refunds')], options: opts }),
    node(51, { id: 'settled', kind: 'event-wait', eventType: 'payment.settled', transient: false, timeoutMs: 3_600_000 }),
    node(53, { id: 'ship', kind: 'script', script: { path: '/work/samples/scripts/ship.js' }, options: opts }),
    node(54, { id: 'notify', kind: 'http', method: 'POST', url: str('https://hooks.example.com/orders'), options: opts }),
    node(55, { id: 'shipped', kind: 'join', policy: 'all', cancel: false }),
    node(57, { id: 'declined', kind: 'fail', message: { kind: 'template', parts: ['Payment declined for order ', member(ref('order', 'input'), 'id')] } }),
    node(3, { id: 'end', kind: 'end' }),
  ], [
    edge(59, 'start', 'validate'),
    edge(59, 'validate', 'classify'),
    edge(60, 'classify', 'review', { kind: 'when', condition: { kind: 'binary', op: '==', left: member(ref('classify'), 'level'), right: str('high') } }),
    edge(61, 'classify', 'charge', { kind: 'otherwise', order: 1 }),
    edge(62, 'review', 'charge', { kind: 'when', condition: member(ref('review'), 'approved') }),
    edge(63, 'review', 'end', { kind: 'otherwise', order: 1 }),
    edge(64, 'charge', 'settled'),
    edge(64, 'settled', 'ship'),
    edge(64, 'settled', 'notify'),
    edge(64, 'ship', 'shipped'),
    edge(64, 'notify', 'shipped'),
    edge(64, 'shipped', 'end'),
    edge(65, 'charge', 'declined', { kind: 'error', error: 'PaymentDeclined', order: 1 }),
    edge(66, 'settled', 'declined', { kind: 'timeout', order: 2 }),
  ]);
}

export function batchIr(): WorkflowDefinition {
  const { node, edge, workflow, range } = irBuilder(BATCH_URI);
  const each = node(6, {
    id: 'each', kind: 'foreach', items: member(ref('batch', 'input'), 'orders'), as: 'order', concurrency: 4,
    body: {
      nodes: [
        node(6, { id: 'start', kind: 'start' }),
        node(7, { id: 'price', kind: 'script', script: { code: 'export default () => 1' }, options: opts }),
        node(8, { id: 'check', kind: 'fork' }),
        node(9, { id: 'store', kind: 'http', method: 'PUT', url: str('https://store.example.com/orders'), options: opts }),
        node(10, { id: 'log', kind: 'emit', eventType: 'order.priced' }),
        node(6, { id: 'end', kind: 'end' }),
      ],
      edges: [
        edge(11, 'start', 'price'), edge(11, 'price', 'check'),
        edge(12, 'check', 'store', { kind: 'when', condition: { kind: 'binary', op: '>', left: member(ref('price'), 'total'), right: { kind: 'literal', value: 0 } } }),
        edge(13, 'check', 'log', { kind: 'when', condition: { kind: 'literal', value: true }, order: 1 }),
        edge(14, 'store', 'end'), edge(14, 'log', 'end'),
      ],
    },
  });
  (each as { range: unknown }).range = range(6, 15);
  const critical = node(17, {
    id: 'report', kind: 'region', exclusive: true,
    body: {
      nodes: [
        node(17, { id: 'start', kind: 'start' }),
        node(18, { id: 'summarise', kind: 'set', assignments: [{ target: 'total', value: { kind: 'literal', value: 0 } }] }),
        node(19, { id: 'publish', kind: 'emit', eventType: 'batch.done' }),
        node(17, { id: 'end', kind: 'end' }),
      ],
      edges: [edge(20, 'start', 'summarise'), edge(20, 'summarise', 'publish'), edge(20, 'publish', 'end')],
    },
  });
  (critical as { range: unknown }).range = range(17, 21);
  return workflow('Batch', 2, 30, [
    node(2, { id: 'start', kind: 'start' }),
    node(4, { id: 'pause', kind: 'timer', mode: 'for', value: { kind: 'duration', ms: 600_000 } }),
    each,
    critical,
    node(23, { id: 'failed', kind: 'terminate' }),
    node(2, { id: 'end', kind: 'end' }),
  ], [
    edge(25, 'start', 'pause'), edge(25, 'pause', 'each'), edge(25, 'each', 'report'), edge(25, 'report', 'end'),
    edge(26, 'each', 'failed', { kind: 'error', error: '*', order: 1 }),
  ]);
}

const builder = new DefaultDiagramModelBuilder();

export function orderFulfilmentModel(stamp = 1, version = 1): DiagramDocumentModel {
  return builder.buildDocument({ uri: ORDER_URI, version, stamp, workflows: [orderFulfilmentIr()], diagnostics: [] });
}

export function batchModel(stamp = 1): DiagramDocumentModel {
  return builder.buildDocument({ uri: BATCH_URI, version: 1, stamp, workflows: [batchIr()], diagnostics: [] });
}

export { builder as modelBuilder };
