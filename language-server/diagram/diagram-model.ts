// Diagram model — the plain, JSON-serialisable picture of a workflow that the language server
// sends to the extension and the extension forwards to the webview. Built from the IR (never
// the AST); carries no layout: positions are the webview's business (elkjs).

import type { SourceRange } from '../../runtime/ir/source-range.js';
import type { EdgeKind, NodeKind } from '../../runtime/ir/workflow-definition.js';

export type DiagramSeverity = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic of the document, attached to the node or edge whose source holds it. */
export interface DiagramDiagnostic {
  severity: DiagramSeverity;
  message: string;
  range: SourceRange;
}

export interface DiagramNode {
  /**
   * Unique in the whole document model: `Workflow/node` at top level and `Workflow/loop/node`
   * inside a nested graph, so the inner `start` of a foreach never clashes with the outer one.
   */
  id: string;
  /** The node's name in the source (`start`, `end` for the implicit ones). */
  name: string;
  kind: NodeKind;
  /** A one-line description: `script scripts/validate.js`, `POST https://…`, `wait 10m`. */
  label: string;
  range: SourceRange;
  nameRange: SourceRange;
  diagnostics: DiagramDiagnostic[];
  /** The inner graph of a `foreach` / `region`. */
  children?: DiagramGraph;
}

/** The IR's edge kinds plus `compensation`: a task's `compensate` target, drawn as a link. */
export type DiagramEdgeKind = EdgeKind | 'compensation';

export interface DiagramEdge {
  /** Unique in the document model: the owning graph's path + the IR edge id. */
  id: string;
  source: string;
  target: string;
  kind: DiagramEdgeKind;
  /** Text drawn on the edge: the condition, `otherwise`, the error name, `timeout`, the event. */
  label?: string;
  range: SourceRange;
  diagnostics: DiagramDiagnostic[];
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export interface DiagramWorkflow {
  /** The workflow's name. */
  id: string;
  range: SourceRange;
  graph: DiagramGraph;
  /** Diagnostics inside the workflow that fall on no node or edge. */
  diagnostics: DiagramDiagnostic[];
}

/** Everything the diagram shows for one document. */
export interface DiagramDocumentModel {
  uri: string;
  /** The text document version the workflows were built from. */
  version: number;
  /** Increases with every model the server publishes for this URI (a version stamp). */
  stamp: number;
  workflows: DiagramWorkflow[];
  /**
   * True when the current text could not be lowered (syntax or link errors): `workflows` is
   * the last good picture and `errors` says what is wrong now.
   */
  stale: boolean;
  /** Error diagnostics of the current text (always filled; the webview marks them). */
  errors: DiagramDiagnostic[];
}
