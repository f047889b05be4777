// Parser test support: the CST Langium's own parser builds, reduced to what the Weft parser keeps
// (language-server/parser/merged-rule-nodes.ts), defined here independently of how the parser
// does it: every composite that is no AST node's CST node and no data-type rule's is dissolved.
import type { AstNode, CstNode, GrammarAST, ParseResult } from 'langium';
import { AstUtils, GrammarAST as G, GrammarUtils, isAstNode, isCompositeCstNode } from 'langium';

type Composite = CstNode & { content: CstNode[]; container?: Composite; _astNode?: AstNode; _rangeCache?: unknown };

/** Every AST node's CST node. */
function cstNodesOfAst(root: AstNode): Set<CstNode> {
    const kept = new Set<CstNode>();
    for (const node of [root, ...AstUtils.streamAst(root)]) if (node.$cstNode) kept.add(node.$cstNode);
    return kept;
}

/** A composite made for a call of a data-type rule (`Name`, `DeclName`…), assigned or not. */
function isDataTypeCall(node: CstNode): boolean {
    let source: GrammarAST.AbstractElement | undefined = node.grammarSource as GrammarAST.AbstractElement | undefined;
    if (G.isCrossReference(source)) source = source.terminal;
    if (!G.isRuleCall(source)) return false;
    const rule = source.rule.ref;
    return G.isParserRule(rule) && GrammarUtils.isDataTypeRule(rule);
}

/**
 * Dissolves, in Langium's parse result, every composite CST node that no AST node has as its
 * CST node and that is not a data-type rule call's: its children take its place in its container.
 * Everything else (AST, leaves, their order, errors) is left as it is.
 */
export function withoutMergedComposites<T extends AstNode>(result: ParseResult<T>): ParseResult<T> {
    const root = result.value.$cstNode as Composite | undefined;
    if (!root || !isAstNode(result.value)) return result;
    const kept = cstNodesOfAst(result.value);
    const visit = (node: Composite): void => {
        const content: CstNode[] = [];
        for (const child of node.content) {
            if (!isCompositeCstNode(child)) {
                content.push(child);
                continue;
            }
            visit(child as Composite);
            if (kept.has(child) || isDataTypeCall(child)) {
                content.push(child);
            } else {
                for (const grandchild of (child as Composite).content) {
                    (grandchild as { container?: Composite }).container = node;
                    content.push(grandchild);
                }
            }
        }
        node.content = content;
        node._rangeCache = undefined;
    };
    visit(root);
    return result;
}
