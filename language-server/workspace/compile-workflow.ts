// The compile step outside the language server — `weft compile`, `weft run`, the debug adapter
// and the editor's run command: load a file and its imports, collect diagnostics
// (file:line:col), and lower the chosen workflow to a hashed WorkflowBundle. It runs nothing.
import type { LangiumDocument } from 'langium';
import { isWorkflow, type Import, type Model } from '../generated/ast.js';
import { LoweringError } from '../lowering/lowering-error.js';
import type { FileDiagnostic } from './document-diagnostics.js';
import { diagnosticsOf, displayPath, formatDiagnostic } from './document-diagnostics.js';
import { loadFilesWithImports, type LoadedFiles } from './workspace-loader.js';
import type { WeftServices } from '../weft-module.js';
import { withBundleHash } from '../../runtime/ir/bundle-hash.js';
import type { WorkflowBundle } from '../../runtime/ir/workflow-definition.js';
import { weftServices } from './node-services.js';

/** The named workflow is not in the file: a usage error for the caller. */
export class UnknownWorkflowError extends Error {
    override name = 'UnknownWorkflowError';
}

export type CompileResult =
    | { ok: true; bundle: WorkflowBundle; warnings: FileDiagnostic[] }
    | { ok: false; diagnostics: FileDiagnostic[] };

/** An error diagnostic on each import whose file could not be read, unless one is already there. */
function unreadableImportDiagnostics(services: WeftServices, documents: LangiumDocument[], existing: FileDiagnostic[]): FileDiagnostic[] {
    const resolver = services.references.ImportResolver;
    const loaded = services.shared.workspace.LangiumDocuments;
    const result: FileDiagnostic[] = [];
    for (const document of documents) {
        for (const imp of (document.parseResult.value as Model).imports as Import[]) {
            if (!imp.path || loaded.hasDocument(resolver.resolveImport(imp))) continue;
            const range = imp.$cstNode!.range;
            const file = displayPath(document);
            if (existing.some(d => d.file === file && d.line === range.start.line + 1 && d.severity === 'error')) continue;
            result.push({
                file, line: range.start.line + 1, column: range.start.character + 1,
                endLine: range.end.line + 1, endColumn: range.end.character + 1,
                severity: 'error', code: 'import-unresolved', message: `Cannot read imported file '${imp.path}'`,
            });
        }
    }
    return result;
}

/** Loads `files` and their imports with the diagnostics of every loaded document, unreadable imports included. */
async function loadChecked(files: readonly string[]): Promise<{ services: WeftServices; loaded: LoadedFiles; diagnostics: FileDiagnostic[] }> {
    const services = weftServices();
    const loaded = await loadFilesWithImports(services, files);
    const diagnostics = loaded.documents.flatMap(d => diagnosticsOf(d));
    diagnostics.push(...unreadableImportDiagnostics(services, loaded.documents, diagnostics));
    return { services, loaded, diagnostics };
}

/**
 * Compiles `file` (and its imports) to the bundle of `workflow` (default: the file's first
 * workflow). Errors in any loaded file, or a lowering error, give `ok: false` with located
 * diagnostics; an unknown `workflow` name throws `UnknownWorkflowError`.
 */
export async function compileWorkflow(file: string, workflow?: string): Promise<CompileResult> {
    const { services, loaded, diagnostics } = await loadChecked([file]);
    if (diagnostics.some(d => d.severity === 'error')) return { ok: false, diagnostics };
    try {
        const bundle = services.lowering.WorkflowLowerer.lowerBundle(loaded.entries[0], workflow);
        return { ok: true, bundle: withBundleHash(bundle), warnings: diagnostics };
    } catch (error) {
        if (!(error instanceof LoweringError)) throw error;
        if (workflow !== undefined && /^No workflow/.test(error.message)) throw new UnknownWorkflowError(error.message);
        return { ok: false, diagnostics: [loweringDiagnostic(error, loaded.documents, loaded.entries[0])] };
    }
}

/** A lowering error as a diagnostic of the loaded document it is in (else `fallback`). */
function loweringDiagnostic(error: LoweringError, documents: readonly LangiumDocument[], fallback: LangiumDocument): FileDiagnostic {
    const r = error.range;
    const document = documents.find(d => d.uri.toString() === r.uri) ?? fallback;
    return {
        file: displayPath(document), line: r.start.line + 1, column: r.start.character + 1,
        endLine: r.end.line + 1, endColumn: r.end.character + 1,
        severity: 'error', code: 'lowering', message: error.message,
    };
}

export type CompileAllResult =
    | { ok: true; bundles: WorkflowBundle[]; warnings: FileDiagnostic[] }
    | { ok: false; diagnostics: FileDiagnostic[] };

/**
 * Compiles every workflow declared in `files` (their imports loaded too, but not their own
 * workflows) to a bundle each, in file and declaration order: what `weft serve` serves. Any
 * error in a loaded file, or a lowering error, gives `ok: false` with located diagnostics.
 */
export async function compileAllWorkflows(files: readonly string[]): Promise<CompileAllResult> {
    const { services, loaded, diagnostics } = await loadChecked(files);
    if (diagnostics.some(d => d.severity === 'error')) return { ok: false, diagnostics };
    const bundles: WorkflowBundle[] = [];
    for (const document of loaded.entries) {
        for (const workflow of (document.parseResult.value as Model).declarations.filter(isWorkflow)) {
            try {
                bundles.push(withBundleHash(services.lowering.WorkflowLowerer.lowerBundle(document, workflow.name)));
            } catch (error) {
                if (!(error instanceof LoweringError)) throw error;
                return { ok: false, diagnostics: [loweringDiagnostic(error, loaded.documents, document)] };
            }
        }
    }
    return { ok: true, bundles, warnings: diagnostics };
}

/** Prints diagnostics the way every command does: one `file:line:col severity code message` a line. */
export function printDiagnostics(diagnostics: readonly FileDiagnostic[], write: (text: string) => void): void {
    for (const d of diagnostics) write(formatDiagnostic(d) + '\n');
}
