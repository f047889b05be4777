// Webview layout — keeps the picture still across edits: the new layout is shifted so that the
// nodes present before and after sit where they were (median offset of the shared nodes). The
// model order options given to elkjs keep the relative arrangement; this removes global drift.

import type { DiagramLayout, Point } from './diagram-layout.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The offset that moves `next` onto `previous`, from the nodes both contain (0,0 if none). */
export function stabilisingOffset(previous: DiagramLayout | undefined, next: DiagramLayout): Point {
  if (!previous) return { x: 0, y: 0 };
  const before = new Map(previous.nodes.map((n) => [n.id, n]));
  const dx: number[] = [];
  const dy: number[] = [];
  for (const n of next.nodes) {
    const old = before.get(n.id);
    if (!old) continue;
    dx.push(old.x - n.x);
    dy.push(old.y - n.y);
  }
  if (!dx.length) return { x: 0, y: 0 };
  return { x: median(dx), y: median(dy) };
}

/** `layout` moved by `offset` (a new object; the input is not changed). */
export function translateLayout(layout: DiagramLayout, offset: Point): DiagramLayout {
  if (!offset.x && !offset.y) return layout;
  const move = <T extends { x: number; y: number }>(b: T): T => ({ ...b, x: b.x + offset.x, y: b.y + offset.y });
  return {
    ...layout,
    workflows: layout.workflows.map(move),
    nodes: layout.nodes.map(move),
    edges: layout.edges.map((e) => ({ ...e, points: e.points.map(move), ...(e.label ? { label: move(e.label) } : {}) })),
  };
}
