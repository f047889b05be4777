// Browser tests of the diagram webview's interaction: reveal on click, cursor highlight,
// stability across edits, the error marker, run/debug overlays, search, collapse, keyboard,
// direction, export and persisted state. Real bundle, real chromium, real CSP.
import assert from 'node:assert/strict';
import type { DiagramDocumentModel } from '../../webview/protocol.js';
import { parseWebviewMessage, type WebviewToHostMessage } from '../../webview/protocol.js';
import { DiagramPage, useDiagramPages } from './support/diagram-page.js';
import { batchIr, batchModel, modelBuilder, orderFulfilmentIr, orderFulfilmentModel, ORDER_URI } from './support/sample-models.js';

type Rendered = Extract<WebviewToHostMessage, { type: 'rendered' }>;

describe('diagram webview: interaction', function () {
  this.timeout(60_000);
  let page: DiagramPage;
  const openPage = useDiagramPages();
  beforeEach(async () => { page = await openPage(); });
  afterEach(async () => { await page.page.close(); });

  it('posts a reveal of the node source when a node is clicked', async () => {
    const model = orderFulfilmentModel();
    await page.showModel(model);
    await page.page.click('.node[data-id="OrderFulfilment/review"] .name');
    const reveal = await page.waitForPosted((m) => m.type === 'reveal');
    const review = model.workflows[0]!.graph.nodes.find((n) => n.name === 'review')!;
    assert.deepEqual(reveal, { type: 'reveal', uri: ORDER_URI, range: { start: review.range.start, end: review.range.end } });
    assert.ok(parseWebviewMessage(reveal), 'the message passes the extension-side validator');
  });

  it('posts a reveal of the edge source when an edge label is clicked', async () => {
    const model = orderFulfilmentModel();
    await page.showModel(model);
    await page.page.click('.edge[data-id="OrderFulfilment/charge->declined#0"] .edge-label');
    const reveal = await page.waitForPosted((m) => m.type === 'reveal');
    const edge = model.workflows[0]!.graph.edges.find((e) => e.id === 'OrderFulfilment/charge->declined#0')!;
    assert.deepEqual(reveal, { type: 'reveal', uri: ORDER_URI, range: { start: edge.range.start, end: edge.range.end } });
  });

  it('highlights the node under the editor cursor', async () => {
    const model = orderFulfilmentModel();
    await page.showModel(model);
    const charge = model.workflows[0]!.graph.nodes.find((n) => n.name === 'charge')!;
    await page.send({ type: 'cursor', uri: ORDER_URI, position: { line: charge.range.start.line, character: 10 } });
    await page.page.waitForSelector('.node.cursor');
    assert.deepEqual(await page.page.$$eval('.node.cursor', (els) => els.map((e) => e.getAttribute('data-id'))), ['OrderFulfilment/charge']);
    await page.waitForPosted((m) => m.type === 'highlighted' && m.nodeId === 'OrderFulfilment/charge');
    await page.send({ type: 'cursor', uri: ORDER_URI, position: null });
    await page.page.waitForSelector('.node.cursor', { state: 'detached' });
  });

  it('keeps unchanged nodes in place when an edit changes a label and adds a diagnostic', async () => {
    await page.showModel(orderFulfilmentModel(1));
    const before = await boxes(page);
    const ir = orderFulfilmentIr();
    const notify = ir.nodes.find((n) => n.id === 'notify')! as { url: unknown };
    notify.url = { kind: 'literal', value: 'https://hooks.example.com/v2/orders/notifications' };
    const edited = modelBuilder.buildDocument({
      uri: ORDER_URI, version: 2, stamp: 2, workflows: [ir],
      diagnostics: [{ range: { start: { line: 37, character: 10 }, end: { line: 37, character: 14 } }, severity: 2, message: 'review: no timeout' }],
    });
    const rendered = await page.showModel(edited);
    assert.equal(rendered.layoutMs, 0, 'no geometry changed: the previous layout is reused');
    const after = await boxes(page);
    for (const [id, b] of Object.entries(before)) assertNear(after[id]!, b, 3, id);
    assert.equal(await page.page.locator('.node[data-id="OrderFulfilment/review"] .diagnostic-badge.severity-warning').count(), 1);
  });

  it('keeps the other nodes in place when a node is added at the end of a branch', async () => {
    await page.showModel(orderFulfilmentModel(1));
    const before = await boxes(page);
    const ir = orderFulfilmentIr();
    const declined = ir.nodes.find((n) => n.id === 'declined')!;
    ir.nodes.splice(ir.nodes.length - 1, 0, { ...declined, id: 'alert', kind: 'emit', eventType: 'order.declined' } as never);
    ir.edges.push({ id: 'declined->alert#0', from: 'declined', to: 'alert', kind: 'always', order: 0, range: declined.range });
    ir.nodes.splice(ir.nodes.findIndex((n) => n.id === 'declined'), 1, { ...declined, kind: 'set', assignments: [] } as never);
    const rendered = await page.showModel(modelBuilder.buildDocument({ uri: ORDER_URI, version: 2, stamp: 2, workflows: [ir], diagnostics: [] }));
    assert.ok(rendered.layoutMs > 0, 'a new node needs a new layout');
    const after = await boxes(page);
    for (const id of ['start', 'validate', 'classify', 'review', 'charge', 'settled', 'ship', 'notify']) {
      assertNear(after[`OrderFulfilment/${id}`]!, before[`OrderFulfilment/${id}`]!, 3, id);
    }
  });

  it('keeps the last good diagram with a clear error marker when the text stops lowering', async () => {
    const good = orderFulfilmentModel(1);
    await page.showModel(good);
    const stale: DiagramDocumentModel = {
      ...good, stamp: 2, version: 2, stale: true,
      errors: [{ severity: 'error', message: "Expecting '->' but found 'rview'", range: { uri: ORDER_URI, start: { line: 62, character: 11 }, end: { line: 62, character: 16 } } }],
    };
    await page.showModel(stale);
    const banner = page.page.locator('.banner.visible');
    assert.match(await banner.innerText(), /showing the last good diagram/);
    assert.match(await banner.innerText(), /63:12 Expecting '->' but found 'rview'/);
    assert.equal(await page.page.locator('svg.diagram.stale').count(), 1);
    assert.equal(await page.page.locator('.node').count(), 12, 'the last good nodes are still drawn');
    await banner.locator('a').first().click();
    const reveal = await page.waitForPosted((m) => m.type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', uri: ORDER_URI, range: { start: { line: 62, character: 11 }, end: { line: 62, character: 16 } } });
    await page.showModel({ ...good, stamp: 3 });
    assert.equal(await page.page.locator('.banner.visible').count(), 0, 'the marker goes away with the errors');
  });

  it('ignores a model older than the one shown', async () => {
    await page.showModel(orderFulfilmentModel(5));
    await page.send({ type: 'model', model: { ...batchModel(1), uri: ORDER_URI } });
    await page.showModel({ ...orderFulfilmentModel(6) });
    assert.equal(page.messages.filter((m) => m.type === 'rendered' && m.stamp === 1).length, 0);
  });

  it('coalesces a burst of models while typing: only the newest is laid out next', async () => {
    const burst = [1, 2, 3, 4, 5].map((stamp) => ({ type: 'model' as const, model: orderFulfilmentModel(stamp, stamp) }));
    await page.page.evaluate(`for (const m of ${JSON.stringify(burst)}) window.postMessage(m, '*')`);
    await page.waitForPosted((m) => m.type === 'rendered' && m.stamp === 5);
    const drawn = page.messages.filter((m): m is Rendered => m.type === 'rendered').map((m) => m.stamp);
    assert.ok(drawn.length < 5, `drawn stamps ${drawn.join(', ')}`);
    assert.equal(drawn.at(-1), 5);
  });

  it('shows current nodes, breakpoints, visited nodes, status and metrics fed by a run', async () => {
    await page.showModel(orderFulfilmentModel());
    await page.send({ type: 'breakpoints', nodeIds: ['OrderFulfilment/charge'] });
    await page.send({ type: 'visitedNodes', nodeIds: ['OrderFulfilment/start', 'OrderFulfilment/validate'] });
    await page.send({ type: 'nodeStatus', statuses: { 'OrderFulfilment/validate': 'completed', 'OrderFulfilment/classify': 'failed' } });
    await page.send({ type: 'currentNodes', nodeIds: ['OrderFulfilment/classify'] });
    await page.send({ type: 'metrics', metrics: { 'OrderFulfilment/validate': { count: 3, meanMs: 120, p95Ms: 240 } } });
    await page.page.waitForSelector('.node .metrics');
    const classes = await page.page.$$eval('.node', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-id'), e.getAttribute('class')])));
    assert.match(classes['OrderFulfilment/charge']!, /has-breakpoint/);
    assert.match(classes['OrderFulfilment/validate']!, /visited/);
    assert.match(classes['OrderFulfilment/validate']!, /status-completed/);
    assert.match(classes['OrderFulfilment/classify']!, /status-failed/);
    assert.match(classes['OrderFulfilment/classify']!, /\bcurrent\b/);
    assert.equal(await page.page.locator('.node[data-id="OrderFulfilment/validate"] .metrics').textContent(), '×3 · 120ms · p95 240ms');
    await page.send({ type: 'clearRun' });
    await page.page.waitForSelector('.node.current', { state: 'detached' });
    assert.equal(await page.page.locator('.node.visited').count(), 0);
    assert.equal(await page.page.locator('.node.has-breakpoint').count(), 1, 'breakpoints outlive the run');
  });

  it('asks the host to toggle a breakpoint when a node breakpoint dot is clicked', async () => {
    const model = orderFulfilmentModel();
    await page.showModel(model);
    await page.page.locator('.node[data-id="OrderFulfilment/charge"] .breakpoint-dot').dispatchEvent('click');
    const message = await page.waitForPosted((m) => m.type === 'toggleBreakpoint');
    const charge = model.workflows[0]!.graph.nodes.find((n) => n.name === 'charge')!;
    assert.deepEqual(message, { type: 'toggleBreakpoint', uri: ORDER_URI, line: charge.nameRange.start.line });
  });

  it('finds nodes by name and dims the rest', async () => {
    await page.showModel(orderFulfilmentModel());
    await page.page.fill('input.search', 'ship');
    await page.page.waitForSelector('.node.match');
    assert.deepEqual((await page.page.$$eval('.node.match', (els) => els.map((e) => e.getAttribute('data-id')))).sort(), ['OrderFulfilment/ship', 'OrderFulfilment/shipped']);
    assert.equal(await page.page.locator('.node.dimmed').count(), 10);
  });

  it('collapses a foreach to one box and remembers it across a reload', async () => {
    await page.showModel(batchModel(1));
    page.clearPosted();
    await page.page.click('[data-toggle="Batch/each"]');
    const rendered = await page.waitForPosted<Rendered>((m) => m.type === 'rendered');
    assert.equal(rendered.nodes, 16 - 6);
    assert.equal(await page.page.locator('.node[data-id="Batch/each/price"]').count(), 0);
    assert.equal(await page.page.locator('.node.collapsed[data-id="Batch/each"]').count(), 1);
    const state = await page.state() as { collapsed: string[]; uri: string };
    assert.deepEqual(state.collapsed, ['Batch/each']);
    const reloaded = await openPage({ state });
    await reloaded.showModel(batchModel(2));
    assert.equal(await reloaded.page.locator('.node.collapsed[data-id="Batch/each"]').count(), 1);
    await reloaded.page.close();
  });

  it('moves between nodes with the arrow keys and reveals with Enter', async () => {
    await page.showModel(orderFulfilmentModel());
    assert.deepEqual(await page.page.$$eval('.node[tabindex="0"]', (els) => els.map((e) => e.getAttribute('data-id'))), ['OrderFulfilment/start'],
      'one tab stop: the first node');
    await page.page.focus('.node[data-id="OrderFulfilment/validate"]');
    await page.page.keyboard.press('ArrowRight');
    assert.equal(await page.page.evaluate('document.activeElement.getAttribute("data-id")'), 'OrderFulfilment/classify');
    assert.deepEqual(await page.page.$$eval('.node[tabindex="0"]', (els) => els.map((e) => e.getAttribute('data-id'))), ['OrderFulfilment/classify']);
    await page.page.keyboard.press('Enter');
    const reveal = await page.waitForPosted((m) => m.type === 'reveal');
    assert.equal(reveal.type === 'reveal' && reveal.range.start.line, 28);
  });

  it('switches the layout from left-right to top-down', async () => {
    await page.showModel(orderFulfilmentModel());
    const lr = await boxes(page);
    assert.ok(lr['OrderFulfilment/validate']!.x > lr['OrderFulfilment/start']!.x + 30);
    page.clearPosted();
    await page.page.click('button[data-action="toggleDirection"]');
    await page.waitForPosted((m) => m.type === 'rendered');
    const td = await boxes(page);
    assert.ok(td['OrderFulfilment/validate']!.y > td['OrderFulfilment/start']!.y + 30);
    assert.equal((await page.state() as { direction: string }).direction, 'DOWN');
  });

  it('exports SVG and PNG that the extension-side validator accepts', async () => {
    await page.showModel(orderFulfilmentModel());
    await page.page.click('button[data-action="exportSvg"]');
    const svg = await page.waitForPosted((m) => m.type === 'export' && m.format === 'svg');
    assert.ok(parseWebviewMessage(svg));
    assert.ok(svg.type === 'export' && svg.data.includes('data-id="OrderFulfilment/charge"'));
    assert.ok(svg.type === 'export' && !svg.data.includes('var(--'), 'theme variables are resolved in the file');
    await page.page.click('button[data-action="exportPng"]');
    const png = await page.waitForPosted((m) => m.type === 'export' && m.format === 'png');
    assert.ok(parseWebviewMessage(png));
    assert.equal(png.type === 'export' && png.name, 'OrderFulfilment.png');
    assert.ok(png.type === 'export' && png.data.length > 5000);
  });

  it('shows a large diagram readably with an overview that moves the view', async () => {
    const small = await openPage({ width: 520, height: 420 });
    await small.showModel(orderFulfilmentModel());
    const transform = () => small.page.locator('svg.diagram > g.viewport').getAttribute('transform');
    assert.match((await transform())!, /scale\(0\.6\)/, 'not shrunk below a readable zoom');
    const minimap = small.page.locator('svg.minimap');
    assert.equal(await minimap.evaluate((e) => e.classList.contains('fits')), false, 'the overview is shown');
    assert.equal(await small.page.locator('svg.minimap .minimap-node').count(), 12);
    const before = await transform();
    const box = (await minimap.boundingBox())!;
    await small.page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
    assert.notEqual(await transform(), before, 'a click on the overview moves the view');
    await small.page.close();
  });

  it('lays a tall, narrow panel out top-down until the user picks a direction', async () => {
    const tall = await openPage({ width: 420, height: 900 });
    await tall.showModel(orderFulfilmentModel());
    const start = await tall.nodeBox('OrderFulfilment/start');
    const validate = await tall.nodeBox('OrderFulfilment/validate');
    assert.ok(validate.y > start.y + 20, 'validate is below start');
    await tall.page.close();
  });

  it('inserts names and labels as text, never as markup', async () => {
    const ir = batchIr();
    (ir.nodes[1] as { id: string }).id = '<img src=x onerror="window.__pwned=1">';
    ir.edges[0]!.to = ir.nodes[1]!.id;
    ir.edges[1]!.from = ir.nodes[1]!.id;
    await page.showModel(modelBuilder.buildDocument({ uri: ORDER_URI, version: 1, stamp: 1, workflows: [ir], diagnostics: [] }));
    assert.equal(await page.page.locator('img').count(), 0);
    assert.equal(await page.page.evaluate('window.__pwned'), undefined);
    assert.ok((await page.page.locator('.node .name').allTextContents()).some((t) => t.startsWith('<img')));
  });
});

async function boxes(page: DiagramPage): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
  const ids = await page.page.$$eval('.node', (els) => els.map((e) => e.getAttribute('data-id')!));
  const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
  for (const id of ids) out[id] = await page.nodeBox(id);
  return out;
}

function assertNear(actual: { x: number; y: number }, expected: { x: number; y: number }, px: number, what: string): void {
  assert.ok(actual, `${what} is still drawn`);
  assert.ok(Math.abs(actual.x - expected.x) <= px && Math.abs(actual.y - expected.y) <= px,
    `${what} moved from (${expected.x.toFixed(1)}, ${expected.y.toFixed(1)}) to (${actual.x.toFixed(1)}, ${actual.y.toFixed(1)})`);
}
