// The keys of `with { … }` in `task n: workflow Other` name the inputs of Other: this links a
// key to its input declaration and an input to every key naming it (any loaded file), for
// hover, go to definition, find references and rename. Pure AST queries.
import type { LangiumDocuments } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { CstNode } from 'langium';
import type { InputDeclaration, ObjectEntry } from '../generated/ast.js';
import { isInputDeclaration, isObjectEntry, isObjectLiteral, isTaskNode, isWithOption, isWorkflowTarget } from '../generated/ast.js';

/** The input a `with` key of a sub-workflow call names, if the entry is one. */
export function inputForEntry(entry: ObjectEntry): InputDeclaration | undefined {
    const literal = entry.$container;
    if (!isObjectLiteral(literal) || !isWithOption(literal.$container) || !isTaskNode(literal.$container.$container)) return undefined;
    const target = literal.$container.$container.target;
    const workflow = isWorkflowTarget(target) ? target.workflow?.ref : undefined;
    const key = entry.key ?? entry.quotedKey;
    return workflow?.members.find((m): m is InputDeclaration => isInputDeclaration(m) && m.name === key);
}

/** Every `with` key, in every loaded document, that names `input`. */
export function entriesForInput(input: InputDeclaration, documents: LangiumDocuments): ObjectEntry[] {
    const result: ObjectEntry[] = [];
    for (const document of documents.all) {
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (isObjectEntry(node) && (node.key ?? node.quotedKey) === input.name && inputForEntry(node) === input) result.push(node);
        }
    }
    return result;
}

/** The CST node of an entry's key (`a` in `a: 1`; the quotes included for `"a": 1`). */
export function entryKeyNode(entry: ObjectEntry): CstNode | undefined {
    if (!entry.$cstNode) return undefined;
    return GrammarUtils.findNodeForProperty(entry.$cstNode, entry.key !== undefined ? 'key' : 'quotedKey');
}
