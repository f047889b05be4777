// Webview render — draws a laid-out diagram as SVG: workflow frames, foreach/region containers,
// edges with arrowheads and labels, nodes with shape, icon, name, description and diagnostics.
// Every element carries `data-id`; all text goes in as text. Run/debug state is applied later
// by `diagram-overlays.ts` through classes, without redrawing.

import type { DiagramDiagnostic, DiagramNode } from '../protocol.js';
import type { DiagramLayout, PlacedEdge, PlacedNode, PlacedWorkflow } from '../layout/diagram-layout.js';
import { CONTAINER_HEADER, KIND_GEOMETRY } from '../layout/node-geometry.js';
import { fitText, LABEL_FONT, NAME_FONT } from '../layout/text-measure.js';
import { drawShape, iconPath } from './node-shapes.js';
import { svg, svgText } from './svg-dom.js';

export const EDGE_KINDS = ['always', 'when', 'otherwise', 'error', 'timeout', 'event', 'compensation'] as const;

export interface RenderedDiagram {
  content: SVGGElement;
  nodes: Map<string, SVGGElement>;
  edges: Map<string, SVGGElement>;
}

/** The arrowheads, one per edge kind so each takes its kind's colour. */
export function drawMarkers(defs: SVGDefsElement): void {
  for (const kind of EDGE_KINDS) {
    const marker = svg('marker', {
      id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
      class: `marker edge-${kind}`,
    }, defs);
    svg('path', { d: 'M0 0 L10 5 L0 10 z' }, marker);
  }
}

export function renderDiagram(layout: DiagramLayout, into: SVGGElement): RenderedDiagram {
  into.replaceChildren();
  const rendered: RenderedDiagram = { content: into, nodes: new Map(), edges: new Map() };
  const frames = svg('g', { class: 'frames' }, into);
  const containers = svg('g', { class: 'containers' }, into);
  const edges = svg('g', { class: 'edges' }, into);
  const nodes = svg('g', { class: 'nodes' }, into);
  for (const w of layout.workflows) drawWorkflow(w, frames);
  for (const n of layout.nodes) {
    const g = n.expanded ? drawContainer(n, containers) : drawNode(n, nodes);
    rendered.nodes.set(n.id, g);
  }
  for (const e of layout.edges) rendered.edges.set(e.id, drawEdge(e, edges));
  return rendered;
}

function drawWorkflow(w: PlacedWorkflow, parent: Element): void {
  const g = svg('g', { class: 'workflow', 'data-workflow': w.workflow.id, transform: `translate(${w.x} ${w.y})` }, parent);
  svg('rect', { class: 'workflow-frame', width: w.width, height: w.height, rx: 6 }, g);
  svgText('workflow', { class: 'workflow-keyword', x: 14, y: 24 }, g);
  svgText(fitText(w.workflow.id, NAME_FONT, Math.max(40, w.width - 100)), { class: 'workflow-title', x: 78, y: 24 }, g);
  if (w.workflow.diagnostics.length) diagnosticBadge(w.workflow.diagnostics, w.width - 14, 18, g);
}

function nodeGroup(n: PlacedNode, parent: Element, extraClass: string): SVGGElement {
  const node = n.node;
  const g = svg('g', {
    class: `node kind-${node.kind} ${extraClass}`, 'data-id': node.id, 'data-kind': node.kind, transform: `translate(${n.x} ${n.y})`,
    tabindex: -1, role: 'button', 'aria-label': accessibleName(node),
  }, parent);
  svgText(tooltip(node), {}, svg('title', {}, g));
  return g;
}

function drawNode(n: PlacedNode, parent: Element): SVGGElement {
  const node = n.node;
  const g = nodeGroup(n, parent, n.collapsed ? 'collapsed' : '');
  drawShape(node.kind, n.width, n.height, g);
  const geometry = KIND_GEOMETRY[node.kind];
  if (geometry.shape !== 'circle') {
    const textX = geometry.shape === 'gateway' ? 42 : geometry.shape === 'event' ? 38 : 34;
    const icon = iconPath(node.kind);
    const iconY = n.height / 2 - 8;
    if (icon) svg('path', { class: 'icon', d: icon, transform: `translate(${textX - 24} ${iconY})` }, g);
    const room = n.width - textX - (geometry.shape === 'gateway' ? 26 : 12) - (n.collapsed ? 16 : 0);
    svgText(fitText(node.name, NAME_FONT, room), { class: 'name', x: textX, y: n.height / 2 - 3 }, g);
    svgText(fitText(node.label, LABEL_FONT, room), { class: 'label', x: textX, y: n.height / 2 + 12 }, g);
    if (n.collapsed) toggleButton(node.id, n.width - 20, n.height / 2 - 7, '+', g);
  }
  svg('circle', { class: 'breakpoint-dot', cx: 0, cy: 0, r: 5, 'data-breakpoint': node.id }, g);
  if (node.diagnostics.length) diagnosticBadge(node.diagnostics, n.width - 2, 2, g);
  return g;
}

