// Engine — the graphs of frame instances (docs/runtime.md "foreach and region"): every
// iteration's graph is a view over one static body graph shared by all of them, naming the
// body's nodes, edges and join reachers by the iteration's path.

import assert from 'node:assert/strict';
import { InstanceGraphs } from '../../../runtime/engine/instance-graphs.js';
import { WorkflowGraph } from '../../../runtime/engine/workflow-graph.js';
import { body, foreach, join, lit, list, region, setNode, workflow } from '../support/ir-builder.js';

function definition() {
  const inner = region('r', body([setNode('x')], ['start -> x -> end']));
  const wf = workflow('W', {
    nodes: [foreach('loop', list(lit(1), lit(2)), 'i', body([setNode('a'), setNode('b'), join('j'), inner], ['start -> [a, b]', 'a -> j', 'b -> j', 'j -> r -> end']))],
    edges: ['start -> loop -> end'],
  });
  return wf;
}

const graphs = (wf = definition()) => new InstanceGraphs(new WorkflowGraph(wf));

describe('engine instance graphs', () => {
  it('shares one static body graph between the iterations', () => {
    const wf = definition();
    const g = graphs(wf);
    assert.equal(g.graphOf('loop[0]')!.body, g.graphOf('loop[1]')!.body);
    assert.equal(graphs(wf).graphOf('loop[5]')!.body, g.graphOf('loop[0]')!.body, 'and between runs of the same workflow');
  });

  it('names nodes, edges and join reachers by the iteration path', () => {
    const g = graphs().graphOf('loop[1]')!;
    assert.equal(g.node('loop[1].a')?.id, 'loop[1].a');
    assert.equal(g.node('loop[1].a')?.kind, 'set');
    assert.equal(g.node('loop[0].a'), undefined, 'another iteration\'s name is not in this graph');
    assert.deepEqual(g.outEdges('loop[1].start').flow.map((e) => [e.from, e.to]), [['loop[1].start', 'loop[1].a'], ['loop[1].start', 'loop[1].b']]);
    assert.deepEqual([...g.reachers('loop[1].j')].sort(), ['loop[1].a', 'loop[1].b', 'loop[1].start']);
  });

  it('resolves a region nested in an iteration, and a second activation of it, to the region\'s body', () => {
    const g = graphs();
    assert.equal(g.node('loop[0].r.x')?.id, 'loop[0].r.x');
    assert.equal(g.node('loop[0].r#2.x')?.id, 'loop[0].r#2.x');
    assert.equal(g.graphOf('loop[0].r#2')!.body, g.graphOf('loop[1].r')!.body);
  });
});
