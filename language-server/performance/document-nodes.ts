// Performance: every AST node and every cross-reference of a parsed document, collected in one
// walk and cached per root node, so linking, indexing, scope computation and validation do not
// each re-walk the tree with Langium's streams. Holds no state beyond the WeakMap; never mutates.
import type { AstNode, ReferenceInfo } from 'langium';
import { isAstNode, isMultiReference, isReference } from 'langium';

export interface DocumentNodes {
    /** The root and every node it contains, in the pre-order of `AstUtils.streamAst`. */
    readonly nodes: readonly AstNode[];
    /** Every reference, in the order of `AstUtils.streamReferences` over `nodes`. */
    readonly references: readonly ReferenceInfo[];
}

const cache = new WeakMap<AstNode, DocumentNodes>();

/**
 * The nodes and references under `root`. Valid for the root's lifetime: Langium builds a new
 * AST for every parse and only re-links (never restructures) an existing one.
 */
export function documentNodes(root: AstNode): DocumentNodes {
    let cached = cache.get(root);
    if (!cached) {
        cached = collect(root);
        cache.set(root, cached);
    }
    return cached;
}

function collect(root: AstNode): DocumentNodes {
    const nodes: AstNode[] = [];
    const references: ReferenceInfo[] = [];
    // A stack with its own top index: assigning `length` (or popping) can make V8 shrink the
    // backing store, and growing it again allocates, per node.
    const stack: AstNode[] = [root];
    let top = 1;
    while (top > 0) {
        const node = stack[--top];
        nodes.push(node);
        const firstChild = top;
        const record = node as unknown as Record<string, unknown>;
        // for-in, not Object.keys: the same own keys in the same order (AST nodes are plain
        // objects), without a new array per node.
        for (const property in record) {
            if (property.charCodeAt(0) === 36 /* $ */) continue;
            const value = record[property];
            if (typeof value !== 'object' || value === null) continue;
            if (Array.isArray(value)) {
                for (let index = 0; index < value.length; index++) {
                    const element: unknown = value[index];
                    if (typeof element !== 'object' || element === null) continue;
                    if (isAstNode(element)) stack[top++] = element;
                    else if (isReference(element) || isMultiReference(element)) references.push({ reference: element, container: node, property, index });
                }
            } else if (isAstNode(value)) {
                stack[top++] = value;
            } else if (isReference(value) || isMultiReference(value)) {
                references.push({ reference: value, container: node, property });
            }
        }
        // The children were pushed in order; the first must come off the stack first.
        for (let low = firstChild, high = top - 1; low < high; low++, high--) {
            const swap = stack[low];
            stack[low] = stack[high];
            stack[high] = swap;
        }
    }
    return { nodes, references };
}
