// Quick fix for missing-setting on `ai` and `approval` nodes: inserts the missing settings
// (`model ""`, `prompt ""`, `ask ""`) at the head of the node's block, for the user to fill in.
import type { LangiumDocument } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { isAiNode, isApprovalNode } from '../../generated/ast.js';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { astNodeAt, quickFix } from './quick-fix.js';

export class AddMissingSettingFix implements QuickFix {
    readonly codes = ['missing-setting'] as const;

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const missing = (diagnostic.data.missing as string[] | undefined) ?? [];
        const leaf = astNodeAt(document, diagnostic.range);
        const node = leaf && (AstUtils.getContainerOfType(leaf, isAiNode) ?? AstUtils.getContainerOfType(leaf, isApprovalNode));
        const open = node && GrammarUtils.findNodeForKeyword(node.$cstNode, '{');
        if (!open || missing.length === 0) return [];
        const text = missing.map(key => ` ${key} ""`).join('');
        return [quickFix(`Add ${missing.map(k => `\`${k}\``).join(' and ')}`, document, diagnostic, [{ range: { start: open.range.end, end: open.range.end }, newText: text }], true)];
    }
}
