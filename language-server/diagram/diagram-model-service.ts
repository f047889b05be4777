// Diagram model — the language-server service that publishes a diagram model after every
// document build (`weft/diagramModelChanged`) and answers `weft/diagramModel`. It lowers with
// the lowering it is given and builds from the IR; it never lays anything out.

import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import {
  DiagramModelChangedNotification, DiagramModelRequest,
  type DiagramModelChangedParams, type DiagramModelRequestParams, type DiagramModelRequestResult,
} from '../protocol/diagram-protocol.js';
import type { DiagramDocumentModel } from './diagram-model.js';
import { DiagramModelStore } from './diagram-model-store.js';
import { DefaultDiagramModelBuilder, type DiagramModelBuilder } from './diagram-model-builder.js';

/**
 * Lowers one built document to the workflows it declares, or undefined when it has no IR
 * (errors). May throw; a throw counts as "no IR".
 */
export type DocumentLowering = (document: LangiumDocument) => WorkflowDefinition[] | undefined;

export interface DiagramModelService {
  /** The last model of a document, after waiting for its current build to be validated. */
  modelFor(uri: string): Promise<DiagramDocumentModel | undefined>;
  /** Rebuilds the models of built documents (called after each build; public for tests). */
  documentsBuilt(documents: readonly LangiumDocument[]): DiagramDocumentModel[];
}

export class DefaultDiagramModelService implements DiagramModelService {
  protected readonly store: DiagramModelStore;

  constructor(
    protected readonly shared: LangiumSharedServices,
    protected readonly lower: DocumentLowering,
    builder: DiagramModelBuilder = new DefaultDiagramModelBuilder(),
    protected readonly fileExtensions: readonly string[] = ['.weft'],
  ) {
    this.store = new DiagramModelStore(builder);
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (docs) => {
      for (const model of this.documentsBuilt(docs)) this.publish(model);
    });
    shared.workspace.TextDocuments?.onDidClose((e) => this.store.delete(e.document.uri));
    // By method name: the connection's copy of vscode-jsonrpc differs from the protocol module's,
    // so the typed constant cannot be passed as is; the types still come from it.
    shared.lsp.Connection?.onRequest(DiagramModelRequest.method, async (params: DiagramModelRequestParams): Promise<DiagramModelRequestResult> =>
      (await this.modelFor(params.uri)) ?? null);
  }

  async modelFor(uri: string): Promise<DiagramDocumentModel | undefined> {
    const known = this.store.get(uri);
    if (known) return known;
    const parsed = URI.parse(uri);
    if (!this.isWeft(parsed) || !this.shared.workspace.LangiumDocuments.hasDocument(parsed)) return undefined;
    await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, parsed);
    return this.store.get(uri);
  }

  documentsBuilt(documents: readonly LangiumDocument[]): DiagramDocumentModel[] {
    return documents.filter((d) => this.isWeft(d.uri)).map((d) => this.store.update({
      uri: d.uri.toString(),
      version: d.textDocument.version,
      workflows: this.tryLower(d),
      diagnostics: (d.diagnostics ?? []).map((x) => ({ range: x.range, severity: x.severity, message: typeof x.message === 'string' ? x.message : x.message.value })),
    }));
  }

  protected tryLower(document: LangiumDocument): WorkflowDefinition[] | undefined {
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length || parserErrors.length) return undefined;
    try {
      return this.lower(document);
    } catch {
      return undefined;
    }
  }

  protected publish(model: DiagramDocumentModel): void {
    const params: DiagramModelChangedParams = { uri: model.uri, stamp: model.stamp, model };
    void this.shared.lsp.Connection?.sendNotification(DiagramModelChangedNotification.method, params);
  }

  protected isWeft(uri: URI): boolean {
    return this.fileExtensions.some((ext) => uri.path.endsWith(ext));
  }
}
