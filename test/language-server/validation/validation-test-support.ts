// Test support for diagnostics: inline Weft text where «…» marks the range a diagnostic must
// cover, validated by the real services (several files for import tests). Assertions name the
// diagnostic code and check severity, range and message.
import assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../../../language-server/generated/ast.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

export const services = createWeftServices(EmptyFileSystem).Weft;
const parse = parseHelper<Model>(services);

export interface Marked {
    text: string;
    /** Offsets of the «…» ranges, in order. */
    ranges: Array<{ start: number; end: number }>;
}

/** Removes «» markers and returns where they stood (offsets in the clean text). */
export function unmark(source: string): Marked {
    const ranges: Marked['ranges'] = [];
    let text = '';
    let open = -1;
    for (const ch of source) {
        if (ch === '«') open = text.length;
        else if (ch === '»') { ranges.push({ start: open, end: text.length }); open = -1; }
        else text += ch;
    }
    return { text, ranges };
}

let counter = 0;

export interface Validated {
    document: LangiumDocument<Model>;
    diagnostics: Diagnostic[];
    marked: Marked;
}

/** Validates `source` (with «» markers) as file:///ws/<name>; `others` are loaded first (imports). */
export async function validate(source: string, others: Record<string, string> = {}, name = `test${++counter}.weft`): Promise<Validated> {
    await clearDocuments(services.shared);
    for (const [file, text] of Object.entries(others)) await parse(text, { documentUri: `file:///ws/${file}` });
    const marked = unmark(source);
    const document = await parse(marked.text, { documentUri: `file:///ws/${name}`, validation: true });
    const syntax = [...document.parseResult.lexerErrors, ...document.parseResult.parserErrors].map(e => e.message);
    assert.deepEqual(syntax, [], 'fixture must parse');
    return { document, diagnostics: document.diagnostics ?? [], marked };
}

function show(diagnostics: Diagnostic[]): string {
    return diagnostics.map(d => `  ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`).join('\n') || '  (none)';
}

/**
 * Asserts a diagnostic with `code` covers exactly the first «» range (or range `index`) and
 * its message matches; returns it.
 */
export async function expectDiagnostic(source: string, code: string, message: RegExp, options: { severity?: 'error' | 'warning'; index?: number; others?: Record<string, string>; name?: string } = {}): Promise<Diagnostic> {
    const { document, diagnostics, marked } = await validate(source, options.others, options.name);
    const wanted = marked.ranges[options.index ?? 0];
    assert.ok(wanted, 'the fixture needs a «» range');
    const start = document.textDocument.positionAt(wanted.start);
    const end = document.textDocument.positionAt(wanted.end);
    const found = diagnostics.find(d => d.code === code
        && d.range.start.line === start.line && d.range.start.character === start.character
        && d.range.end.line === end.line && d.range.end.character === end.character);
    assert.ok(found, `expected ${code} at ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}; got:\n${show(diagnostics)}`);
    assert.match(typeof found.message === "string" ? found.message : found.message.value, message);
    const severity = options.severity ?? 'error';
    assert.equal(found.severity, severity === 'error' ? 1 : 2, `severity of ${code}`);
    assert.equal((found.data as { code?: string } | undefined)?.code, code, 'data.code for quick fixes');
    return found;
}

/** Asserts no diagnostic with `code` (any code when omitted) is reported. */
export async function expectNoDiagnostic(source: string, code?: string, others: Record<string, string> = {}): Promise<void> {
    const { diagnostics } = await validate(source, others);
    const found = diagnostics.filter(d => code === undefined || d.code === code);
    assert.equal(found.length, 0, `expected no ${code ?? 'diagnostics'}; got:\n${show(found)}`);
}
