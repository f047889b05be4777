// Which grammar assignment a CST leaf belongs to (`name`, `target`, `member`, `callee`…), so
// editor features can tell a declaration's name from a reference or a keyword. Pure CST walk.
import type { AstNode, CstNode, LeafCstNode } from 'langium';

/** The grammar feature a leaf is assigned to (`name`, `target`, `member`…), if any. */
export function leafFeature(leaf: LeafCstNode): string | undefined {
    // Data-type rules (Name, DeclName, FunctionName) wrap the token in a composite node of the
    // same AST node, so the assignment may sit one level up.
    for (let cst: CstNode | undefined = leaf; cst && cst.astNode === leaf.astNode; cst = cst.container) {
        for (let source: AstNode | undefined = cst.grammarSource; source; source = source.$container) {
            if ('feature' in source && typeof source.feature === 'string') return source.feature;
            if (source.$type === 'ParserRule') break;
        }
        if (cst !== leaf) break;
    }
    return undefined;
}
