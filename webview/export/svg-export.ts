// Webview export — a standalone SVG file of the diagram: the drawn content cloned, the
// stylesheet inlined with every `var(--vscode-…)` resolved to the current theme's value, and
// the background painted, so the file looks the same outside VS Code.

import type { Box } from '../layout/diagram-layout.js';
import { SVG_NS } from '../render/svg-dom.js';

/** Replaces `var(--name, fallback)` with the value computed on `from` (or the fallback). */
export function resolveCssVariables(css: string, from: Element): string {
  const style = getComputedStyle(from);
  const pattern = /var\((--[\w-]+)(?:\s*,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g;
  let previous;
  let out = css;
  // Fallbacks may hold var() themselves: resolve until nothing changes.
  do {
    previous = out;
    out = out.replace(pattern, (_m, name: string, fallback?: string) => style.getPropertyValue(name).trim() || (fallback ?? '').trim() || 'initial');
  } while (out !== previous);
  return out;
}

export function exportSvg(content: SVGGElement, defs: SVGDefsElement, bounds: Box, css: string, themeRoot: Element): string {
  const pad = 16;
  const width = Math.ceil(bounds.width + 2 * pad);
  const height = Math.ceil(bounds.height + 2 * pad);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `${bounds.x - pad} ${bounds.y - pad} ${width} ${height}`);
  root.setAttribute('class', 'weft-diagram-export');
  const style = document.createElementNS(SVG_NS, 'style');
  style.textContent = resolveCssVariables(css, themeRoot);
  root.appendChild(style);
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: bounds.x - pad, y: bounds.y - pad, width, height, class: 'export-background' })) background.setAttribute(k, String(v));
  root.appendChild(background);
  root.appendChild(defs.cloneNode(true));
  const clone = content.cloneNode(true) as SVGGElement;
  clone.removeAttribute('id');
  for (const el of clone.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  root.appendChild(clone);
  return new XMLSerializer().serializeToString(root);
}

/** Rasterises an SVG document to a PNG `data:` URL at `scale` (2 = crisp on HiDPI). */
export async function svgToPng(svgText: string, scale = 2): Promise<string> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
