// Browser tests of the diagram webview: the real bundle in headless chromium under the panel's
// real CSP, fed models as the extension would. Run by `npm run test:webview`.
import assert from 'node:assert/strict';
import { countDiagram } from '../../language-server/diagram/diagram-model-builder.js';
import { useDiagramPages } from './support/diagram-page.js';
import { batchModel, orderFulfilmentModel } from './support/sample-models.js';

describe('diagram webview: drawing', function () {
  this.timeout(60_000);
  const openPage = useDiagramPages();

  it('draws one SVG node per model node and one edge per model edge', async () => {
    const page = await openPage();
    const model = orderFulfilmentModel();
    const rendered = await page.showModel(model);
    const ids = await page.page.$$eval('svg.diagram .node', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(ids.sort(), model.workflows[0]!.graph.nodes.map((n) => n.id).sort());
    const edgeIds = await page.page.$$eval('svg.diagram .edge', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(edgeIds.sort(), model.workflows[0]!.graph.edges.map((e) => e.id).sort());
    assert.deepEqual({ nodes: rendered.nodes, edges: rendered.edges }, countDiagram(model.workflows));
    assert.deepEqual(await page.cspViolations(), []);
    await page.page.close();
  });

  it('labels guarded, otherwise, error and timeout edges with their text', async () => {
    const page = await openPage();
    await page.showModel(orderFulfilmentModel());
    const labels = await page.page.$$eval('.edge', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-id'), e.querySelector('.edge-label text')?.textContent ?? null])));
    assert.equal(labels['OrderFulfilment/classify->review#0'], 'classify.level == "high"');
    assert.equal(labels['OrderFulfilment/classify->charge#0'], 'otherwise');
    assert.equal(labels['OrderFulfilment/charge->declined#0'], 'on PaymentDeclined');
    assert.equal(labels['OrderFulfilment/settled->declined#0'], 'on timeout');
    assert.equal(labels['OrderFulfilment/start->validate#0'], null);
    await page.page.close();
  });

  it('draws a distinct shape class per node kind and nested graphs inside their container', async () => {
    const page = await openPage();
    await page.showModel(batchModel());
    const kinds = await page.page.$$eval('.node', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-kind')])));
    assert.equal(kinds['Batch/each'], 'foreach');
    assert.equal(kinds['Batch/each/price'], 'script');
    assert.equal(kinds['Batch/report/summarise'], 'set');
    const outer = await page.nodeBox('Batch/each');
    const inner = await page.nodeBox('Batch/each/price');
    assert.ok(inner.x > outer.x && inner.y > outer.y && inner.x + inner.width < outer.x + outer.width && inner.y + inner.height < outer.y + outer.height,
      `inner node ${JSON.stringify(inner)} lies inside its foreach ${JSON.stringify(outer)}`);
    await page.page.close();
  });
});
