// Diagram benchmark (`npm run bench -- diagram`): for generated workflows of 50, 200 and 1,000
// nodes, model building (parse, link, validate, lower, diagram model in the real language
// services) and layout + drawing in the real webview bundle (elkjs in its worker, headless
// chromium); then a text edit -> updated picture on a 100-node workflow (no debounce).

import { EmptyFileSystem, URI } from 'langium';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createWeftServices } from '../../language-server/weft-module.js';
import type { DiagramDocumentModel } from '../../language-server/diagram/diagram-model.js';
import { countDiagram } from '../../language-server/diagram/diagram-model-builder.js';
import { DiagramPage, DiagramTestServer, launchChromium } from '../../test/webview/support/diagram-page.js';
import { generateWeft } from './generate-weft.js';

const SIZES = [50, 200, 1000];
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Builds `text` as a fresh document in `services`, returns the diagram model and the time. */
async function buildModel(services: ReturnType<typeof createWeftServices>, uri: URI, text: string): Promise<{ model: DiagramDocumentModel; ms: number; langiumMs: number }> {
  const { shared, Weft } = services;
  const started = performance.now();
  if (shared.workspace.LangiumDocuments.hasDocument(uri)) shared.workspace.LangiumDocuments.deleteDocument(uri);
  const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
  shared.workspace.LangiumDocuments.addDocument(document);
  await shared.workspace.DocumentBuilder.build([document], { validation: true });
  const langiumMs = performance.now() - started;
  const model = await Weft.diagram.DiagramModelService.modelFor(uri.toString());
  const ms = performance.now() - started;
  if (!model || model.stale) throw new Error(`the generated workflow did not lower: ${JSON.stringify(model?.errors.slice(0, 3))}`);
  return { model, ms, langiumMs };
}

export default async function run(): Promise<void> {
  const server = new DiagramTestServer();
  await server.start();
  const browser = await launchChromium();
  try {
    const page = await DiagramPage.open(browser, server, { width: 1400, height: 900 });
    console.log(`machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; chromium ${browser.version()}; median of ${RUNS} runs after a warm-up`);
    console.log('nodes  edges  model build (ms)  layout in worker (ms)  draw (ms)  model+layout (ms)  send->drawn (ms)');
    let stamp = 0;
    const splits: string[] = [];
    for (const size of SIZES) {
      const services = createWeftServices(EmptyFileSystem);
      const uri = URI.parse(`file:///bench/generated-${size}.weft`);
      const text = generateWeft(size);
      const build: number[] = [];
      const langium: number[] = [];
      const layout: number[] = [];
      const draw: number[] = [];
      const wall: number[] = [];
      let counts = { nodes: 0, edges: 0 };
      for (let i = 0; i <= RUNS; i++) {
        const { model, ms, langiumMs } = await buildModel(services, uri, text);
        counts = countDiagram(model.workflows);
        // A new URI each run: a first drawing of the document, not an update.
        const fresh = { ...model, uri: `${model.uri}?run=${i}`, stamp: ++stamp };
        const sent = performance.now();
        const rendered = await page.showModel(fresh);
        const total = performance.now() - sent;
        if (i === 0) continue;
        build.push(ms);
        langium.push(langiumMs);
        layout.push(rendered.layoutMs);
        draw.push(rendered.renderMs);
        wall.push(total);
      }
      const row = [counts.nodes, counts.edges, median(build), median(layout), median(draw), median(build) + median(layout), median(wall)];
      console.log(row.map((v, i) => (i < 2 ? String(v).padStart(5) : v.toFixed(1).padStart(i === 2 ? 17 : 18))).join('  '));
      splits.push(`${counts.nodes} nodes: Langium build (parse, link, validate) ${median(langium).toFixed(1)} ms, diagram model (lowering + model builder) ${(median(build) - median(langium)).toFixed(1)} ms`);
    }

    console.log(`model build, split (medians): ${splits.join('; ')}`);

    // Text edit -> updated picture, 100 nodes: rebuild after an edit, then the same document's
    // model is drawn again (as after a keystroke). A description edit (a script path) keeps the
    // geometry, so the webview reuses the layout; a structural edit (a node appended or
    // removed) needs elkjs.
    for (const [kind, text] of [
      ['description edit', (i: number) => generateWeft(100, 'Edited', `-v${i}`)],
      ['structural edit', (i: number) => generateWeft(100 + (i % 2), 'Edited')],
    ] as const) {
      const services = createWeftServices(EmptyFileSystem);
      const uri = URI.parse(`file:///bench/edit-${kind.replace(' ', '-')}.weft`);
      const first = await buildModel(services, uri, text(0));
      await page.showModel({ ...first.model, stamp: ++stamp });
      const totals: number[] = [];
      const builds: number[] = [];
      const pictures: number[] = [];
      for (let i = 1; i <= RUNS * 2 + 1; i++) {
        const edited = await buildModel(services, uri, text(i));
        const sent = performance.now();
        await page.showModel({ ...edited.model, stamp: ++stamp });
        const picture = performance.now() - sent;
        if (i === 1) continue;
        builds.push(edited.ms);
        pictures.push(picture);
        totals.push(edited.ms + picture);
      }
      console.log(`edit -> updated picture, ${countDiagram(first.model.workflows).nodes} nodes, ${kind}: ${median(totals).toFixed(1)} ms median `
        + `(language server build + model ${median(builds).toFixed(1)} ms, to the webview + layout + draw ${median(pictures).toFixed(1)} ms; target < 300 ms)`);
    }
    await page.page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
