// Webview render — state drawn over the diagram without a new layout: run/debug state
// (current nodes, breakpoints, visited, status, metrics), the node under the editor's cursor,
// search matches and the selection. Classes on the node groups plus a metrics line per node.

import type { NodeMetrics, NodeRunStatus } from '../protocol.js';
import { NODE_RUN_STATUSES } from '../protocol.js';
import type { DiagramLayout } from '../layout/diagram-layout.js';
import type { RenderedDiagram } from './svg-renderer.js';
import { svgText } from './svg-dom.js';

export class DiagramOverlays {
  current = new Set<string>();
  breakpoints = new Set<string>();
  visited = new Set<string>();
  statuses = new Map<string, NodeRunStatus>();
  metrics: Map<string, NodeMetrics> | undefined;
  cursor: string | undefined;
  matches = new Set<string>();
  searching = false;

  clearRun(): void {
    this.current.clear();
    this.visited.clear();
    this.statuses.clear();
  }

  apply(rendered: RenderedDiagram, layout: DiagramLayout): void {
    const heights = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const [id, g] of rendered.nodes) {
      g.classList.toggle('current', this.current.has(id));
      g.classList.toggle('has-breakpoint', this.breakpoints.has(id));
      g.classList.toggle('visited', this.visited.has(id));
      g.classList.toggle('cursor', this.cursor === id);
      g.classList.toggle('match', this.matches.has(id));
      g.classList.toggle('dimmed', this.searching && !this.matches.has(id));
      const status = this.statuses.get(id);
      for (const s of NODE_RUN_STATUSES) g.classList.toggle(`status-${s}`, s === status);
      if (status) g.setAttribute('data-status', status);
      else g.removeAttribute('data-status');
      g.querySelector(':scope > .metrics')?.remove();
      const m = this.metrics?.get(id);
      const placed = heights.get(id);
      if (m && placed) {
        const text = `×${m.count} · ${formatMs(m.meanMs)}${m.p95Ms !== undefined ? ` · p95 ${formatMs(m.p95Ms)}` : ''}${m.failures ? ` · ${m.failures} failed` : ''}`;
        svgText(text, { class: 'metrics', x: placed.width / 2, y: placed.height + 13, 'text-anchor': 'middle' }, g);
      }
    }
  }
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${(ms / 60_000).toFixed(1)}m`;
}
