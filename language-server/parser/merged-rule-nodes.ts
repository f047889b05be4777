// Parser performance (weft-parser.ts): a smaller CST. Langium gives every rule call a composite
// CST node, even an unassigned call whose AST node is merged into the caller's (`Expression:
// Lambda | ConditionalExpression`, the eight levels of the expression chain, `WorkflowMember`).
// Such a composite ends up with no AST node of its own; here it is dissolved into its caller's.

/** A CST node as far as dissolving goes (Langium 4.4's nodes: `container`, a composite's `content`). */
interface Node { container?: Composite }
/** Langium's composite CST node (4.4), as far as dissolving one goes. */
export interface Composite extends Node { content: Node[] }

/**
 * After an unassigned rule call merged its AST node into the caller's: dissolves the composite
 * the call left as the last child of `parent` (the caller's composite), putting its children in
 * its place, and so also the composite of the only operand an infix rule returned as is
 * (`own`, the merged node's CST node before the merge). `shared` is a composite that another
 * AST node still points at (the infix rule's when it built several binary nodes): kept.
 */
export function dissolveMergedComposite(parent: Composite, own: Composite, shared: Composite | undefined): void {
    const content = parent.content;
    const last = content[content.length - 1];
    if (last === own) {
        if (own !== shared) dissolveLast(parent);
    } else if (last && own.container === last && last !== shared) {
        // An infix rule's composite holding its single operand's: both go.
        if ((last as Composite).content.length === 1) {
            content.pop();
            dissolveInto(parent, own);
        } else {
            dissolveLast(parent);
            dissolveAt(parent, content.indexOf(own));
        }
    }
}

function dissolveInto(parent: Composite, node: Composite): void {
    for (const child of node.content) {
        child.container = parent;
        parent.content.push(child);
    }
}

function dissolveLast(parent: Composite): void {
    dissolveInto(parent, parent.content.pop() as Composite);
}

function dissolveAt(parent: Composite, index: number): void {
    const node = parent.content[index] as Composite;
    for (const child of node.content) child.container = parent;
    parent.content.splice(index, 1, ...node.content);
}
