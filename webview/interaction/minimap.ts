// Webview interaction — the overview in the corner for large graphs: the whole diagram drawn
// small as plain boxes (frames and nodes, cheap even for thousands) with the visible area as a
// rectangle; a click or drag there moves the main view. Hidden while the whole diagram is in view.

import type { Box, DiagramLayout } from '../layout/diagram-layout.js';
import { svg } from '../render/svg-dom.js';
import type { Viewport } from './viewport.js';

export class Minimap {
  private readonly root: SVGSVGElement;
  private readonly frame: SVGRectElement;
  private bounds: Box = { x: 0, y: 0, width: 1, height: 1 };
  private content: Box = { x: 0, y: 0, width: 1, height: 1 };

  private readonly shapes: SVGGElement;

  constructor(container: HTMLElement, private readonly viewport: Viewport) {
    this.root = svg('svg', { class: 'minimap', role: 'img', 'aria-label': 'Overview of the diagram' }, container);
    svg('rect', { class: 'minimap-background', x: '-100000', y: '-100000', width: '200000', height: '200000' }, this.root);
    this.shapes = svg('g', { class: 'minimap-shapes' }, this.root);
    this.frame = svg('rect', { class: 'minimap-view' }, this.root);
    viewport.onChange(() => this.update());
    let dragging = false;
    const move = (e: PointerEvent) => {
      const p = this.toContent(e);
      this.viewport.centreOn(p.x, p.y);
    };
    this.root.addEventListener('pointerdown', (e) => { dragging = true; this.root.setPointerCapture(e.pointerId); move(e); });
    this.root.addEventListener('pointermove', (e) => { if (dragging) move(e); });
    this.root.addEventListener('pointerup', () => { dragging = false; });
  }

  /** Draws `layout` small; `bounds` is the box around all of it. */
  show(layout: DiagramLayout, bounds: Box): void {
    this.shapes.replaceChildren();
    for (const w of layout.workflows) svg('rect', { class: 'minimap-frame', x: w.x, y: w.y, width: w.width, height: w.height }, this.shapes);
    for (const n of layout.nodes) {
      svg('rect', { class: n.expanded ? 'minimap-container' : 'minimap-node', x: n.x, y: n.y, width: n.width, height: n.height, 'data-kind': n.node.kind }, this.shapes);
    }
    this.setBounds(bounds);
  }

  private setBounds(bounds: Box): void {
    const pad = 10;
    this.content = bounds;
    this.bounds = { x: bounds.x - pad, y: bounds.y - pad, width: bounds.width + 2 * pad, height: bounds.height + 2 * pad };
    this.root.setAttribute('viewBox', `${this.bounds.x} ${this.bounds.y} ${this.bounds.width} ${this.bounds.height}`);
    this.update();
  }

  setVisible(visible: boolean): void {
    this.root.classList.toggle('hidden', !visible);
  }

  private update(): void {
    const v = this.viewport.visibleContentRect();
    this.frame.setAttribute('x', String(v.x));
    this.frame.setAttribute('y', String(v.y));
    this.frame.setAttribute('width', String(v.width));
    this.frame.setAttribute('height', String(v.height));
    this.frame.setAttribute('stroke-width', String(Math.max(this.bounds.width, this.bounds.height) / 100));
    // Only worth showing while part of the diagram is out of view.
    const c = this.content;
    const fits = c.x >= v.x - 1 && c.y >= v.y - 1 && c.x + c.width <= v.x + v.width + 1 && c.y + c.height <= v.y + v.height + 1;
    this.root.classList.toggle('fits', fits);
  }

  private toContent(e: PointerEvent): { x: number; y: number } {
    const r = this.root.getBoundingClientRect();
    const scale = Math.max(this.bounds.width / r.width, this.bounds.height / r.height);
    // preserveAspectRatio xMidYMid meet: the content is centred in the element.
    const ox = (r.width - this.bounds.width / scale) / 2;
    const oy = (r.height - this.bounds.height / scale) / 2;
    return { x: this.bounds.x + (e.clientX - r.left - ox) * scale, y: this.bounds.y + (e.clientY - r.top - oy) * scale };
  }
}
