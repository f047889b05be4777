// The CodeActionProvider of Weft: quick fixes for the diagnostics of language-server/validation
// (did-you-mean, add `otherwise`, declare the variable, add missing sub-workflow inputs, remove a
// duplicate, add a missing ai/approval setting). Dispatches on `diagnostic.data.code`; each fix lives in its own file.
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { WeftServices } from '../../weft-module.js';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import { AddMissingInputsFix } from './add-missing-inputs-fix.js';
import { AddMissingSettingFix } from './add-missing-setting-fix.js';
import { AddOtherwiseFix } from './add-otherwise-fix.js';
import { DeclareVariableFix } from './declare-variable-fix.js';
import { DidYouMeanFix } from './did-you-mean-fix.js';
import type { QuickFix } from './quick-fix.js';
import { RemoveDuplicateFix } from './remove-duplicate-fix.js';

function hasWeftData(d: Diagnostic): d is Diagnostic & { data: WeftDiagnosticData } {
    return typeof (d.data as { code?: unknown } | undefined)?.code === 'string';
}

export class WeftCodeActionProvider implements CodeActionProvider {
    protected readonly fixes: QuickFix[];

    constructor(services: WeftServices) {
        const types = services.types.TypeInferrer;
        this.fixes = [new DidYouMeanFix(), new DeclareVariableFix(types), new AddOtherwiseFix(), new AddMissingInputsFix(types), new AddMissingSettingFix(), new RemoveDuplicateFix()];
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            if (!hasWeftData(diagnostic)) continue;
            for (const fix of this.fixes) {
                if (!(fix.codes as readonly string[]).includes(diagnostic.data.code)) continue;
                try {
                    actions.push(...fix.actions(diagnostic, document));
                } catch {
                    // A fix that cannot make sense of a half-typed document offers nothing.
                }
            }
        }
        return actions;
    }
}
