// Layout reuse: an edit that changes no geometry (labels of nodes, diagnostics) keeps the
// previous positions; anything that moves things (a node, an edge, an edge label, the
// direction, collapsing) needs a new layout.
import assert from 'node:assert/strict';
import { layoutSignature, rebindLayout } from '../../webview/layout/layout-reuse.js';
import type { DiagramLayout } from '../../webview/layout/diagram-layout.js';
import { batchModel, modelBuilder, orderFulfilmentIr, orderFulfilmentModel, ORDER_URI } from './support/sample-models.js';

const request = (model = orderFulfilmentModel(), direction: 'RIGHT' | 'DOWN' = 'RIGHT', collapsed = new Set<string>()) => ({ model, direction, collapsed });

function edited(change: (ir: ReturnType<typeof orderFulfilmentIr>) => void) {
  const ir = orderFulfilmentIr();
  change(ir);
  return modelBuilder.buildDocument({ uri: ORDER_URI, version: 2, stamp: 2, workflows: [ir], diagnostics: [] });
}

describe('webview layout reuse', () => {
  it('gives the same signature when only a node description changed', () => {
    const other = edited((ir) => { (ir.nodes.find((n) => n.id === 'notify') as { url: unknown }).url = { kind: 'literal', value: 'https://elsewhere' }; });
    assert.equal(layoutSignature(request(other)), layoutSignature(request()));
  });

  it('gives another signature when a node, an edge label, the direction or collapsing changes', () => {
    const base = layoutSignature(request());
    assert.notEqual(layoutSignature(request(edited((ir) => { ir.nodes.splice(2, 1); }))), base);
    assert.notEqual(layoutSignature(request(edited((ir) => { ir.edges[2]!.condition = { kind: 'literal', value: true }; }))), base);
    assert.notEqual(layoutSignature(request(undefined, 'DOWN')), base);
    assert.equal(layoutSignature(request(undefined, 'RIGHT', new Set(['OrderFulfilment/validate']))), base,
      'a collapsed id that is not a container changes nothing');
    assert.notEqual(layoutSignature(request(batchModel(), 'RIGHT', new Set(['Batch/each']))), layoutSignature(request(batchModel())));
  });

  it('rebinds the previous positions to the new model objects', () => {
    const model = orderFulfilmentModel();
    const node = model.workflows[0]!.graph.nodes[1]!;
    const previous: DiagramLayout = {
      workflows: [], edges: [], width: 10, height: 10,
      nodes: [{ id: node.id, node, parent: 'root', collapsed: false, expanded: false, x: 7, y: 9, width: 1, height: 1 }],
    };
    const next = orderFulfilmentModel(2, 2);
    const rebound = rebindLayout(previous, request(next));
    assert.equal(rebound.nodes[0]!.node, next.workflows[0]!.graph.nodes[1]);
    assert.deepEqual([rebound.nodes[0]!.x, rebound.nodes[0]!.y], [7, 9]);
  });
});
