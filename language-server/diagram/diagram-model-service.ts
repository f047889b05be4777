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
  /**
   * The model of a document's latest build (built now if the document changed since its last
   * model; waits for a build in progress).
   */
  modelFor(uri: string): Promise<DiagramDocumentModel | undefined>;
  /** Rebuilds the models of built documents (called after each build; public for tests). */
  documentsBuilt(documents: readonly LangiumDocument[]): DiagramDocumentModel[];
}

export class DefaultDiagramModelService implements DiagramModelService {
  protected readonly store: DiagramModelStore;
  /** Documents a client has asked about: their new models are pushed after every build. */
  protected readonly watched = new Set<string>();
  /** Documents built since their last model (built lazily, on request). */
  protected readonly unmodelled = new Set<string>();
  /**
   * The diagnostics array (new with every validation) each document's current model was built
   * with: a model asked for while a build ran is not built and pushed again when it ends.
   */
  protected readonly modelledValidation = new Map<string, unknown>();

  constructor(
    protected readonly shared: LangiumSharedServices,
    protected readonly lower: DocumentLowering,
    builder: DiagramModelBuilder = new DefaultDiagramModelBuilder(),
    protected readonly fileExtensions: readonly string[] = ['.weft'],
  ) {
    this.store = new DiagramModelStore(builder);
    // Only documents someone watches are modelled on every build: typing in a file whose
    // diagram is not open costs nothing here.
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (docs) => {
      // A document whose model was already built from this validation (asked for while the
      // build ran) is neither modelled nor pushed again.
      const changed = docs.filter((d) => this.isWeft(d.uri) && !this.modelledFrom(d));
      for (const d of changed) if (!this.watched.has(d.uri.toString())) this.unmodelled.add(d.uri.toString());
      for (const model of this.documentsBuilt(changed.filter((d) => this.watched.has(d.uri.toString())))) this.publish(model);
    });
    shared.workspace.TextDocuments?.onDidClose((e) => {
      this.store.delete(e.document.uri);
      this.watched.delete(e.document.uri);
      this.modelledValidation.delete(e.document.uri);
    });
    // By method name: the connection's copy of vscode-jsonrpc differs from the protocol module's,
    // so the typed constant cannot be passed as is; the types still come from it.
    // The answer carries the model; the document is watched (pushed after each build) only from
    // then on, and a build that finished while the answer was being made is pushed at once.
    shared.lsp.Connection?.onRequest(DiagramModelRequest.method, async (params: DiagramModelRequestParams): Promise<DiagramModelRequestResult> => {
      const model = await this.modelFor(params.uri);
      this.watched.add(params.uri);
      if (this.unmodelled.has(params.uri)) {
        const latest = await this.modelFor(params.uri);
        if (latest && latest !== model) this.publish(latest);
      }
      return model ?? null;
    });
  }

  async modelFor(uri: string): Promise<DiagramDocumentModel | undefined> {
    const parsed = URI.parse(uri);
    const documents = this.shared.workspace.LangiumDocuments;
    if (!this.isWeft(parsed) || !documents.hasDocument(parsed)) return this.store.get(uri);
    if (!this.store.get(uri) || this.unmodelled.has(uri)) {
      await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, parsed);
      const document = documents.getDocument(parsed);
      if (document && document.state >= DocumentState.Validated && (!this.store.get(uri) || this.unmodelled.has(uri))) {
        this.documentsBuilt([document]);
      }
    }
    return this.store.get(uri);
  }

  documentsBuilt(documents: readonly LangiumDocument[]): DiagramDocumentModel[] {
    for (const d of documents) {
      this.unmodelled.delete(d.uri.toString());
      this.modelledValidation.set(d.uri.toString(), d.diagnostics);
    }
    return documents.filter((d) => this.isWeft(d.uri)).map((d) => this.store.update({
      uri: d.uri.toString(),
      version: d.textDocument.version,
      workflows: this.tryLower(d),
      diagnostics: (d.diagnostics ?? []).map((x) => ({ range: x.range, severity: x.severity, message: typeof x.message === 'string' ? x.message : x.message.value })),
    }));
  }

  /** Whether the document's current model was built from its latest validation. */
  protected modelledFrom(document: LangiumDocument): boolean {
    const uri = document.uri.toString();
    return this.modelledValidation.has(uri) && this.modelledValidation.get(uri) === document.diagnostics && this.store.get(uri) !== undefined;
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