function drawContainer(n: PlacedNode, parent: Element): SVGGElement {
  const node = n.node;
  const g = nodeGroup(n, parent, 'expanded');
  drawShape(node.kind, n.width, n.height, g);
  svg('line', { class: 'header-rule', x1: 0, x2: n.width, y1: CONTAINER_HEADER - 6, y2: CONTAINER_HEADER - 6 }, g);
  const icon = iconPath(node.kind);
  if (icon) svg('path', { class: 'icon', d: icon, transform: 'translate(10 10)' }, g);
  const room = n.width - 34 - 30;
  svgText(fitText(node.name, NAME_FONT, room), { class: 'name', x: 34, y: 18 }, g);
  svgText(fitText(node.label, LABEL_FONT, room), { class: 'label', x: 34, y: 30 }, g);
  toggleButton(node.id, n.width - 22, 8, '−', g);
  svg('circle', { class: 'breakpoint-dot', cx: 0, cy: 0, r: 5, 'data-breakpoint': node.id }, g);
  if (node.diagnostics.length) diagnosticBadge(node.diagnostics, n.width - 30, 2, g);
  return g;
}

function toggleButton(id: string, x: number, y: number, glyph: string, parent: Element): void {
  const b = svg('g', { class: 'toggle', 'data-toggle': id, transform: `translate(${x} ${y})` }, parent);
  svgText(glyph === '+' ? 'Expand' : 'Collapse', {}, svg('title', {}, b));
  svg('rect', { width: 14, height: 14, rx: 2 }, b);
  svgText(glyph, { x: 7, y: 11, 'text-anchor': 'middle' }, b);
}

function diagnosticBadge(diagnostics: DiagramDiagnostic[], x: number, y: number, parent: Element): void {
  const severity = diagnostics.some((d) => d.severity === 'error') ? 'error' : diagnostics.some((d) => d.severity === 'warning') ? 'warning' : 'info';
  const b = svg('g', { class: `diagnostic-badge severity-${severity}`, transform: `translate(${x} ${y})` }, parent);
  svg('circle', { r: 8 }, b);
  svgText(severity === 'info' ? 'i' : '!', { y: 4, 'text-anchor': 'middle' }, b);
}

function drawEdge(e: PlacedEdge, parent: Element): SVGGElement {
  const edge = e.edge;
  const g = svg('g', { class: `edge edge-${edge.kind}${edge.diagnostics.length ? ' has-diagnostics' : ''}`, 'data-id': edge.id }, parent);
  svgText(`${edge.label ?? edge.kind}${edge.diagnostics.map((d) => `\n${d.severity}: ${d.message}`).join('')}`, {}, svg('title', {}, g));
  const d = pathData(e.points);
  svg('path', { class: 'edge-hit', d }, g);
  svg('path', { class: 'edge-line', d, 'marker-end': `url(#arrow-${edge.kind})` }, g);
  if (e.label) {
    const l = svg('g', { class: 'edge-label', transform: `translate(${e.label.x} ${e.label.y})` }, g);
    svg('rect', { width: e.label.width, height: e.label.height, rx: 3 }, l);
    svgText(e.label.text, { x: e.label.width / 2, y: e.label.height - 4, 'text-anchor': 'middle' }, l);
  }
  return g;
}

/** An orthogonal polyline with slightly rounded corners. */
function pathData(points: Array<{ x: number; y: number }>): string {
  if (!points.length) return '';
  let d = `M${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const prev = points[i - 1]!;
    const next = points[i + 1];
    if (!next) { d += ` L${p.x} ${p.y}`; break; }
    const r = Math.min(6, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const a = towards(p, prev, r);
    const b = towards(p, next, r);
    d += ` L${a.x} ${a.y} Q${p.x} ${p.y} ${b.x} ${b.y}`;
  }
  return d;
}

function towards(from: { x: number; y: number }, to: { x: number; y: number }, distance: number): { x: number; y: number } {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) / len) * distance, y: from.y + ((to.y - from.y) / len) * distance };
}

function accessibleName(node: DiagramNode): string {
  const problems = node.diagnostics.length ? `, ${node.diagnostics.length} problem${node.diagnostics.length > 1 ? 's' : ''}` : '';
  return `${node.kind} ${node.name}: ${node.label}${problems}`;
}

function tooltip(node: DiagramNode): string {
  const lines = [`${node.name} — ${node.label}`];
  for (const d of node.diagnostics) lines.push(`${d.severity}: ${d.message}`);
  return lines.join('\n');
}
