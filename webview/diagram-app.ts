// Webview — the diagram application: receives host messages, lays models out (in the elk
// worker), draws them, keeps the picture stable across edits, and turns clicks, keys, the
// toolbar and the search box into view changes or messages to the host.

import type {
  DiagramDiagnostic, DiagramDocumentModel, DiagramGraph, DiagramNode, DiagramViewState, HostToWebviewMessage, Position,
} from './protocol.js';
import { parseViewState } from './protocol.js';
import type { Box, DiagramLayout } from './layout/diagram-layout.js';
import type { LayoutEngine } from './layout/elk-layout-engine.js';
import { stabilisingOffset, translateLayout } from './layout/layout-stability.js';
import { layoutSignature, rebindLayout } from './layout/layout-reuse.js';
import { DiagramOverlays } from './render/diagram-overlays.js';
import { drawMarkers, renderDiagram, type RenderedDiagram } from './render/svg-renderer.js';
import { html, svg } from './render/svg-dom.js';
import { Viewport } from './interaction/viewport.js';
import { Minimap } from './interaction/minimap.js';
import { isArrowKey, neighbourInDirection } from './interaction/keyboard-navigation.js';
import { NodeSearch } from './interaction/node-search.js';
import { exportSvg, svgToPng } from './export/svg-export.js';
import { createToolbar, type Toolbar, type ToolbarAction } from './toolbar.js';
import { ErrorBanner } from './error-banner.js';
import type { HostChannel } from './vscode-api.js';
import { DIAGRAM_CSS } from './styles.js';

/** Above this many nodes, nested graphs start collapsed (layout time grows fast). */
const AUTO_COLLAPSE_NODES = 600;
const CONTENT_ID = 'diagram-content';

export class DiagramApp {
  private model: DiagramDocumentModel | undefined;
  private layout: DiagramLayout | undefined;
  private rendered: RenderedDiagram | undefined;
  private state: DiagramViewState;
  private readonly collapsed: Set<string>;
  private readonly overlays = new DiagramOverlays();
  private readonly search = new NodeSearch();
  private readonly svgRoot: SVGSVGElement;
  private readonly defs: SVGDefsElement;
  private readonly content: SVGGElement;
  private readonly viewport: Viewport;
  private readonly minimap: Minimap;
  private readonly toolbar: Toolbar;
  private readonly banner: ErrorBanner;
  private readonly empty: HTMLElement;
  private relayoutRunning: Promise<void> | undefined;
  private relayoutWanted = false;
  private relayoutFit = false;
  /** The editor's last cursor, re-applied after each layout. */
  private cursor: { uri: string; position: Position | null } | undefined;
  private selected: string | undefined;
  private tabStop: string | undefined;
  /** Signature of the request `layout` was computed for (see layout-reuse.ts). */
  private layoutSignature: string | undefined;

  constructor(root: HTMLElement, private readonly host: HostChannel, private readonly engine: LayoutEngine) {
    this.state = parseViewState(host.getState());
    this.collapsed = new Set(this.state.collapsed);
    this.toolbar = createToolbar(root, (a) => void this.onToolbar(a), (q, step) => this.onSearch(q, step));
    this.banner = new ErrorBanner(root, (d) => this.revealDiagnostic(d));
    const stage = html('div', { class: 'stage' }, root);
    this.svgRoot = svg('svg', { class: 'diagram', role: 'application', 'aria-label': 'Workflow diagram', 'aria-roledescription': 'diagram' }, stage);
    this.defs = svg('defs', {}, this.svgRoot);
    drawMarkers(this.defs);
    const viewportGroup = svg('g', { class: 'viewport' }, this.svgRoot);
    this.content = svg('g', { id: CONTENT_ID }, viewportGroup);
    this.empty = html('div', { class: 'empty' }, stage, 'Open a .weft file to see its diagram.');
    this.viewport = new Viewport(this.svgRoot, viewportGroup);
    this.minimap = new Minimap(stage, this.viewport);
    this.minimap.setVisible(this.state.minimap);
    this.toolbar.setDirection(this.state.direction);
    this.toolbar.setMinimap(this.state.minimap);
    this.svgRoot.addEventListener('click', (e) => this.onClick(e));
    this.svgRoot.addEventListener('keydown', (e) => this.onNodeKey(e));
    this.svgRoot.addEventListener('focusin', (e) => {
      const id = (e.target as Element).closest?.('.node')?.getAttribute('data-id');
      if (id) this.setTabStop(id);
    });
    root.ownerDocument.addEventListener('keydown', (e) => this.onGlobalKey(e));
    this.persist();
  }

