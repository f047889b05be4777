// Source positions of AST nodes as IR `SourceRange`s (0-based, file URIs), and the doc comment
// that precedes a declaration. Reads the CST only; never changes it.
import type { AstNode, CstNode } from 'langium';
import { AstUtils, CstUtils, GrammarAST, isCompositeCstNode, isJSDoc, parseJSDoc } from 'langium';
import type { SourceRange } from '../../runtime/ir/source-range.js';

function toRange(uri: string, cst: CstNode): SourceRange {
    const { start, end } = cst.range;
    return { uri, start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
}

/** The whole text range of `node`. */
export function rangeOf(node: AstNode): SourceRange {
    const uri = AstUtils.getDocument(node).uri.toString();
    const cst = node.$cstNode;
    if (!cst) return { uri, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return toRange(uri, cst);
}

/**
 * The first CST node (in text order) that assigns `property` of the AST node `owner`, as
 * GrammarUtils.findNodeForProperty finds it, but stopping at the first match instead of
 * collecting every match of the whole subtree (a node's name comes near its start).
 */
function firstNodeForProperty(cst: CstNode, property: string, owner: AstNode, top: boolean): CstNode | undefined {
    if (!top && AstUtils.getContainerOfType(cst.grammarSource, GrammarAST.isAssignment)?.feature === property) return cst;
    if (!isCompositeCstNode(cst) || cst.astNode !== owner) return undefined;
    for (const child of cst.content) {
        const found = firstNodeForProperty(child, property, owner, false);
        if (found) return found;
    }
    return undefined;
}

/** The range of `node`'s property (its `name` by default), or its whole range. */
export function propertyRangeOf(node: AstNode, property = 'name'): SourceRange {
    const cst = node.$cstNode && firstNodeForProperty(node.$cstNode, property, node, true);
    return cst ? toRange(AstUtils.getDocument(node).uri.toString(), cst) : rangeOf(node);
}

/** A range from the start of `from` to the end of `to` (same document). */
export function spanOf(from: AstNode, to: AstNode): SourceRange {
    const a = rangeOf(from);
    const b = rangeOf(to);
    return { uri: a.uri, start: a.start, end: b.end };
}

/** The text of the `/** … *\/` comment right before `node`, if any. */
export function docOf(node: AstNode): string | undefined {
    const comment = CstUtils.findCommentNode(node.$cstNode, ['ML_COMMENT']);
    if (!comment || !isJSDoc(comment)) return undefined;
    const text = parseJSDoc(comment).toString().trim();
    return text.length > 0 ? text : undefined;
}
