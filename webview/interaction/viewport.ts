// Webview interaction — pan and zoom of the diagram: one transform on the viewport group,
// changed by wheel (ctrl/pinch zooms, plain wheel pans), drag on the background, the toolbar
// and the keyboard. Knows nothing about nodes beyond boxes to fit or centre.

import type { Box } from '../layout/diagram-layout.js';

export interface ViewTransform { k: number; x: number; y: number }

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;

export class Viewport {
  transform: ViewTransform = { k: 1, x: 0, y: 0 };
  private readonly listeners: Array<() => void> = [];

  private cachedSize: { width: number; height: number } | undefined;

  constructor(private readonly svgElement: SVGSVGElement, private readonly group: SVGGElement) {
    svgElement.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    // The view's size, kept current without measuring (measuring right after drawing forces
    // the browser to lay out the whole new SVG synchronously).
    new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) this.cachedSize = { width: Math.max(1, box.width), height: Math.max(1, box.height) };
      for (const l of this.listeners) l();
    }).observe(svgElement);
    this.enableDragPan();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  size(): { width: number; height: number } {
    if (this.cachedSize) return this.cachedSize;
    const r = this.svgElement.getBoundingClientRect();
    return { width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }

  set(t: ViewTransform): void {
    this.transform = { k: clamp(t.k, MIN_ZOOM, MAX_ZOOM), x: t.x, y: t.y };
    this.group.setAttribute('transform', `translate(${this.transform.x} ${this.transform.y}) scale(${this.transform.k})`);
    for (const l of this.listeners) l();
  }

  /** Zooms by `factor` keeping the screen point (cx, cy) still (the centre by default). */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { width, height } = this.size();
    const px = cx ?? width / 2;
    const py = cy ?? height / 2;
    const { k, x, y } = this.transform;
    const nk = clamp(k * factor, MIN_ZOOM, MAX_ZOOM);
    this.set({ k: nk, x: px - ((px - x) / k) * nk, y: py - ((py - y) / k) * nk });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.transform, x: this.transform.x + dx, y: this.transform.y + dy });
  }

  /** Shows the whole of `bounds`, never enlarging beyond 100%. */
  fit(bounds: Box, margin = 24): void {
    const { width, height } = this.size();
    if (bounds.width <= 0 || bounds.height <= 0) return;
    const k = clamp(Math.min((width - 2 * margin) / bounds.width, (height - 2 * margin) / bounds.height, 1), MIN_ZOOM, MAX_ZOOM);
    this.set({ k, x: (width - bounds.width * k) / 2 - bounds.x * k, y: (height - bounds.height * k) / 2 - bounds.y * k });
  }

  /**
   * The first view of a diagram: fits it when that keeps text readable (zoom >= 0.6); a larger
   * diagram is shown at 0.6 from its beginning (left for left-right, top for top-down).
   */
  fitReadable(bounds: Box, direction: 'RIGHT' | 'DOWN', margin = 24): void {
    this.fit(bounds, margin);
    const minimum = 0.6;
    if (this.transform.k >= minimum) return;
    const { width, height } = this.size();
    const k = minimum;
    const x = direction === 'RIGHT' || bounds.width * k <= width - 2 * margin
      ? (bounds.width * k <= width - 2 * margin ? (width - bounds.width * k) / 2 : margin) - bounds.x * k
      : margin - bounds.x * k;
    const y = direction === 'DOWN' || bounds.height * k > height - 2 * margin
      ? margin - bounds.y * k
      : (height - bounds.height * k) / 2 - bounds.y * k;
    this.set({ k, x, y });
  }

  /** Moves so that the content point (x, y) is in the middle of the view. */
  centreOn(x: number, y: number): void {
    const { width, height } = this.size();
    const k = this.transform.k;
    this.set({ k, x: width / 2 - x * k, y: height / 2 - y * k });
  }

  /** Centres on `box` only when part of it is out of view. */
  reveal(box: Box): void {
    const v = this.visibleContentRect();
    const inside = box.x >= v.x && box.y >= v.y && box.x + box.width <= v.x + v.width && box.y + box.height <= v.y + v.height;
    if (!inside) this.centreOn(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** The part of the content (in layout coordinates) that is on screen. */
  visibleContentRect(): Box {
    const { width, height } = this.size();
    const { k, x, y } = this.transform;
    return { x: -x / k, y: -y / k, width: width / k, height: height / k };
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.svgElement.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) this.zoomBy(Math.exp(-e.deltaY * 0.01), e.clientX - r.left, e.clientY - r.top);
    else this.panBy(-e.deltaX, -e.deltaY);
  }

  private enableDragPan(): void {
    let last: { x: number; y: number; id: number } | undefined;
    this.svgElement.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || (e.target as Element).closest('.node, .edge, .toggle')) return;
      last = { x: e.clientX, y: e.clientY, id: e.pointerId };
      this.svgElement.setPointerCapture(e.pointerId);
      this.svgElement.classList.add('panning');
    });
    this.svgElement.addEventListener('pointermove', (e) => {
      if (!last || e.pointerId !== last.id) return;
      this.panBy(e.clientX - last.x, e.clientY - last.y);
      last = { x: e.clientX, y: e.clientY, id: e.pointerId };
    });
    const stop = (e: PointerEvent) => {
      if (!last || e.pointerId !== last.id) return;
      last = undefined;
      this.svgElement.classList.remove('panning');
    };
    this.svgElement.addEventListener('pointerup', stop);
    this.svgElement.addEventListener('pointercancel', stop);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
