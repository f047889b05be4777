// Completion after `.` in Weft: the fields of the receiver's inferred type and the stdlib
// functions callable as methods on it, or a connector's actions after its name. Works on the
// text being typed (the member is usually missing); no grammar-follow involved.
import type { LangiumDocument } from 'langium';
import { CstUtils } from 'langium';
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { Connector, Expression } from '../generated/ast.js';
import { isConnectorTarget, isExpression, isReferenceExpression } from '../generated/ast.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import { connectorActions } from './connector-actions.js';
import { documentationOf } from './declaration-text.js';

/** Proposals when the text before the cursor ends in `receiver.` or `receiver.partial`, else undefined. */
export function memberCompletionList(types: WeftTypeInferrer, document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
    const text = document.textDocument;
    const offset = text.offsetAt(params.position);
    const before = text.getText().slice(Math.max(0, offset - 200), offset);
    const match = /(\??\.)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
    const root = document.parseResult.value.$cstNode;
    if (!match || !root) return undefined;
    const partialStart = offset - (match[2]?.length ?? 0);
    const dot = partialStart - match[1].length;
    const leaf = CstUtils.findLeafNodeAtOffset(root, dot - 1);
    if (!leaf || leaf.end !== dot || leaf.hidden) return undefined;
    const range = { start: text.positionAt(partialStart), end: params.position };
    const items: CompletionItem[] = [];
    if (isConnectorTarget(leaf.astNode)) {
        items.push(...connectorActionItems(leaf.astNode.connector?.ref));
    } else if (isExpression(leaf.astNode)) {
        // The receiver is the largest expression ending at the dot (`charge.body` in `charge.body.`).
        let receiver: Expression = leaf.astNode;
        while (isExpression(receiver.$container) && receiver.$container.$cstNode?.end === leaf.end) receiver = receiver.$container;
        if (isReferenceExpression(receiver) && receiver.target?.ref?.$type === 'Connector') {
            items.push(...connectorActionItems(receiver.target.ref as Connector));
        } else {
            items.push(...typeMemberItems(types, receiver));
        }
    } else {
        return undefined;
    }
    return { isIncomplete: false, items: items.map(item => ({ ...item, textEdit: { range, newText: item.insertText ?? item.label } })) };
}

/** Fields (with type and doc) and stdlib methods of the receiver's type. */
export function typeMemberItems(types: WeftTypeInferrer, receiver: Expression): CompletionItem[] {
    const type = types.inferType(receiver);
    const fields: CompletionItem[] = types.membersOf(type).map(field => {
        const declaration = types.fieldDeclaration(field);
        const doc = (declaration ? documentationOf(declaration) : undefined) ?? field.doc;
        return {
            label: field.name,
            kind: CompletionItemKind.Field,
            detail: `${field.name}${field.optional ? '?' : ''}: ${types.printType(field.type)}`,
            documentation: doc ? { kind: 'markdown', value: doc } : undefined,
            sortText: `0${field.name}`,
        };
    });
    const methods: CompletionItem[] = types.methodsFor(type).map(signature => ({
        label: signature.name,
        kind: CompletionItemKind.Method,
        detail: signature.signature,
        documentation: { kind: 'markdown', value: signature.doc },
        insertText: signature.maxArgs > 1 ? `${signature.name}($1)` : `${signature.name}()`,
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: `1${signature.name}`,
    }));
    return [...fields, ...methods];
}

/** The actions of a connector as snippets (`post("/")`). */
export function connectorActionItems(connector: Connector | undefined): CompletionItem[] {
    return connectorActions(connector?.kind).map(action => ({
        label: action.name,
        kind: CompletionItemKind.Method,
        detail: action.signature,
        documentation: { kind: 'markdown', value: action.doc },
        insertText: `${action.name}("\${1:/}")`,
        insertTextFormat: InsertTextFormat.Snippet,
    }));
}
