// Quick fix for missing-otherwise: adds `A -> end otherwise` on the line after the node's last
// guarded edge, with the same indentation, so the branch has somewhere to go when no guard holds.
import type { LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { endOfLine, indentationOf, quickFix } from './quick-fix.js';

export class AddOtherwiseFix implements QuickFix {
    readonly codes = ['missing-otherwise'] as const;

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const from = diagnostic.data.from as string | undefined;
        const line = (diagnostic.data.insertAfterLine as number | undefined) ?? diagnostic.range.end.line;
        if (!from) return [];
        const position = endOfLine(document, line);
        const text = `\n${indentationOf(document, line)}${from} -> end otherwise`;
        return [quickFix(`Add '${from} -> end otherwise'`, document, diagnostic, [{ range: { start: position, end: position }, newText: text }], true)];
    }
}
