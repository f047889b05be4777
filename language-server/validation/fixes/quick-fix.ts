// The contract of one quick fix: given a diagnostic (with its Weft code in `data`) and the
// document, the code actions that repair it. Fixes only compute text edits; they never touch
// the workspace themselves. Shared helpers find the AST node a diagnostic points at.
import type { AstNode, LangiumDocument } from 'langium';
import { CstUtils } from 'langium';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { WeftDiagnosticCode, WeftDiagnosticData } from '../diagnostic-codes.js';

export interface QuickFix {
    /** The diagnostic codes this fix repairs. */
    readonly codes: readonly WeftDiagnosticCode[];
    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[];
}

/** The innermost AST node at the start of `range`. */
export function astNodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(range.start);
    return CstUtils.findLeafNodeAtOffset(root, offset)?.astNode;
}

/** A quick-fix code action with one document's edits. */
export function quickFix(title: string, document: LangiumDocument, diagnostic: Diagnostic, edits: TextEdit[], preferred = false): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: preferred,
        edit: { changes: { [document.textDocument.uri]: edits } },
    };
}

/** The indentation (spaces and tabs) of the line `line`. */
export function indentationOf(document: LangiumDocument, line: number): string {
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return /^[ \t]*/.exec(text)?.[0] ?? '';
}

export function endOfLine(document: LangiumDocument, line: number): Position {
    const next = document.textDocument.offsetAt({ line: line + 1, character: 0 });
    const text = document.textDocument.getText();
    let end = next;
    while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r') && end > document.textDocument.offsetAt({ line, character: 0 })) end--;
    return document.textDocument.positionAt(end);
}
