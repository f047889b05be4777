// Parser performance: sets `$container`, `$containerProperty` and `$containerIndex` on every node
// of a freshly parsed AST, as Langium's `linkContentToContainer(root, { deep: true })` does, in
// one walk that allocates no entry arrays. Used by weft-parser.ts after each parse.
import type { AstNode } from 'langium';

/**
 * Deeper ASTs are refused. Langium's recursive linking overflowed the stack somewhere around
 * here (and the parser's safety net then blanked the text out); the services after the parser
 * recurse over the AST too, so a much deeper tree would overflow one of them instead. Operator
 * chains of 2,500 (the type inferrer's test) stay accepted.
 */
export const MAX_AST_DEPTH = 3000;

/** Thrown when the AST is deeper than MAX_AST_DEPTH; the parser treats it as a stack overflow. */
export class AstTooDeepError extends RangeError {
    constructor() {
        super(`The syntax tree is nested more than ${MAX_AST_DEPTH} levels deep.`);
    }
}

/** A node under construction: its container links are still writable. */
type Mutable = Record<string, unknown> & { $container?: AstNode; $containerProperty?: string; $containerIndex?: number };

function isNode(value: unknown): value is Mutable {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** Links every node under `root` to its container (the root itself is left unlinked). */
export function linkContainers(root: AstNode): void {
    linkChildren(root as unknown as Mutable, 0);
}

function linkChildren(node: Mutable, depth: number): void {
    if (depth > MAX_AST_DEPTH) throw new AstTooDeepError();
    for (const property in node) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = node[property];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item: unknown = value[index];
                if (isNode(item)) {
                    item.$container = node as unknown as AstNode;
                    item.$containerProperty = property;
                    item.$containerIndex = index;
                    linkChildren(item, depth + 1);
                }
            }
        } else if (isNode(value)) {
            value.$container = node as unknown as AstNode;
            value.$containerProperty = property;
            linkChildren(value, depth + 1);
        }
    }
}