  /** Handles one message from the host (already typed; it comes from the trusted side). */
  async receive(message: HostToWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'model': return this.showModel(message.model);
      case 'cursor': return this.showCursor(message.uri, message.position);
      case 'currentNodes': this.overlays.current = new Set(message.nodeIds); break;
      case 'breakpoints': this.overlays.breakpoints = new Set(message.nodeIds); break;
      case 'visitedNodes': this.overlays.visited = new Set(message.nodeIds); break;
      case 'nodeStatus': this.overlays.statuses = new Map(Object.entries(message.statuses)); break;
      case 'metrics': this.overlays.metrics = message.metrics ? new Map(Object.entries(message.metrics)) : undefined; break;
      case 'clearRun': this.overlays.clearRun(); break;
      case 'action': return this.onToolbar(message.action);
    }
    this.applyOverlays();
    if (message.type === 'currentNodes' && message.nodeIds.length) this.revealNode(message.nodeIds[0]!);
  }

  private async showModel(model: DiagramDocumentModel): Promise<void> {
    const sameDocument = this.model?.uri === model.uri;
    if (sameDocument && this.model && model.stamp < this.model.stamp) return;
    if (!sameDocument) {
      this.layout = undefined;
      this.overlays.clearRun();
      if (this.state.uri !== model.uri) this.collapsed.clear();
      if (countNodes(model) > AUTO_COLLAPSE_NODES && this.collapsed.size === 0) for (const id of nestedIds(model)) this.collapsed.add(id);
    }
    this.model = model;
    this.state.uri = model.uri;
    this.persist();
    this.banner.show(model.errors, model.stale);
    this.svgRoot.classList.toggle('stale', model.stale);
    // Not awaited: messages keep flowing while the worker lays out; models that arrive in the
    // meantime are coalesced (only the newest is laid out next).
    void this.relayout(!sameDocument);
  }

  /** Lays out and draws the current model; one layout at a time, the newest model wins. */
  private relayout(fit: boolean): Promise<void> {
    this.relayoutWanted = true;
    this.relayoutFit ||= fit;
    this.relayoutRunning ??= (async () => {
      while (this.relayoutWanted) {
        const f = this.relayoutFit;
        this.relayoutWanted = false;
        this.relayoutFit = false;
        await this.layoutOnce(f);
      }
    })().finally(() => { this.relayoutRunning = undefined; });
    return this.relayoutRunning;
  }

  private async layoutOnce(fit: boolean): Promise<void> {
    const model = this.model;
    if (!model) return;
    if (fit && !this.state.directionChosen) {
      // No preference yet: follow the panel's shape (a tall, narrow panel reads better top-down).
      const { width, height } = this.viewport.size();
      this.state.direction = height > width * 1.1 ? 'DOWN' : 'RIGHT';
      this.toolbar.setDirection(this.state.direction);
    }
    const request = { model, direction: this.state.direction, collapsed: new Set(this.collapsed) };
    const signature = layoutSignature(request);
    let result;
    if (!fit && this.layout && signature === this.layoutSignature) {
      result = { layout: rebindLayout(this.layout, request), layoutMs: 0 };
    } else {
      try {
        result = await this.engine.layout(request);
      } catch (err) {
        this.host.post({ type: 'error', message: `layout failed: ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
    }
    this.layoutSignature = signature;
    const renderStart = performance.now();
    const layout = fit ? result.layout : translateLayout(result.layout, stabilisingOffset(this.layout, result.layout));
    this.layout = layout;
    this.rendered = renderDiagram(layout, this.content);
    this.empty.classList.toggle('hidden', model.workflows.length > 0);
    this.empty.textContent = model.stale
      ? 'The diagram appears once the text parses (see the errors above).'
      : 'This file declares no workflow.';
    if (this.search.query) this.onSearch(this.search.query, 0);
    if (this.cursor) this.setCursorNode(this.cursor.uri === model.uri && this.cursor.position ? this.nodeAt(this.cursor.position)?.id : undefined);
    this.applyOverlays();
    this.setTabStop(this.tabStop && this.rendered.nodes.has(this.tabStop) ? this.tabStop : layout.nodes[0]?.id);
    const bounds = this.bounds();
    this.minimap.show(layout, bounds);
    if (fit) this.viewport.fitReadable(bounds, this.state.direction);
    const nodes = layout.nodes.length;
    const edges = layout.edges.length;
    this.toolbar.setStatus(`${nodes} nodes · ${edges} edges${model.stale ? ' · stale' : ''}`);
    // Reported once the browser has styled, laid out and painted the new picture.
    await nextPaint();
    const renderMs = performance.now() - renderStart;
    this.host.post({ type: 'rendered', uri: model.uri, stamp: model.stamp, nodes, edges, layoutMs: result.layoutMs, renderMs });
  }

  /**
   * Roving tab stop: one node is in the Tab order (the last focused, else the first); the
   * arrow keys move between nodes from there.
   */
  private setTabStop(id: string | undefined): void {
    if (this.tabStop && this.tabStop !== id) this.rendered?.nodes.get(this.tabStop)?.setAttribute('tabindex', '-1');
    this.tabStop = id;
    if (id) this.rendered?.nodes.get(id)?.setAttribute('tabindex', '0');
  }

  private applyOverlays(): void {
    if (this.rendered && this.layout) this.overlays.apply(this.rendered, this.layout);
    if (this.rendered) for (const [id, g] of this.rendered.nodes) g.classList.toggle('selected', id === this.selected);
  }

  private bounds(): Box {
    const l = this.layout;
    if (!l || (!l.workflows.length && !l.nodes.length)) return { x: 0, y: 0, width: 1, height: 1 };
    const boxes: Box[] = [...l.workflows, ...l.nodes];
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height));
    return { x, y, width: right - x, height: bottom - y };
  }

  // ------------------------------------------------------------------------------------------
  // Pointer and keyboard

  private onClick(e: MouseEvent): void {
    const target = e.target as Element;
    const toggle = target.closest('[data-toggle]');
    if (toggle) return void this.toggleCollapsed(toggle.getAttribute('data-toggle')!);
    const dot = target.closest('[data-breakpoint]');
    if (dot && this.model) {
      const node = this.findNode(dot.getAttribute('data-breakpoint')!);
      if (node) return this.host.post({ type: 'toggleBreakpoint', uri: node.nameRange.uri, line: node.nameRange.start.line });
    }
    const nodeEl = target.closest('.node');
    if (nodeEl) return this.activateNode(nodeEl.getAttribute('data-id')!);
    const edgeEl = target.closest('.edge');
    if (edgeEl) {
      const edge = this.layout?.edges.find((x) => x.id === edgeEl.getAttribute('data-id'));
      if (edge) this.host.post({ type: 'reveal', uri: edge.edge.range.uri, range: plainRange(edge.edge.range) });
    }
  }

  private activateNode(id: string): void {
    const node = this.findNode(id);
    if (!node) return;
    this.selected = id;
    this.applyOverlays();
    this.host.post({ type: 'reveal', uri: node.range.uri, range: plainRange(node.range) });
  }

  private onNodeKey(e: KeyboardEvent): void {
    const nodeEl = (e.target as Element).closest?.('.node');
    if (!nodeEl || !this.layout) return;
    const id = nodeEl.getAttribute('data-id')!;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.activateNode(id);
    } else if (isArrowKey(e.key)) {
      e.preventDefault();
      const from = this.layout.nodes.find((n) => n.id === id);
      const next = from && neighbourInDirection(this.layout.nodes, from, e.key);
      if (next) this.focusNode(next);
    } else if ((e.key === 'c' || e.key === 'C') && this.layout.nodes.find((n) => n.id === id)?.node.children) {
      e.preventDefault();
      void this.toggleCollapsed(id);
    }
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const inInput = (e.target as Element).closest?.('input');
    if ((e.ctrlKey || e.metaKey) && e.key === 'f') { e.preventDefault(); this.toolbar.search.focus(); return; }
    if (inInput || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '+' || e.key === '=') this.viewport.zoomBy(1.2);
    else if (e.key === '-') this.viewport.zoomBy(1 / 1.2);
    else if (e.key === '0') this.viewport.fit(this.bounds());
    else if (e.key === '/') { e.preventDefault(); this.toolbar.search.focus(); }
    else if (isArrowKey(e.key) && !(e.target as Element).closest?.('.node, button')) {
      // Nothing focused yet: the arrows enter the diagram at its first node.
      const first = this.layout?.nodes[0];
      if (first) { e.preventDefault(); this.focusNode(first.id); }
    }
  }

  private focusNode(id: string): void {
    const g = this.rendered?.nodes.get(id);
    if (!g) return;
    this.revealNode(id);
    g.focus();
  }

  private revealNode(id: string): void {
    const box = this.layout?.nodes.find((n) => n.id === id);
    if (box) this.viewport.reveal(box);
  }

  private async toggleCollapsed(id: string): Promise<void> {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.persist();
    await this.relayout(false);
  }

  // ------------------------------------------------------------------------------------------
  // Toolbar, search, cursor

  private async onToolbar(action: ToolbarAction | 'toggleDirection'): Promise<void> {
    switch (action) {
      case 'toggleDirection':
        this.state.direction = this.state.direction === 'RIGHT' ? 'DOWN' : 'RIGHT';
        this.state.directionChosen = true;
        this.toolbar.setDirection(this.state.direction);
        this.persist();
        return this.relayout(true);
      case 'fit': return this.viewport.fit(this.bounds());
      case 'zoomIn': return this.viewport.zoomBy(1.2);
      case 'zoomOut': return this.viewport.zoomBy(1 / 1.2);
      case 'collapseAll':
        if (this.model) for (const id of nestedIds(this.model)) this.collapsed.add(id);
        this.persist();
        return this.relayout(false);
      case 'expandAll':
        this.collapsed.clear();
        this.persist();
        return this.relayout(false);
      case 'toggleMinimap':
        this.state.minimap = !this.state.minimap;
        this.minimap.setVisible(this.state.minimap);
        this.toolbar.setMinimap(this.state.minimap);
        return this.persist();
      case 'exportSvg': {
        const data = this.exportSvgText();
        if (data) this.host.post({ type: 'export', format: 'svg', data, name: this.exportName('svg') });
        return;
      }
      case 'exportPng': {
        const text = this.exportSvgText();
        if (!text) return;
        try {
          this.host.post({ type: 'export', format: 'png', data: await svgToPng(text), name: this.exportName('png') });
        } catch (err) {
          this.host.post({ type: 'error', message: `PNG export failed: ${err instanceof Error ? err.message : String(err)}` });
        }
      }
    }
  }

  private exportSvgText(): string | undefined {
    if (!this.layout) return undefined;
    return exportSvg(this.content, this.defs, this.bounds(), DIAGRAM_CSS, document.body);
  }

  private exportName(ext: string): string {
    const base = (this.model?.workflows[0]?.id ?? 'diagram').replace(/[^\w.-]/g, '_');
    return `${base}.${ext}`;
  }

  private onSearch(query: string, step: 1 | -1 | 0): void {
    const all = this.layout?.nodes.map((n) => n.node) ?? [];
    if (step === 0 || query.trim().toLowerCase() !== this.search.query) this.search.update(query, all);
    this.overlays.matches = new Set(this.search.matches);
    this.overlays.searching = this.search.query.length > 0;
    this.applyOverlays();
    if (step !== 0) {
      const id = this.search.next(step);
      if (id) { this.revealNode(id); this.selected = id; this.applyOverlays(); }
    }
    this.toolbar.search.setAttribute('aria-description', this.search.query ? `${this.search.matches.length} matching nodes` : '');
  }

  private showCursor(uri: string, position: Position | null): void {
    this.cursor = { uri, position };
    if (this.setCursorNode(position && this.model?.uri === uri ? this.nodeAt(position)?.id : undefined)) {
      this.applyOverlays();
      if (this.overlays.cursor) this.revealNode(this.overlays.cursor);
    }
  }

  /** Sets the node highlighted for the cursor; tells the host when it changed. */
  private setCursorNode(id: string | undefined): boolean {
    if (this.overlays.cursor === id) return false;
    this.overlays.cursor = id;
    this.host.post({ type: 'highlighted', nodeId: id ?? null });
    return true;
  }

  /** The innermost visible node whose source contains `position`. */
  private nodeAt(position: Position): DiagramNode | undefined {
    let best: DiagramNode | undefined;
    for (const placed of this.layout?.nodes ?? []) {
      const r = placed.node.range;
      if (before(position, r.start) || before(r.end, position)) continue;
      if (!best || size(r) < size(best.range)) best = placed.node;
    }
    return best;
  }

  private findNode(id: string): DiagramNode | undefined {
    return this.layout?.nodes.find((n) => n.id === id)?.node;
  }

  private revealDiagnostic(d: DiagramDiagnostic): void {
    this.host.post({ type: 'reveal', uri: d.range.uri, range: plainRange(d.range) });
  }

  private persist(): void {
    this.state.collapsed = [...this.collapsed];
    this.host.setState(this.state);
  }
}

/** Resolves after the next frame has been painted. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function plainRange(r: { start: Position; end: Position }) {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function size(r: { start: Position; end: Position }): number {
  return (r.end.line - r.start.line) * 100_000 + r.end.character - r.start.character;
}

function walkGraphs(model: DiagramDocumentModel, visit: (n: DiagramNode) => void): void {
  const walk = (g: DiagramGraph) => { for (const n of g.nodes) { visit(n); if (n.children) walk(n.children); } };
  for (const w of model.workflows) walk(w.graph);
}

function countNodes(model: DiagramDocumentModel): number {
  let n = 0;
  walkGraphs(model, () => n++);
  return n;
}

function nestedIds(model: DiagramDocumentModel): string[] {
  const ids: string[] = [];
  walkGraphs(model, (n) => { if (n.children) ids.push(n.id); });
  return ids;
}
