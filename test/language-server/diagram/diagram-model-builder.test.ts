import assert from 'node:assert/strict';
import { countDiagram, DefaultDiagramModelBuilder } from '../../../language-server/diagram/diagram-model-builder.js';
import type { DiagramNode } from '../../../language-server/diagram/diagram-model.js';
import type { Expr } from '../../../runtime/ir/expression.js';
import type { ForeachNode, ScriptNode } from '../../../runtime/ir/workflow-definition.js';
import { at, edge, node, noOptions, URI, workflow } from './ir-fixtures.js';

const level: Expr = {
  kind: 'binary', op: '==',
  left: { kind: 'member', object: { kind: 'ref', name: 'classify', scope: 'node' }, property: 'level', optional: false },
  right: { kind: 'literal', value: 'high' },
};

function orderWorkflow() {
  return workflow('Order', [
    node({ id: 'end', kind: 'end' }, 30),
    node<ScriptNode>({ id: 'validate', kind: 'script', script: { path: '/w/scripts/validate.js' }, options: noOptions }, 2),
    node({ id: 'start', kind: 'start' }, 1),
    node({ id: 'classify', kind: 'fork' }, 4),
    node({ id: 'review', kind: 'approval', ask: { kind: 'literal', value: 'ok?' }, options: noOptions }, 6),
    node({ id: 'declined', kind: 'fail', message: { kind: 'literal', value: 'no' } }, 8),
  ], [
    edge('start', 'validate', 20),
    edge('validate', 'classify', 20),
    edge('classify', 'review', 21, { kind: 'when', condition: level }),
    edge('classify', 'end', 22, { kind: 'otherwise', order: 1 }),
    edge('review', 'declined', 23, { kind: 'error', error: 'PaymentDeclined' }),
    edge('review', 'end', 24, { kind: 'timeout' }),
    edge('validate', 'declined', 25, { kind: 'error', error: '*' }),
  ]);
}

