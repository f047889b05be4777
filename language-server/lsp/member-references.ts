// Where a type field is read: the member accesses `x.field` that the type inferrer resolves to a
// given field declaration, across every loaded document. Used by find references, rename and
// go to definition of fields; member names are not Langium cross-references.
import type { AstNode, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CstNode, LeafCstNode } from 'langium';
import type { MemberExpression, TypeField } from '../generated/ast.js';
import { isMemberExpression, isTypeField } from '../generated/ast.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import { leafFeature } from './leaf-feature.js';

/** The CST node of a member access's name (`total` in `order.total`). */
export function memberNameNode(member: MemberExpression): CstNode | undefined {
    return member.$cstNode ? GrammarUtils.findNodeForProperty(member.$cstNode, 'member') : undefined;
}

/** The field a leaf denotes: a field's own name, or a member access that resolves to a field. */
export function fieldAt(leaf: LeafCstNode, types: WeftTypeInferrer): TypeField | undefined {
    const node = leaf.astNode;
    const feature = leafFeature(leaf);
    if (isTypeField(node) && feature === 'name') return node;
    if (isMemberExpression(node) && feature === 'member' && !node.call) {
        const declaration = types.memberDeclaration(node);
        return isTypeField(declaration) ? declaration : undefined;
    }
    return undefined;
}

/** Every member access, in every loaded document, that reads `field`. */
export function memberAccessesOf(field: TypeField, documents: LangiumDocuments, types: WeftTypeInferrer): MemberExpression[] {
    const result: MemberExpression[] = [];
    for (const document of documents.all) {
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (isMemberExpression(node) && node.member === field.name && !node.call && types.memberDeclaration(node) === field) result.push(node);
        }
    }
    return result;
}

/** The leaf at an offset of a node's document, if any. */
export function leafAt(root: AstNode, offset: number): LeafCstNode | undefined {
    return root.$cstNode ? CstUtils.findLeafNodeAtOffset(root.$cstNode, offset) : undefined;
}
