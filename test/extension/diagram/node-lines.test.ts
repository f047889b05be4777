// Editor lines -> diagram nodes, for breakpoints set in the gutter: the innermost node that
// covers the line, never the implicit start/end.
import assert from 'node:assert/strict';
import { nodeAtLine, nodesAtLines } from '../../../extension/diagram/node-lines.js';
import { DefaultDiagramModelBuilder } from '../../../language-server/diagram/diagram-model-builder.js';
import { at, edge, node, URI, workflow } from '../../language-server/diagram/ir-fixtures.js';
import type { ForeachNode } from '../../../runtime/ir/workflow-definition.js';

const loop = node<ForeachNode>({
  id: 'each', kind: 'foreach', as: 'x', items: { kind: 'ref', name: 'xs', scope: 'input' },
  body: { nodes: [node({ id: 'start', kind: 'start' }, 5), node({ id: 'inner', kind: 'set', assignments: [] }, 6), node({ id: 'end', kind: 'end' }, 5)], edges: [] },
}, 5);
loop.range = at(5, 0, 1, 8);
const model = new DefaultDiagramModelBuilder().buildDocument({
  uri: URI, version: 1, stamp: 1, diagnostics: [],
  workflows: [workflow('W', [node({ id: 'start', kind: 'start' }, 1), node({ id: 'a', kind: 'set', assignments: [] }, 3), loop, node({ id: 'end', kind: 'end' }, 1)], [edge('start', 'a', 9)])],
});

describe('diagram node lines', () => {
  it('finds the node declared on a line', () => {
    assert.equal(nodeAtLine(model, 3)?.id, 'W/a');
  });

  it('prefers the innermost node of a nested graph', () => {
    assert.equal(nodeAtLine(model, 6)?.id, 'W/each/inner');
    assert.equal(nodeAtLine(model, 7)?.id, 'W/each');
  });

  it('finds nothing on a line without a node and never the implicit start', () => {
    assert.equal(nodeAtLine(model, 1), undefined);
    assert.deepEqual(nodesAtLines(model, [1, 3, 3, 6, 20]), ['W/a', 'W/each/inner']);
  });
});
