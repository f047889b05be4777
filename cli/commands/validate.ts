// `weft validate <files…> [--json]`: builds the files and everything they import, prints every
// diagnostic as `file:line:col severity code message` (1-based) or, with --json, one JSON array
// of {file, line, column, endLine, endColumn, severity, code, message}. Exit 0 without errors,
// 1 with errors (warnings alone do not fail), 2 for usage errors or unreadable files.
import type { FileDiagnostic } from '../../language-server/workspace/document-diagnostics.js';
import { diagnosticsOf, formatDiagnostic } from '../../language-server/workspace/document-diagnostics.js';
import { loadFilesWithImports } from '../../language-server/workspace/workspace-loader.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { weftServices } from '../../language-server/workspace/node-services.js';

/** Diagnostics of every document, files in the order given first, then their imports. */
export async function validateFiles(files: readonly string[], cwd: string): Promise<FileDiagnostic[]> {
    const services = weftServices();
    const loaded = await loadFilesWithImports(services, files);
    const ordered = [...loaded.entries, ...loaded.documents.filter(d => !loaded.entries.includes(d))];
    const seen = new Set<string>();
    const result: FileDiagnostic[] = [];
    for (const document of ordered) {
        if (seen.has(document.uri.toString())) continue;
        seen.add(document.uri.toString());
        result.push(...diagnosticsOf(document, cwd).map(d => ({ ...d, message: d.message.replace(/\s*\r?\n\s*/g, ' ') })));
    }
    return result;
}

export const validateCommand: CliCommand = {
    name: 'validate',
    summary: 'check workflow files and print their diagnostics',
    usage: 'weft validate <files…> [--json]',
    options: {
        json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length === 0) throw new UsageError('validate needs at least one file');
        const diagnostics = await validateFiles(positionals, cwd);
        if (values.json) io.stdout(JSON.stringify(diagnostics, null, 2) + '\n');
        else for (const d of diagnostics) io.stdout(formatDiagnostic(d) + '\n');
        return diagnostics.some(d => d.severity === 'error') ? ExitCode.invalid : ExitCode.ok;
    },
};
