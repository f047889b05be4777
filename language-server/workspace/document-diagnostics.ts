// Diagnostics of built documents in the shape the CLI prints (`file:line:col severity code
// message`, 1-based) and `--json` emits. Formatting only; the checks live in validation/.
import type { LangiumDocument } from 'langium';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export interface FileDiagnostic {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: SeverityName;
    code: string;
    message: string;
}

const SEVERITIES: SeverityName[] = ['error', 'error', 'warning', 'info', 'hint'];

/** How a document's path is shown: relative to `cwd` when inside it, else absolute. */
export function displayPath(document: LangiumDocument, cwd = process.cwd()): string {
    if (document.uri.scheme !== 'file') return document.uri.toString();
    return displayFile(document.uri.fsPath, cwd);
}

/** `displayPath` for a URI string (a `SourceRange.uri` of the IR): a `file:` URI as a path, else as it is. */
export function displayUri(uri: string, cwd = process.cwd()): string {
    return uri.startsWith('file:') ? displayFile(fileURLToPath(uri), cwd) : uri;
}

function displayFile(file: string, cwd: string): string {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Lexer, parser, linker and validation diagnostics of `document`, sorted by position. */
export function diagnosticsOf(document: LangiumDocument, cwd = process.cwd()): FileDiagnostic[] {
    const file = displayPath(document, cwd);
    return (document.diagnostics ?? [])
        .map(d => ({
            file,
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            endLine: d.range.end.line + 1,
            endColumn: d.range.end.character + 1,
            severity: SEVERITIES[d.severity ?? 1],
            code: d.code !== undefined ? String(d.code) : (d.data as { code?: string } | undefined)?.code ?? 'weft',
            message: typeof d.message === 'string' ? d.message : d.message.value,
        }))
        .sort((a, b) => a.line - b.line || a.column - b.column);
}

export function formatDiagnostic(d: FileDiagnostic): string {
    return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}
