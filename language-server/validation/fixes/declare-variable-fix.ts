// Quick fix for an unknown name in an expression or a `set`: declares it as `var name: T` at
// the head of the workflow, T inferred from the value assigned to it (`set x = …`) or from how
// it is used (a guard -> boolean, `x + 1` -> number), `any` otherwise.
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { TypeRef } from '../../../runtime/ir/type-ref.js';
import type { Expression, Workflow } from '../../generated/ast.js';
import { isAssignment, isBinaryExpression, isConditionalExpression, isLogicalExpression, isReferenceExpression, isUnaryExpression, isWhenGuard, isWorkflow } from '../../generated/ast.js';
import { ANY, BOOLEAN } from '../../types/type-constructors.js';
import { printType } from '../../types/type-printer.js';
import { widen } from '../../types/type-relations.js';
import type { WeftTypeInferrer } from '../../types/weft-type-inferrer.js';
import type { WeftDiagnosticData } from '../diagnostic-codes.js';
import type { QuickFix } from './quick-fix.js';
import { astNodeAt, indentationOf, quickFix } from './quick-fix.js';

const DECLARATIONS = new Set(['InputDeclaration', 'OutputDeclaration', 'VarDeclaration', 'SecretDeclaration', 'VersionDeclaration']);

export class DeclareVariableFix implements QuickFix {
    readonly codes = ['unknown-name'] as const;

    constructor(protected readonly types: WeftTypeInferrer) {}

    actions(diagnostic: Diagnostic & { data: WeftDiagnosticData }, document: LangiumDocument): CodeAction[] {
        const kind = diagnostic.data.kind;
        const name = diagnostic.data.name as string | undefined;
        if ((kind !== 'name' && kind !== 'variable or output') || !name || !/^[A-Za-z_]\w*$/.test(name)) return [];
        const node = astNodeAt(document, diagnostic.range);
        const workflow = node && AstUtils.getContainerOfType(node, isWorkflow);
        if (!node || !workflow) return [];
        const type = this.guessType(node);
        const printed = printType(type);
        const declaration = `var ${name}: ${printed.includes('…') ? 'any' : printed}`;
        const edit = this.insertion(document, workflow, declaration);
        return edit ? [quickFix(`Declare '${declaration}'`, document, diagnostic, [edit], (diagnostic.data.suggestions as string[] | undefined)?.length === 0)] : [];
    }

    /** The type the unknown name should have, judged from where it stands. */
    protected guessType(node: AstNode): TypeRef {
        const assignment = isAssignment(node) ? node : isAssignment(node.$container) ? node.$container : undefined;
        if (assignment?.value) return widen(this.types.inferType(assignment.value));
        const reference = isReferenceExpression(node) ? node : undefined;
        const parent = reference?.$container;
        if (!reference || !parent) return ANY;
        if (isWhenGuard(parent) || isUnaryExpression(parent) && parent.operator === 'not' || isLogicalExpression(parent) && parent.operator !== '??'
            || isConditionalExpression(parent) && (parent.test as AstNode) === reference) return BOOLEAN;
        if (isBinaryExpression(parent)) {
            const other: Expression | undefined = parent.left === reference ? parent.right : parent.left;
            if (other && parent.operator !== 'in') {
                const t = widen(this.types.inferType(other));
                return t.kind === 'null' ? ANY : t;
            }
        }
        return ANY;
    }

    /** After the workflow's last declaration, or before its first member. */
    protected insertion(document: LangiumDocument, workflow: Workflow, text: string) {
        const declarations = workflow.members.filter(m => DECLARATIONS.has(m.$type));
        const last = declarations[declarations.length - 1]?.$cstNode;
        if (last) {
            const line = last.range.end.line;
            return { range: { start: last.range.end, end: last.range.end }, newText: `\n${indentationOf(document, line)}${text}` };
        }
        const first = workflow.members[0]?.$cstNode;
        if (first) {
            const open = workflow.$cstNode!.range.start.line;
            if (first.range.start.line === open) return { range: { start: first.range.start, end: first.range.start }, newText: `${text}; ` };
            return { range: { start: first.range.start, end: first.range.start }, newText: `${text}\n${indentationOf(document, first.range.start.line)}` };
        }
        return undefined;
    }
}
