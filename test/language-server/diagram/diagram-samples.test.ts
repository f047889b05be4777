// The diagram model of every sample (samples/*.weft), built by the real language services from
// disk: every IR node and edge appears once, nested graphs stay nested, edges connect drawn
// nodes, guarded edges carry their condition, and every range points into the file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileSystem } from 'langium/node';
import type { DiagramGraph } from '../../../language-server/diagram/diagram-model.js';
import { countDiagram } from '../../../language-server/diagram/diagram-model-builder.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { loadFilesWithImports } from '../../../language-server/workspace/workspace-loader.js';
import type { GraphDefinition } from '../../../runtime/ir/workflow-definition.js';
import { isWorkflow, type Model } from '../../../language-server/generated/ast.js';
import { samplesDir } from '../../support/paths.js';

const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.weft') && !e.name.startsWith('.'))
  .map((e) => e.name)
  .sort();

function countIr(graph: GraphDefinition): { nodes: number; edges: number } {
  let nodes = graph.nodes.length;
  let edges = graph.edges.length;
  for (const n of graph.nodes) {
    if (n.kind === 'foreach' || n.kind === 'region') {
      const inner = countIr(n.body);
      nodes += inner.nodes;
      edges += inner.edges;
    }
  }
  return { nodes, edges };
}

function walk(graph: DiagramGraph, visit: (g: DiagramGraph) => void): void {
  visit(graph);
  for (const n of graph.nodes) if (n.children) walk(n.children, visit);
}

describe('diagram model of every sample', function () {
  this.timeout(30_000);

  it('finds the samples', () => {
    assert.ok(samples.length >= 5, `samples/ holds ${samples.length} .weft files`);
  });

  for (const file of samples) {
    it(`${file}: draws every node and edge of its workflows`, async () => {
      const services = createWeftServices(NodeFileSystem).Weft;
      const loaded = await loadFilesWithImports(services, [path.join(samplesDir, file)]);
      const document = loaded.entries[0]!;
      const model = await services.diagram.DiagramModelService.modelFor(document.uri.toString());
      assert.ok(model, 'a model is published');
      assert.equal(model.stale, false, `lowers: ${JSON.stringify(model.errors.slice(0, 2))}`);
      const declared = (document.parseResult.value as Model).declarations.filter(isWorkflow);
      assert.deepEqual(model.workflows.map((w) => w.id), declared.map((w) => w.name));

      const text = readFileSync(path.join(samplesDir, file), 'utf8').split('\n');
      for (const [i, w] of model.workflows.entries()) {
        const ir = services.lowering.WorkflowLowerer.lowerWorkflow(declared[i]!);
        assert.deepEqual(countDiagram([w], true), countIr(ir), `${w.id}: as many nodes and edges as the IR`);
        walk(w.graph, (g) => {
          const ids = new Set(g.nodes.map((n) => n.id));
          for (const e of g.edges) {
            assert.ok(ids.has(e.source) && ids.has(e.target), `${e.id} connects nodes of its own graph`);
            if (e.kind === 'when') assert.ok(e.label && e.label.length > 0, `${e.id} shows its condition`);
            if (e.kind === 'error') assert.match(e.label!, /^on /);
            if (e.kind === 'compensation') assert.equal(e.label, 'compensates');
          }
          for (const n of g.nodes) {
            assert.ok(n.label.length > 0, `${n.id} has a description`);
            if (n.kind !== 'start' && n.kind !== 'end') {
              const r = n.nameRange;
              assert.equal(text[r.start.line]!.slice(r.start.character, r.end.character), n.name, `${n.id}: nameRange points at its name`);
            }
          }
        });
      }
    });
  }
});
