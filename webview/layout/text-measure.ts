// Webview layout — measures and shortens text with the fonts the renderer draws with, so node
// sizes and edge label boxes given to elkjs match the picture. Canvas measureText; no DOM layout.

export const NAME_FONT = '600 12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
export const LABEL_FONT = '11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
export const EDGE_FONT = '11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';

let context: CanvasRenderingContext2D | null | undefined;
let currentFont = '';
/** Widths already measured, per font: redrawing after an edit measures almost nothing. */
const widths = new Map<string, Map<string, number>>();
const MAX_CACHED = 20_000;

export function textWidth(text: string, font: string): number {
  let cache = widths.get(font);
  const known = cache?.get(text);
  if (known !== undefined) return known;
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * 7;
  if (currentFont !== font) { context.font = font; currentFont = font; }
  const width = context.measureText(text).width;
  if (!cache) widths.set(font, (cache = new Map()));
  if (cache.size > MAX_CACHED) cache.clear();
  cache.set(text, width);
  return width;
}

/** `text` cut with an ellipsis so that it fits in `max` pixels. */
export function fitText(text: string, font: string, max: number): string {
  if (textWidth(text, font) <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(text.slice(0, mid) + '…', font) <= max) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}
