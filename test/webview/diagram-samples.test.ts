// Browser tests on the real samples: each sample's model (built by the language services from
// disk) is drawn by the real bundle with one SVG node and edge per model node and edge; two
// samples are photographed in the light and dark themes under test-output/webview/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { countDiagram } from '../../language-server/diagram/diagram-model-builder.js';
import { fromRoot } from '../support/paths.js';
import { useDiagramPages } from './support/diagram-page.js';
import { SAMPLE_FILES, sampleModel } from './support/sample-documents.js';

describe('diagram webview: the samples', function () {
  this.timeout(120_000);
  const openPage = useDiagramPages();

  it('draws every sample with one SVG node and edge per model node and edge', async () => {
    const page = await openPage();
    let stamp = 0;
    for (const file of SAMPLE_FILES) {
      const model = { ...(await sampleModel(file)), stamp: ++stamp };
      const rendered = await page.showModel(model);
      const expected = countDiagram(model.workflows);
      assert.deepEqual({ nodes: rendered.nodes, edges: rendered.edges }, expected, file);
      assert.equal(await page.page.locator('svg.diagram .node').count(), expected.nodes, `${file}: SVG nodes`);
      assert.equal(await page.page.locator('svg.diagram .edge').count(), expected.edges, `${file}: SVG edges`);
      assert.equal(await page.page.locator('.banner.visible').count(), 0, `${file}: no error marker`);
    }
    assert.deepEqual(await page.cspViolations(), []);
    await page.page.close();
  });

  it('saves screenshots of two samples in the light and dark themes (and one in high contrast)', async () => {
    const dir = fromRoot('test-output', 'webview');
    await mkdir(dir, { recursive: true });
    for (const file of ['order-fulfilment.weft', 'document-triage.weft']) {
      const model = await sampleModel(file);
      for (const theme of file === 'order-fulfilment.weft' ? ['light', 'dark', 'high-contrast'] as const : ['light', 'dark'] as const) {
        const page = await openPage({ theme, width: 1400, height: 800 });
        await page.showModel(model);
        const shot = `${dir}/${file.replace('.weft', '')}-${theme}.png`;
        const bytes = await page.page.screenshot({ path: shot });
        assert.ok(bytes.length > 10_000, `${shot} holds a picture`);
        await page.page.close();
      }
    }
  });
});
