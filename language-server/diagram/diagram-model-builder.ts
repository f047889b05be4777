// Diagram model — turns lowered workflows (the IR) plus the document's diagnostics into the
// diagram model the webview draws. No layout, no Langium AST, no LSP connection: a pure
// function of its inputs, so it is tested on hand-written IR and on every sample.

import { isTaskNode, type EdgeDefinition, type GraphDefinition, type NodeDefinition, type WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import type {
  DiagramDiagnostic, DiagramDocumentModel, DiagramEdge, DiagramGraph, DiagramNode, DiagramWorkflow,
} from './diagram-model.js';
import { placeDiagnostics, toDiagramDiagnostic, type DiagnosticInput, type DiagnosticTarget } from './diagnostic-placement.js';
import { edgeLabel, nodeLabel } from './node-label.js';
import { diagramEdgeId, diagramNodeId } from './diagram-ids.js';

export interface DiagramDocumentInput {
  uri: string;
  version: number;
  stamp: number;
  /** The document's lowered workflows, or undefined when the text could not be lowered. */
  workflows: WorkflowDefinition[] | undefined;
  /** The document's current diagnostics (LSP shape). */
  diagnostics: DiagnosticInput[];
  /** The last model published for this document, kept when `workflows` is undefined. */
  previous?: DiagramDocumentModel;
}

/** Builds the diagram model of workflows. */
export interface DiagramModelBuilder {
  /** The diagram of one workflow; `diagnostics` are placed on its nodes and edges. */
  buildWorkflow(definition: WorkflowDefinition, diagnostics?: DiagramDiagnostic[]): DiagramWorkflow;
  /** The model of a whole document: fresh when it lowered, else the last good one + errors. */
  buildDocument(input: DiagramDocumentInput): DiagramDocumentModel;
}

export class DefaultDiagramModelBuilder implements DiagramModelBuilder {
  buildDocument(input: DiagramDocumentInput): DiagramDocumentModel {
    const diagnostics = input.diagnostics.map((d) => toDiagramDiagnostic(d, input.uri));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!input.workflows) {
      return {
        uri: input.uri, version: input.version, stamp: input.stamp,
        workflows: input.previous?.workflows ?? [], stale: true, errors,
      };
    }
    const workflows = input.workflows.map((w) => this.buildWorkflow(w));
    const targets: DiagnosticTarget[] = [];
    for (const w of workflows) this.collectTargets(w.graph, targets);
    const unplaced = placeDiagnostics(diagnostics, targets);
    placeDiagnostics(unplaced, workflows);
    return { uri: input.uri, version: input.version, stamp: input.stamp, workflows, stale: false, errors };
  }

  buildWorkflow(definition: WorkflowDefinition, diagnostics: DiagramDiagnostic[] = []): DiagramWorkflow {
    const graph = this.buildGraph(definition, definition.id);
    const workflow: DiagramWorkflow = { id: definition.id, range: definition.range, graph, diagnostics: [] };
    if (diagnostics.length) {
      const targets: DiagnosticTarget[] = [];
      this.collectTargets(graph, targets);
      placeDiagnostics(placeDiagnostics(diagnostics, targets), [workflow]);
    }
    return workflow;
  }

  /** The graph of `owner` (a workflow or an inner graph) whose ids are prefixed by `path`. */
  protected buildGraph(owner: GraphDefinition, path: string): DiagramGraph {
    const nodes = this.orderNodes(owner).map((n) => this.buildNode(n, path));
    const names = new Set(nodes.map((n) => n.name));
    const edges = owner.edges
      .filter((e) => names.has(e.from) && names.has(e.to))
      .map((e) => this.buildEdge(e, path));
    for (const n of owner.nodes) {
      const target = isTaskNode(n) ? n.options.compensate : undefined;
      if (target && names.has(target)) edges.push(this.buildCompensation(n, target, path));
    }
    return { nodes, edges };
  }

  /** Nodes in model order: `start` first, `end` last, the rest in source order. */
  protected orderNodes(owner: GraphDefinition): NodeDefinition[] {
    const rank = (n: NodeDefinition) => (n.kind === 'start' ? 0 : n.kind === 'end' ? 2 : 1);
    return owner.nodes
      .map((n, i) => ({ n, i }))
      .sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i)
      .map((x) => x.n);
  }

  protected buildNode(node: NodeDefinition, path: string): DiagramNode {
    const id = diagramNodeId(path, node.id);
    const result: DiagramNode = {
      id, name: node.id, kind: node.kind, label: nodeLabel(node),
      range: node.range, nameRange: node.nameRange, diagnostics: [],
    };
    if (node.kind === 'foreach' || node.kind === 'region') result.children = this.buildGraph(node.body, id);
    return result;
  }

  protected buildEdge(edge: EdgeDefinition, path: string): DiagramEdge {
    const result: DiagramEdge = {
      id: diagramEdgeId(path, edge.id), source: diagramNodeId(path, edge.from), target: diagramNodeId(path, edge.to),
      kind: edge.kind, range: edge.range, diagnostics: [],
    };
    const label = edgeLabel(edge);
    if (label !== undefined) result.label = label;
    return result;
  }

  /** A task's `compensate` target as a link from the task (not an IR edge: no token flows). */
  protected buildCompensation(node: NodeDefinition, target: string, path: string): DiagramEdge {
    return {
      id: diagramEdgeId(path, `${node.id}~compensate~${target}`), source: diagramNodeId(path, node.id), target: diagramNodeId(path, target),
      kind: 'compensation', label: 'compensates', range: node.range, diagnostics: [],
    };
  }

  /** Every node and edge of `graph`, nested graphs included. */
  protected collectTargets(graph: DiagramGraph, into: DiagnosticTarget[]): void {
    for (const n of graph.nodes) {
      into.push(n);
      if (n.children) this.collectTargets(n.children, into);
    }
    into.push(...graph.edges);
  }
}

/**
 * Counts nodes and edges of a model, nested graphs included (for tests and the panel);
 * `flowOnly` leaves out the compensation links (then edges = the IR's edges).
 */
export function countDiagram(workflows: DiagramWorkflow[], flowOnly = false): { nodes: number; edges: number } {
  let nodes = 0;
  let edges = 0;
  const walk = (g: DiagramGraph) => {
    nodes += g.nodes.length;
    edges += flowOnly ? g.edges.filter((e) => e.kind !== 'compensation').length : g.edges.length;
    for (const n of g.nodes) if (n.children) walk(n.children);
  };
  for (const w of workflows) walk(w.graph);
  return { nodes, edges };
}
