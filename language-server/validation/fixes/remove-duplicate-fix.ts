// Quick fix for duplicate-name and duplicate-option: deletes the repeated declaration, field,
// key or option (with its line when it stands alone on it).
import type { AstNode, LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { astNodeAt, quickFix } from './quick-fix.js';

export class RemoveDuplicateFix implements QuickFix {
    readonly codes = ['duplicate-name', 'duplicate-option'] as const;

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const target = this.targetOf(diagnostic, document);
        if (!target?.$cstNode) return [];
        const what = document.textDocument.getText(target.$cstNode.range).split('\n')[0].slice(0, 40);
        return [quickFix(`Remove duplicate '${what}'`, document, diagnostic, [{ range: this.lineAware(document, target.$cstNode.range), newText: '' }])];
    }

    /** The node the diagnostic names: the declaration owning the name, or the option itself. */
    protected targetOf(diagnostic: Diagnostic, document: LangiumDocument): AstNode | undefined {
        let node = astNodeAt(document, diagnostic.range);
        const start = document.textDocument.offsetAt(diagnostic.range.start);
        const end = document.textDocument.offsetAt(diagnostic.range.end);
        // Climb while the node does not cover the whole diagnostic (keywords belong to their node).
        while (node?.$cstNode && (node.$cstNode.offset > start || node.$cstNode.end < end)) node = node.$container;
        return node;
    }

    /** Deletes the whole line when the node is alone on it, else just the node and one following space. */
    protected lineAware(document: LangiumDocument, range: Range): Range {
        const text = document.textDocument;
        const lineStart = text.offsetAt({ line: range.start.line, character: 0 });
        const startOffset = text.offsetAt(range.start);
        let endOffset = text.offsetAt(range.end);
        const all = text.getText();
        const before = all.slice(lineStart, startOffset);
        let after = endOffset;
        while (after < all.length && (all[after] === ' ' || all[after] === '\t' || all[after] === ',' || all[after] === ';')) after++;
        if (before.trim() === '' && (all[after] === '\n' || all[after] === '\r' || after === all.length)) {
            while (after < all.length && all[after] !== '\n') after++;
            return { start: text.positionAt(lineStart), end: text.positionAt(Math.min(after + 1, all.length)) };
        }
        while (endOffset < all.length && (all[endOffset] === ',' || all[endOffset] === ' ')) endOffset++;
        return { start: range.start, end: text.positionAt(endOffset) };
    }
}
