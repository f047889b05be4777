// The diagram service inside the real language services: after each document build it lowers
// the text to the IR and publishes a model; when the text stops lowering it keeps the last good
// picture with the new errors. Texts inline, built in memory.
import assert from 'node:assert/strict';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { countDiagram } from '../../../language-server/diagram/diagram-model-builder.js';
import type { DiagramDocumentModel } from '../../../language-server/diagram/diagram-model.js';
import { DefaultDiagramModelService } from '../../../language-server/diagram/diagram-model-service.js';
import { documentLowering } from '../../../language-server/diagram/document-lowering.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { buildFiles } from '../support/in-memory-workspace.js';

/** The service with its watch list opened up and its pushes recorded instead of sent. */
class WatchingProbe extends DefaultDiagramModelService {
  readonly published: DiagramDocumentModel[] = [];
  watch(uri: string): void { this.watched.add(uri); }
  protected override publish(model: DiagramDocumentModel): void { this.published.push(model); }
}

const ORDER = `
workflow Order {
  input amount: number
  task check: script "scripts/check.js" { timeout 5s }
  approval review { ask "Approve \${amount}?" }
  fail declined "declined"
  foreach each in [1, 2, 3] as item {
    set note { }
    start -> note -> end
  }
  start  -> check
  check  -> review when amount > 100
  check  -> each otherwise
  review -> each when review.approved
  review -> declined otherwise
  check  -> declined on error
  each   -> end
}
`;

describe('diagram model service', () => {
  it('publishes a model built from the lowered IR after a document build', async () => {
    const { services, documents } = await buildFiles({ 'order.weft': ORDER });
    const uri = documents['order.weft']!.uri.toString();
    const model = await services.diagram.DiagramModelService.modelFor(uri);
    assert.ok(model, 'a model exists for the built document');
    assert.equal(model.stale, false);
    const w = model.workflows[0]!;
    assert.equal(w.id, 'Order');
    assert.deepEqual(w.graph.nodes.map((n) => n.name), ['start', 'check', 'review', 'declined', 'each', 'end']);
    const labels = Object.fromEntries(w.graph.edges.map((e) => [`${e.source}->${e.target}`, e.label ?? null]));
    assert.equal(labels['Order/check->Order/review'], 'amount > 100');
    assert.equal(labels['Order/check->Order/each'], 'otherwise');
    assert.equal(labels['Order/check->Order/declined'], 'on error');
    const each = w.graph.nodes.find((n) => n.name === 'each')!;
    assert.deepEqual(each.children!.nodes.map((n) => n.id), ['Order/each/start', 'Order/each/note', 'Order/each/end']);
    assert.deepEqual(countDiagram(model.workflows), { nodes: 9, edges: 9 });
  });

  it('points every node at its source text', async () => {
    const { services, documents } = await buildFiles({ 'order.weft': ORDER });
    const model = (await services.diagram.DiagramModelService.modelFor(documents['order.weft']!.uri.toString()))!;
    const review = model.workflows[0]!.graph.nodes.find((n) => n.name === 'review')!;
    const lines = ORDER.split('\n');
    assert.equal(lines[review.nameRange.start.line]!.slice(review.nameRange.start.character, review.nameRange.end.character), 'review');
  });

  it('keeps the last good picture and reports the errors when the text stops parsing', async () => {
    const { services, documents } = await buildFiles({ 'order.weft': ORDER });
    const shared = services.shared;
    const uri = documents['order.weft']!.uri;
    const good = (await services.diagram.DiagramModelService.modelFor(uri.toString()))!;
    shared.workspace.LangiumDocuments.deleteDocument(uri);
    const broken = shared.workspace.LangiumDocumentFactory.fromString(ORDER.replace('review -> declined otherwise', 'review -> -> declined'), URI.parse(uri.toString()));
    shared.workspace.LangiumDocuments.addDocument(broken);
    await shared.workspace.DocumentBuilder.build([broken], { validation: true });
    const model = (await services.diagram.DiagramModelService.modelFor(uri.toString()))!;
    assert.equal(model.stale, true);
    assert.ok(model.stamp > good.stamp);
    assert.deepEqual(model.workflows, good.workflows);
    assert.ok(model.errors.length > 0);
    assert.equal(model.errors[0]!.range.start.line, ORDER.split('\n').findIndex((l) => l.includes('review -> declined otherwise')));
  });

  it('does not model and push again a document whose model was asked for while its build ran', async () => {
    const services = createWeftServices(EmptyFileSystem).Weft;
    const builder = services.shared.workspace.DocumentBuilder;
    let lowered = 0;
    const lower = documentLowering(services.lowering.WorkflowLowerer);
    const probe = new WatchingProbe(services.shared, (document) => { lowered++; return lower(document); });
    const uri = URI.parse('file:///workspace/order.weft');
    services.shared.workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'weft', 1, ORDER));
    // A client's weft/diagramModel answered between the document's validation and the end of
    // its build: the model is built then, and the document watched from then on.
    const asked = new Promise<void>((resolve) => {
      const listener = builder.onDocumentPhase(DocumentState.Validated, (document) => {
        listener.dispose();
        queueMicrotask(() => { probe.documentsBuilt([document]); probe.watch(uri.toString()); resolve(); });
      });
    });
    await builder.update([uri], []);
    await asked;
    assert.equal(lowered, 1);
    assert.deepEqual(probe.published, []);
  });

  it('has no model for a file that is not Weft', async () => {
    const { services } = await buildFiles({ 'order.weft': ORDER });
    assert.equal(await services.diagram.DiagramModelService.modelFor('file:///workspace/readme.md'), undefined);
  });
});
