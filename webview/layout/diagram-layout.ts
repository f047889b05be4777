// Webview layout — the laid-out diagram: every workflow frame, node and edge with absolute
// coordinates, ready to draw. Produced by the elk layout engine, consumed by the renderer,
// the minimap, keyboard navigation and the stability step.

import type { DiagramDocumentModel, DiagramEdge, DiagramNode, DiagramWorkflow, LayoutDirection } from '../protocol.js';

/** What to lay out: a model, the direction, and the foreach/region nodes drawn closed. */
export interface LayoutRequest {
  model: DiagramDocumentModel;
  direction: LayoutDirection;
  collapsed: ReadonlySet<string>;
}

export interface Point { x: number; y: number }
export interface Box { x: number; y: number; width: number; height: number }

export interface PlacedWorkflow extends Box { id: string; workflow: DiagramWorkflow }

export interface PlacedNode extends Box {
  id: string;
  node: DiagramNode;
  /** The workflow frame or the expanded foreach/region the node sits in. */
  parent: string;
  /** A foreach/region drawn as one box (its inner graph hidden). */
  collapsed: boolean;
  /** A foreach/region drawn open, with its inner graph inside. */
  expanded: boolean;
}

export interface PlacedLabel extends Box { text: string }

export interface PlacedEdge {
  id: string;
  edge: DiagramEdge;
  points: Point[];
  label?: PlacedLabel;
}

export interface DiagramLayout {
  workflows: PlacedWorkflow[];
  /** Parents before their children. */
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}
