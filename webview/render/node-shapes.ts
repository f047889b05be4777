// Webview render — the shape and icon of each node kind: a distinct outline per shape family
// (circle, task, sub-process, assignment, event, gateway, stop, container) and a 16px stroke
// icon per kind. Geometry only; colours come from CSS classes (theme variables).

import type { NodeKind } from '../../runtime/ir/workflow-definition.js';
import { KIND_GEOMETRY } from '../layout/node-geometry.js';
import { svg } from './svg-dom.js';

/** 16x16 stroke icons (paths in a 0..16 box). */
const ICONS: Partial<Record<NodeKind, string>> = {
  script: 'M5 4 L1.5 8 L5 12 M11 4 L14.5 8 L11 12 M9.5 2.5 L6.5 13.5',
  http: 'M8 1.5 A6.5 6.5 0 1 0 8 14.5 A6.5 6.5 0 1 0 8 1.5 M1.5 8 H14.5 M8 1.5 C4.5 5 4.5 11 8 14.5 M8 1.5 C11.5 5 11.5 11 8 14.5',
  connector: 'M5 1.5 V5 M11 1.5 V5 M3 5 H13 V8 A5 5 0 0 1 3 8 Z M8 13 V15',
  subworkflow: 'M1.5 3 H7 V8 H1.5 Z M9 8 H14.5 V13 H9 Z M7 5.5 H11.5 V8',
  ai: 'M8 1 L9.5 6.5 L15 8 L9.5 9.5 L8 15 L6.5 9.5 L1 8 L6.5 6.5 Z',
  approval: 'M8 2 A3 3 0 1 0 8 8 A3 3 0 1 0 8 2 M2.5 15 C2.5 10.5 13.5 10.5 13.5 15',
  set: 'M3 5.5 H13 M3 10.5 H13',
  timer: 'M8 1.5 A6.5 6.5 0 1 0 8 14.5 A6.5 6.5 0 1 0 8 1.5 M8 4 V8 L11 10',
  'event-wait': 'M1.5 4 H14.5 V12 H1.5 Z M1.5 4 L8 9 L14.5 4',
  listen: 'M1.5 5 H11 V12 H1.5 Z M1.5 5 L6.25 9 L11 5 M4 2.5 H14.5 V9.5',
  emit: 'M1.5 14.5 L14.5 8 L1.5 1.5 L4 8 Z M4 8 H9',
  join: 'M8 3 V13 M3 8 H13',
  fork: 'M8 3.5 A4.5 4.5 0 1 0 8 12.5 A4.5 4.5 0 1 0 8 3.5',
  fail: 'M8 2 L15 14 H1 Z M8 6.5 V10 M8 11.8 V12.2',
  terminate: 'M3.5 3.5 H12.5 V12.5 H3.5 Z',
  foreach: 'M13.5 8 A5.5 5.5 0 1 1 11.5 3.8 M11.8 1 L11.8 4 L14.8 4',
  region: 'M5 2 H2 V14 H5 M11 2 H14 V14 H11',
};

export function iconPath(kind: NodeKind): string | undefined {
  return ICONS[kind];
}

/** Draws the outline of a node of `kind` in a box of `width` x `height` at the origin. */
export function drawShape(kind: NodeKind, width: number, height: number, parent: Element): SVGElement {
  const family = KIND_GEOMETRY[kind].shape;
  const cls = 'shape';
  switch (family) {
    case 'circle': {
      const r = Math.min(width, height) / 2;
      const g = svg('g', { class: cls }, parent);
      svg('circle', { cx: width / 2, cy: height / 2, r: r - 1, class: 'outline' }, g);
      if (kind === 'end') svg('circle', { cx: width / 2, cy: height / 2, r: r - 6, class: 'inner' }, g);
      else svg('path', { d: `M${width / 2 - 4} ${height / 2 - 6} L${width / 2 + 7} ${height / 2} L${width / 2 - 4} ${height / 2 + 6} Z`, class: 'inner' }, g);
      return g;
    }
    case 'task':
      return svg('rect', { class: `${cls} outline`, x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: 8 }, parent);
    case 'subprocess': {
      const g = svg('g', { class: cls }, parent);
      svg('rect', { class: 'outline', x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: 8 }, g);
      svg('path', { class: 'detail', d: `M8 1 V${height - 1} M${width - 8} 1 V${height - 1}` }, g);
      return g;
    }
    case 'assign':
      return svg('rect', { class: `${cls} outline`, x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: 1 }, parent);
    case 'event':
      return svg('rect', { class: `${cls} outline`, x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: (height - 1) / 2 }, parent);
    case 'gateway': {
      const h = height / 2;
      const d = `M0.5 ${h} L${h} 0.5 H${width - h} L${width - 0.5} ${h} L${width - h} ${height - 0.5} H${h} Z`;
      return svg('path', { class: `${cls} outline`, d }, parent);
    }
    case 'stop': {
      const c = 10;
      const d = `M${c} 0.5 H${width - c} L${width - 0.5} ${c} V${height - c} L${width - c} ${height - 0.5} H${c} L0.5 ${height - c} V${c} Z`;
      return svg('path', { class: `${cls} outline`, d }, parent);
    }
    case 'container': {
      const g = svg('g', { class: cls }, parent);
      if (kind === 'foreach') svg('rect', { class: 'stack', x: 4.5, y: 4.5, width: width - 1, height: height - 1, rx: 10 }, g);
      svg('rect', { class: 'outline', x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: 10 }, g);
      return g;
    }
  }
}
