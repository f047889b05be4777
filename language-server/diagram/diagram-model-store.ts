// Diagram model — remembers, per document, the last published model and its version stamp,
// and keeps the last good picture when the current text cannot be lowered. No Langium and no
// connection here: the service feeds it after each build and sends what it returns.

import type { WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import type { DiagnosticInput } from './diagnostic-placement.js';
import type { DiagramDocumentModel } from './diagram-model.js';
import { DefaultDiagramModelBuilder, type DiagramModelBuilder } from './diagram-model-builder.js';

export interface DiagramModelUpdate {
  uri: string;
  version: number;
  /** The lowered workflows of the document, or undefined when it has no IR right now. */
  workflows: WorkflowDefinition[] | undefined;
  diagnostics: DiagnosticInput[];
}

export class DiagramModelStore {
  private readonly models = new Map<string, DiagramDocumentModel>();
  private stamp = 0;

  constructor(private readonly builder: DiagramModelBuilder = new DefaultDiagramModelBuilder()) {}

  /** Builds and remembers the model for a new build of a document; returns it. */
  update(update: DiagramModelUpdate): DiagramDocumentModel {
    const model = this.builder.buildDocument({
      ...update, stamp: ++this.stamp, previous: this.models.get(update.uri),
    });
    this.models.set(update.uri, model);
    return model;
  }

  get(uri: string): DiagramDocumentModel | undefined {
    return this.models.get(uri);
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