describe('diagram model builder', () => {
  const builder = new DefaultDiagramModelBuilder();

  it('makes one diagram node per IR node, start first and end last, the rest in source order', () => {
    const w = builder.buildWorkflow(orderWorkflow());
    assert.deepEqual(w.graph.nodes.map((n) => n.name), ['start', 'validate', 'classify', 'review', 'declined', 'end']);
    assert.deepEqual(w.graph.nodes.map((n) => n.kind), ['start', 'script', 'fork', 'approval', 'fail', 'end']);
  });

  it('qualifies node ids with the workflow name and keeps source ranges', () => {
    const w = builder.buildWorkflow(orderWorkflow());
    const validate = w.graph.nodes.find((n) => n.name === 'validate')!;
    assert.equal(validate.id, 'Order/validate');
    assert.deepEqual(validate.range, at(2));
    assert.deepEqual(validate.nameRange, at(2, 2, 10));
  });

  it('labels a node with what it does', () => {
    const w = builder.buildWorkflow(orderWorkflow());
    const labels = Object.fromEntries(w.graph.nodes.map((n) => [n.name, n.label]));
    assert.equal(labels.validate, 'script validate.js');
    assert.equal(labels.declined, 'fail "no"');
    assert.equal(labels.classify, 'fork');
  });

  it('gives each edge its kind and the text drawn on it', () => {
    const w = builder.buildWorkflow(orderWorkflow());
    const byId = Object.fromEntries(w.graph.edges.map((e) => [e.id, e]));
    assert.equal(byId['Order/start->validate#0']!.kind, 'always');
    assert.equal(byId['Order/start->validate#0']!.label, undefined);
    assert.equal(byId['Order/classify->review#0']!.label, 'classify.level == "high"');
    assert.equal(byId['Order/classify->end#0']!.label, 'otherwise');
    assert.equal(byId['Order/review->declined#0']!.label, 'on PaymentDeclined');
    assert.equal(byId['Order/validate->declined#0']!.label, 'on error');
    assert.equal(byId['Order/review->end#0']!.label, 'on timeout');
    assert.equal(byId['Order/review->end#0']!.source, 'Order/review');
    assert.equal(byId['Order/review->end#0']!.target, 'Order/end');
  });

  it('nests the inner graph of a foreach with ids that cannot clash with the outer start and end', () => {
    const loop = node<ForeachNode>({
      id: 'each', kind: 'foreach', as: 'item', items: { kind: 'ref', name: 'items', scope: 'input' },
      body: {
        nodes: [node({ id: 'start', kind: 'start' }, 11), node({ id: 'pack', kind: 'set', assignments: [] }, 12), node({ id: 'end', kind: 'end' }, 13)],
        edges: [edge('start', 'pack', 14), edge('pack', 'end', 14)],
      },
    }, 10);
    loop.range = at(10, 0, 1, 15);
    const w = builder.buildWorkflow(workflow('Pack', [node({ id: 'start', kind: 'start' }, 1), loop, node({ id: 'end', kind: 'end' }, 2)],
      [edge('start', 'each', 20), edge('each', 'end', 20)]));
    const each = w.graph.nodes[1] as DiagramNode;
    assert.equal(each.label, 'foreach items as item');
    assert.deepEqual(each.children!.nodes.map((n) => n.id), ['Pack/each/start', 'Pack/each/pack', 'Pack/each/end']);
    assert.deepEqual(each.children!.edges.map((e) => [e.source, e.target]), [['Pack/each/start', 'Pack/each/pack'], ['Pack/each/pack', 'Pack/each/end']]);
    assert.deepEqual(countDiagram([w]), { nodes: 6, edges: 4 });
  });

  it('places each diagnostic on the smallest node or edge that contains it', () => {
    const diagnostic = (line: number, message: string) => ({ severity: 'warning' as const, message, range: at(line, 3, 6) });
    const w = builder.buildWorkflow(orderWorkflow(), [diagnostic(6, 'review: no path to end'), diagnostic(21, 'guard without otherwise'), diagnostic(50, 'elsewhere')]);
    assert.deepEqual(w.graph.nodes.find((n) => n.name === 'review')!.diagnostics.map((d) => d.message), ['review: no path to end']);
    assert.deepEqual(w.graph.edges.find((e) => e.id === 'Order/classify->review#0')!.diagnostics.map((d) => d.message), ['guard without otherwise']);
    assert.deepEqual(w.diagnostics.map((d) => d.message), ['elsewhere']);
  });

  it('builds a fresh document model with its errors when the document lowered', () => {
    const model = builder.buildDocument({
      uri: URI, version: 3, stamp: 7, workflows: [orderWorkflow()],
      diagnostics: [{ range: at(2, 0, 5), severity: 1, message: 'unknown name' }, { range: at(4, 0, 5), severity: 2, message: 'meh' }],
    });
    assert.equal(model.stale, false);
    assert.equal(model.stamp, 7);
    assert.deepEqual(model.errors.map((e) => e.message), ['unknown name']);
    assert.equal(model.workflows[0]!.graph.nodes.find((n) => n.name === 'validate')!.diagnostics[0]!.severity, 'error');
    assert.equal(model.workflows[0]!.graph.nodes.find((n) => n.name === 'classify')!.diagnostics[0]!.severity, 'warning');
  });

  it('keeps the last good workflows and reports the new errors when the document did not lower', () => {
    const good = builder.buildDocument({ uri: URI, version: 1, stamp: 1, workflows: [orderWorkflow()], diagnostics: [] });
    const broken = builder.buildDocument({
      uri: URI, version: 2, stamp: 2, workflows: undefined, previous: good,
      diagnostics: [{ range: at(9, 4, 5), severity: 1, message: "Expecting '->'" }],
    });
    assert.equal(broken.stale, true);
    assert.equal(broken.version, 2);
    assert.equal(broken.workflows, good.workflows);
    assert.deepEqual(broken.errors.map((e) => [e.message, e.range.start.line]), [["Expecting '->'", 9]]);
  });
});

describe('diagram model builder: compensation', () => {
  it('links a task to its compensate target with a compensation edge that is not an IR edge', () => {
    const charge = node<ScriptNode>({ id: 'charge', kind: 'script', script: { path: '/w/c.js' }, options: { ...noOptions, compensate: 'refund' } }, 2);
    const refund = node<ScriptNode>({ id: 'refund', kind: 'script', script: { path: '/w/r.js' }, options: noOptions }, 3);
    const w = new DefaultDiagramModelBuilder().buildWorkflow(workflow('Pay', [node({ id: 'start', kind: 'start' }, 1), charge, refund, node({ id: 'end', kind: 'end' }, 4)],
      [edge('start', 'charge', 5), edge('charge', 'end', 5)]));
    const link = w.graph.edges.find((e) => e.kind === 'compensation')!;
    assert.deepEqual([link.source, link.target, link.label], ['Pay/charge', 'Pay/refund', 'compensates']);
    assert.deepEqual(countDiagram([w]), { nodes: 4, edges: 3 });
    assert.deepEqual(countDiagram([w], true), { nodes: 4, edges: 2 });
  });
});
