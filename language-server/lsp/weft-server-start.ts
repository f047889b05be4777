// Starts Langium's language server for Weft with the edit round trip put first: diagnostics of
// a validated document reach the wire before anything else that waited for that document, and
// document-wide requests an editor sends after each change wait for the build to finish.
import { DocumentState } from 'langium';
import type { LangiumSharedServices, ServiceRequirements } from 'langium/lsp';
import { startLanguageServer } from 'langium/lsp';

/**
 * Requests an editor sends on every change and whose answer covers the whole document: run
 * while the document is still being built, they would delay its diagnostics by their own work.
 * Requests a user waits for (completion, hover, definition…) keep Langium's earlier states.
 * (Not `WorkspaceState.Validated`: a request that arrives while the build's last listeners run
 * would wait for the next build, as Langium 4.4 notifies only the listeners it had before.)
 */
export const AFTER_VALIDATION: Partial<ServiceRequirements> = {
    DocumentSymbolProvider: DocumentState.Validated,
    FoldingRangeProvider: DocumentState.Validated,
    SemanticTokenProvider: DocumentState.Validated,
    InlayHintProvider: DocumentState.Validated,
    CodeLensProvider: DocumentState.Validated,
};

export function startWeftLanguageServer(shared: LangiumSharedServices): void {
    const connection = shared.lsp.Connection;
    // Langium publishes a document's diagnostics in its first Validated listener without
    // waiting for the write, which vscode-jsonrpc's stream writer does on a later turn of the
    // event loop; listeners added after it (requests waiting for the document) and the build's
    // last phase (the diagram model) would run first. The listener added here, right after
    // Langium's, waits until the diagnostics are written.
    let written: Promise<void> = Promise.resolve();
    if (connection) {
        const send = connection.sendDiagnostics.bind(connection);
        connection.sendDiagnostics = (params) => (written = send(params));
    }
    startLanguageServer(shared, AFTER_VALIDATION);
    shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, () => written.catch(() => undefined));
}
