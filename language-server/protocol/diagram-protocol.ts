// LS <-> extension protocol of the diagram: the typed custom request and notification, the one
// place their method names are spelled. The server publishes a model after every document
// build; the extension asks for one when a panel opens. The model types are re-exported so
// both sides import the whole contract from here.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { DiagramDocumentModel } from '../diagram/diagram-model.js';

export type {
  DiagramDiagnostic, DiagramDocumentModel, DiagramEdge, DiagramEdgeKind, DiagramGraph, DiagramNode, DiagramSeverity, DiagramWorkflow,
} from '../diagram/diagram-model.js';

export { diagramEdgeId, diagramNodeId } from '../diagram/diagram-ids.js';

export interface DiagramModelParams {
  /** The document's URI as the client knows it. */
  uri: string;
}

/** `weft/diagramModel`: the current model of a document, or null when it is not a Weft file. */
export const DiagramModelRequest = new RequestType<DiagramModelParams, DiagramDocumentModel | null, void>('weft/diagramModel');

export interface DiagramModelChangedParams {
  uri: string;
  /** Increases with every model published for this URI; the client drops older ones. */
  stamp: number;
  model: DiagramDocumentModel;
}

/** `weft/diagramModelChanged`: a new model after a document build (sent to every client). */
export const DiagramModelChangedNotification = new NotificationType<DiagramModelChangedParams>('weft/diagramModelChanged');

/** The parameter and result types of the request, for call sites that go by method name. */
export type DiagramModelRequestParams = DiagramModelParams;
export type DiagramModelRequestResult = DiagramDocumentModel | null;
