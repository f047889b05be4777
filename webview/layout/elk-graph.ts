// Webview layout — turns the diagram model into an elkjs graph (sizes, labels, options) and
// the elkjs result back into a `DiagramLayout` with absolute coordinates. Pure data in and out;
// running elkjs (in its worker) is `elk-layout-engine.ts`'s job.

import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { DiagramEdge, DiagramGraph, DiagramNode, DiagramWorkflow, LayoutDirection } from '../protocol.js';
import type { DiagramLayout, LayoutRequest, PlacedEdge, PlacedNode, PlacedWorkflow } from './diagram-layout.js';
import { CONTAINER_HEADER, CONTAINER_PADDING, KIND_GEOMETRY } from './node-geometry.js';
import { EDGE_FONT, fitText, textWidth } from './text-measure.js';

export type { LayoutRequest } from './diagram-layout.js';

const MAX_EDGE_LABEL = 200;
const WORKFLOW_PREFIX = 'workflow:';

function graphOptions(direction: LayoutDirection, top: number): LayoutOptions {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': direction,
    'elk.padding': `[top=${top},left=${CONTAINER_PADDING},bottom=${CONTAINER_PADDING},right=${CONTAINER_PADDING}]`,
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.edgeNode': '16',
    'elk.spacing.edgeEdge': '10',
    'elk.spacing.edgeLabel': '4',
    'elk.layered.spacing.nodeNodeBetweenLayers': '48',
    'elk.layered.spacing.edgeNodeBetweenLayers': '16',
    // Stability: the model order (source order) decides cycles and ties, so a small edit does
    // not reshuffle the picture.
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
    'elk.layered.thoroughness': '4',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.edgeLabels.inline': 'false',
    'elk.layered.mergeEdges': 'false',
  };
}

/** The elkjs input graph of a model. */
export function toElkGraph(request: LayoutRequest): ElkNode {
  return {
    id: 'root',
    layoutOptions: { ...graphOptions('DOWN', 8), 'elk.spacing.nodeNode': '40', 'elk.padding': '[top=8,left=8,bottom=8,right=8]' },
    children: request.model.workflows.map((w) => workflowNode(w, request)),
  };
}

function workflowNode(workflow: DiagramWorkflow, request: LayoutRequest): ElkNode {
  return {
    id: WORKFLOW_PREFIX + workflow.id,
    layoutOptions: graphOptions(request.direction, CONTAINER_HEADER),
    ...graphContents(workflow.graph, request),
  };
}

function graphContents(graph: DiagramGraph, request: LayoutRequest): { children: ElkNode[]; edges: ElkExtendedEdge[] } {
  return {
    children: graph.nodes.map((n) => elkNode(n, request)),
    edges: graph.edges.map(elkEdge),
  };
}

function elkNode(node: DiagramNode, request: LayoutRequest): ElkNode {
  const geometry = KIND_GEOMETRY[node.kind];
  if (node.children && !request.collapsed.has(node.id)) {
    return {
      id: node.id,
      layoutOptions: { ...graphOptions(request.direction, CONTAINER_HEADER), 'elk.nodeSize.minimum': `(${geometry.width}, ${geometry.height})`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE' },
      ...graphContents(node.children, request),
    };
  }
  return { id: node.id, width: geometry.width, height: geometry.height };
}

function elkEdge(edge: DiagramEdge): ElkExtendedEdge {
  const result: ElkExtendedEdge = { id: edge.id, sources: [edge.source], targets: [edge.target] };
  if (edge.label) {
    const text = fitText(edge.label, EDGE_FONT, MAX_EDGE_LABEL);
    result.labels = [{ id: `${edge.id}:label`, text, width: Math.ceil(textWidth(text, EDGE_FONT)) + 10, height: 16 }];
  }
  return result;
}

/** Reads elkjs's answer back into absolute coordinates. */
export function fromElkGraph(result: ElkNode, request: LayoutRequest): DiagramLayout {
  const nodesById = new Map<string, DiagramNode>();
  const edgesById = new Map<string, DiagramEdge>();
  const index = (g: DiagramGraph) => {
    for (const n of g.nodes) { nodesById.set(n.id, n); if (n.children) index(n.children); }
    for (const e of g.edges) edgesById.set(e.id, e);
  };
  const workflowsById = new Map(request.model.workflows.map((w) => { index(w.graph); return [WORKFLOW_PREFIX + w.id, w]; }));

  const layout: DiagramLayout = { workflows: [], nodes: [], edges: [], width: result.width ?? 0, height: result.height ?? 0 };
  const walk = (container: ElkNode, parent: string, ox: number, oy: number) => {
    for (const child of container.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      const box = { x, y, width: child.width ?? 0, height: child.height ?? 0 };
      const workflow = workflowsById.get(child.id);
      if (workflow) {
        const placed: PlacedWorkflow = { id: child.id, workflow, ...box };
        layout.workflows.push(placed);
        walk(child, child.id, x, y);
        continue;
      }
      const node = nodesById.get(child.id);
      if (!node) continue;
      const expanded = !!node.children && !request.collapsed.has(node.id);
      const placed: PlacedNode = { id: node.id, node, parent, collapsed: !!node.children && !expanded, expanded, ...box };
      layout.nodes.push(placed);
      if (expanded) walk(child, child.id, x, y);
    }
    for (const e of container.edges ?? []) {
      const edge = edgesById.get(e.id);
      if (!edge) continue;
      const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])
        .map((p) => ({ x: ox + p.x, y: oy + p.y }));
      const placed: PlacedEdge = { id: edge.id, edge, points };
      const label = e.labels?.[0];
      if (label?.text) placed.label = { text: label.text, x: ox + (label.x ?? 0), y: oy + (label.y ?? 0), width: label.width ?? 0, height: label.height ?? 0 };
      layout.edges.push(placed);
    }
  };
  walk(result, 'root', 0, 0);
  return layout;
}
