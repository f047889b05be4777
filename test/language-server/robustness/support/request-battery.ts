// Robustness test support — every request an editor sends about a document (diagnostics,
// completion, hover, navigation, symbols, formatting, tokens, folding, code actions, highlights,
// signature help, inlay hints, rename, workspace symbols) plus lowering to the IR, each timed.
// Calls the registered services directly; a service an area has not registered yet is skipped.
import assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import type { Position, Range } from 'vscode-languageserver';
import type { WeftServices } from '../../../../language-server/weft-module.js';
import type { Model } from '../../../../language-server/generated/ast.js';

export interface BatteryOptions {
    /** Offsets at which position-based requests are sent (clamped to the text). */
    offsets: number[];
    /** Longest time one request may take, in ms. */
    boundMs: number;
    /** Also run the document-wide requests (symbols, formatting, tokens, folding, …). Default true. */
    documentWide?: boolean;
}

export interface RequestTiming { request: string; ms: number }

/** Names of the requests the battery can send; used by tests to say what was covered. */
export const REQUESTS = [
    'diagnostics', 'completion', 'hover', 'definition', 'references', 'documentHighlight', 'signatureHelp',
    'prepareRename', 'rename', 'codeActions', 'documentSymbols', 'formatting', 'semanticTokens', 'folding',
    'inlayHints', 'workspaceSymbols', 'diagramModel', 'lowering',
] as const;

/** Describes where a failure happened so a fuzz counter-example can be reproduced. */
export class BatteryFailure extends Error {
    constructor(readonly request: string, readonly offset: number | undefined, override readonly cause: unknown) {
        super(`${request}${offset === undefined ? '' : ` at offset ${offset}`} threw: ${cause instanceof Error ? cause.stack ?? cause.message : String(cause)}`);
        this.name = 'BatteryFailure';
    }
}

/** Runs every request against `document`; throws BatteryFailure on the first exception. */
export async function runBattery(services: WeftServices, document: LangiumDocument, options: BatteryOptions): Promise<RequestTiming[]> {
    const timings: RequestTiming[] = [];
    const uri = document.uri.toString();
    const textDocument = { uri };
    const text = document.textDocument.getText();
    const lsp = services.lsp;
    const timed = async <T>(request: string, offset: number | undefined, call: () => T | Promise<T> | undefined): Promise<T | undefined> => {
        const started = performance.now();
        let result: T | undefined;
        try {
            result = await call();
        } catch (error) {
            throw new BatteryFailure(request, offset, error);
        }
        const ms = performance.now() - started;
        timings.push({ request, ms });
        assert.ok(ms <= options.boundMs, `${request}${offset === undefined ? '' : ` at offset ${offset}`} took ${ms.toFixed(0)} ms (bound ${options.boundMs} ms)`);
        return result;
    };

    const diagnostics = await timed('diagnostics', undefined, () => document.diagnostics ?? []);
    assert.ok(Array.isArray(diagnostics), 'a built document has a diagnostics array');

    const offsets = [...new Set(options.offsets.map(o => Math.max(0, Math.min(text.length, Math.floor(o)))))];
    for (const offset of offsets) {
        const position: Position = document.textDocument.positionAt(offset);
        const params = { textDocument, position };
        await timed('completion', offset, () => lsp.CompletionProvider?.getCompletion(document, params));
        await timed('hover', offset, () => lsp.HoverProvider?.getHoverContent(document, params));
        await timed('definition', offset, () => lsp.DefinitionProvider?.getDefinition(document, params));
        await timed('references', offset, () => lsp.ReferencesProvider?.findReferences(document, { ...params, context: { includeDeclaration: true } }));
        await timed('documentHighlight', offset, () => lsp.DocumentHighlightProvider?.getDocumentHighlight(document, params));
        await timed('signatureHelp', offset, () => lsp.SignatureHelp?.provideSignatureHelp(document, params));
        const renameRange = await timed('prepareRename', offset, () => lsp.RenameProvider?.prepareRename(document, params));
        if (renameRange) await timed('rename', offset, () => lsp.RenameProvider?.rename(document, { ...params, newName: 'renamedByFuzz' }));
        const range: Range = { start: position, end: document.textDocument.positionAt(Math.min(text.length, offset + 40)) };
        await timed('codeActions', offset, () => lsp.CodeActionProvider?.getCodeActions(document, {
            textDocument, range, context: { diagnostics: (document.diagnostics ?? []).filter(d => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line) },
        }));
    }

    if (options.documentWide ?? true) {
        const whole: Range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
        await timed('documentSymbols', undefined, () => lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument }));
        await timed('formatting', undefined, () => lsp.Formatter?.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } }));
        await timed('semanticTokens', undefined, () => lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument }));
        await timed('folding', undefined, () => lsp.FoldingRangeProvider?.getFoldingRanges(document, { textDocument }));
        await timed('inlayHints', undefined, () => lsp.InlayHintProvider?.getInlayHints(document, { textDocument, range: whole }));
        await timed('codeActions', undefined, () => lsp.CodeActionProvider?.getCodeActions(document, {
            textDocument, range: whole, context: { diagnostics: document.diagnostics ?? [] },
        }));
        await timed('workspaceSymbols', undefined, () => services.shared.lsp.WorkspaceSymbolProvider?.getSymbols({ query: '' }));
    }

    await timed('diagramModel', undefined, () => services.diagram.DiagramModelService.modelFor(uri));
    await timed('lowering', undefined, () => lowerEveryWorkflow(services, document));
    return timings;
}

/**
 * Lowers each workflow of a document without errors, as `weft compile` does after checking the
 * diagnostics; it must succeed. Documents with errors are not lowered by any caller but the
 * diagram service, which the battery asks separately (`diagramModel`).
 */
function lowerEveryWorkflow(services: WeftServices, document: LangiumDocument): number {
    const model = document.parseResult.value as Model | undefined;
    const hasErrors = (document.diagnostics ?? []).some(d => d.severity === 1)
        || document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0;
    if (hasErrors) return 0;
    let lowered = 0;
    for (const declaration of model?.declarations ?? []) {
        if (declaration.$type !== 'Workflow' || !declaration.name) continue;
        services.lowering.WorkflowLowerer.lowerBundle(document, declaration.name);
        lowered++;
    }
    return lowered;
}

/** A few offsets spread over a text: both ends, the middle and `count` evenly spaced points. */
export function spreadOffsets(text: string, count = 6): number[] {
    const offsets = [0, text.length];
    for (let i = 1; i <= count; i++) offsets.push(Math.floor((text.length * i) / (count + 1)));
    return offsets;
}
