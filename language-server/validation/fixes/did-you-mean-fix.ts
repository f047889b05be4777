// Quick fix for misspelt names: replace the name with one of the suggestions the diagnostic
// carries (unknown names, members, functions, sub-workflow inputs, connector actions, limits).
import type { LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { quickFix } from './quick-fix.js';

export class DidYouMeanFix implements QuickFix {
    readonly codes = ['unknown-name', 'unknown-member', 'unknown-function', 'unknown-input', 'unknown-connector-action', 'invalid-option'] as const;

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const suggestions = (diagnostic.data.suggestions as string[] | undefined) ?? [];
        const written = document.textDocument.getText(diagnostic.range);
        if (written !== diagnostic.data.name) return [];
        return suggestions.map((name, i) => quickFix(`Change to '${name}'`, document, diagnostic, [{ range: diagnostic.range, newText: name }], i === 0));
    }
}
