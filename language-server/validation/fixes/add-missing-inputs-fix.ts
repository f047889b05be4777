// Quick fix for missing-input: adds the missing inputs of a sub-workflow call to its `with`
// block (creating the block when there is none), each with a placeholder of its type
// (`0`, `""`, `false`, `[]`, `{}`, the first literal of a union) for the user to fill in.
import type { LangiumDocument } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { TypeRef } from '../../../runtime/ir/type-ref.js';
import type { TaskNode } from '../../generated/ast.js';
import { isInputDeclaration, isObjectLiteral, isTaskNode, isWithOption } from '../../generated/ast.js';
import { expand } from '../../types/type-relations.js';
import type { WeftTypeInferrer } from '../../types/weft-type-inferrer.js';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { astNodeAt, quickFix } from './quick-fix.js';

export class AddMissingInputsFix implements QuickFix {
    readonly codes = ['missing-input'] as const;

    constructor(protected readonly types: WeftTypeInferrer) {}

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const missing = (diagnostic.data.missing as Array<{ name: string }> | undefined) ?? [];
        const leaf = astNodeAt(document, diagnostic.range);
        const task = leaf && AstUtils.getContainerOfType(leaf, isTaskNode);
        if (!task || missing.length === 0 || task.target?.$type !== 'WorkflowTarget') return [];
        const callee = task.target.workflow?.ref;
        const entries = missing.map(m => {
            const input = callee?.members.filter(isInputDeclaration).find(i => i.name === m.name);
            return `${m.name}: ${input ? this.placeholder(this.types.typeOfDeclaration(input)) : 'null'}`;
        }).join(', ');
        const edit = this.edit(document, task, entries);
        if (!edit) return [];
        const names = missing.map(m => `'${m.name}'`).join(', ');
        return [quickFix(`Add missing input${missing.length > 1 ? 's' : ''} ${names}`, document, diagnostic, [edit], true)];
    }

    protected edit(document: LangiumDocument, task: TaskNode, entries: string): TextEdit | undefined {
        const withOption = task.options.find(isWithOption);
        const value = withOption?.value;
        if (value && isObjectLiteral(value)) {
            const last = value.entries[value.entries.length - 1]?.$cstNode;
            if (last) return { range: { start: last.range.end, end: last.range.end }, newText: `, ${entries}` };
            const open = GrammarUtils.findNodeForKeyword(value.$cstNode, '{');
            return open ? { range: { start: open.range.end, end: open.range.end }, newText: ` ${entries} ` } : undefined;
        }
        if (value) return undefined; // `with someObject`: the user must decide
        const open = GrammarUtils.findNodeForKeyword(task.$cstNode, '{');
        if (open) return { range: { start: open.range.end, end: open.range.end }, newText: ` with { ${entries} }` };
        const end = task.$cstNode?.range.end;
        return end ? { range: { start: end, end }, newText: ` { with { ${entries} } }` } : undefined;
    }

    /** A value of `type` for the user to replace. */
    protected placeholder(type: TypeRef): string {
        const t = expand(type, this.types.resolver);
        switch (t.kind) {
            case 'number': return '0';
            case 'string': return '""';
            case 'boolean': return 'false';
            case 'duration': return '1s';
            case 'size': return '1MB';
            case 'literal': return JSON.stringify(t.value);
            case 'list': return '[]';
            case 'map': return '{}';
            case 'object': return `{ ${t.fields.filter(f => !f.optional).map(f => `${f.name}: ${this.placeholder(f.type)}`).join(', ')} }`.replace('{  }', '{}');
            case 'union': return this.placeholder(t.options[0]);
            default: return 'null';
        }
    }
}
