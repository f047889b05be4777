// `weft compile <file> [--workflow Name]`: loads the file and its imports, stops with the
// diagnostics (exit 1) if any error, else prints the workflow's IR bundle (with its hash) as
// JSON on stdout. Warnings go to stderr and do not stop compilation.
import { withBundleHash } from '../../runtime/ir/bundle-hash.js';
import type { LangiumDocument } from 'langium';
import type { Import, Model } from '../../language-server/generated/ast.js';
import { LoweringError } from '../../language-server/lowering/lowering-error.js';
import type { FileDiagnostic } from '../../language-server/workspace/document-diagnostics.js';
import { diagnosticsOf, displayPath, formatDiagnostic } from '../../language-server/workspace/document-diagnostics.js';
import { loadFilesWithImports } from '../../language-server/workspace/workspace-loader.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { weftServices } from '../language-services.js';
import type { WeftServices } from '../../language-server/weft-module.js';

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

export const compileCommand: CliCommand = {
    name: 'compile',
    summary: 'print the IR (WorkflowBundle JSON) of a workflow',
    usage: 'weft compile <file.weft> [--workflow Name]',
    options: {
        workflow: { type: 'string', short: 'w' },
    },
    async run({ values, positionals, io }) {
        if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'compile needs a file' : 'compile takes exactly one file');
        const services = weftServices();
        const loaded = await loadFilesWithImports(services, positionals);
        const diagnostics = loaded.documents.flatMap(d => diagnosticsOf(d));
        diagnostics.push(...unreadableImportDiagnostics(services, loaded.documents, diagnostics));
        for (const d of diagnostics) io.stderr(formatDiagnostic(d) + '\n');
        if (diagnostics.some(d => d.severity === 'error')) return ExitCode.invalid;
        const workflow = typeof values.workflow === 'string' ? values.workflow : undefined;
        try {
            const bundle = services.lowering.WorkflowLowerer.lowerBundle(loaded.entries[0], workflow);
            io.stdout(JSON.stringify(withBundleHash(bundle), null, 2) + '\n');
            return ExitCode.ok;
        } catch (error) {
            if (!(error instanceof LoweringError)) throw error;
            const r = error.range;
            const file = displayPath(loaded.documents.find(d => d.uri.toString() === r.uri) ?? loaded.entries[0]);
            if (workflow !== undefined && /^No workflow/.test(error.message)) throw new UsageError(error.message);
            io.stderr(`${file}:${r.start.line + 1}:${r.start.character + 1} error lowering ${error.message}\n`);
            return ExitCode.invalid;
        }
    },
};
