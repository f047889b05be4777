// The one namespace of a workflow (LANGUAGE.md §1): inputs, outputs, vars, secrets, connectors
// and nodes (inner graphs of foreach/region included) by name, and words describing each kind.
// Used by duplicate-name, invalid-set-target and the quick fixes.
import type { AstNode } from 'langium';
import type { Node, Workflow } from '../generated/ast.js';
import { isConnector, isForeachNode, isInputDeclaration, isNode, isOutputDeclaration, isRegionNode, isSecretDeclaration, isVarDeclaration } from '../generated/ast.js';

export type NamedDeclaration = AstNode & { name: string };

/** Every named declaration of the workflow, by name, in source order (nested graphs included). */
export function workflowNamespace(workflow: Workflow): Map<string, NamedDeclaration[]> {
    const names = new Map<string, NamedDeclaration[]>();
    forEachDeclaration(workflow, d => {
        const list = names.get(d.name);
        if (list) list.push(d);
        else names.set(d.name, [d]);
    });
    return names;
}

/**
 * The names of the namespace declared more than once, each with all its declarations: the
 * entries of `workflowNamespace` with two or more, in its order, without a list per name.
 */
export function duplicateDeclarations(workflow: Workflow): Array<[string, NamedDeclaration[]]> {
    const first = new Map<string, NamedDeclaration>();
    let duplicates: Map<string, NamedDeclaration[]> | undefined;
    forEachDeclaration(workflow, d => {
        const earlier = first.get(d.name);
        if (!earlier) first.set(d.name, d);
        else {
            duplicates ??= new Map();
            const list = duplicates.get(d.name);
            if (list) list.push(d);
            else duplicates.set(d.name, [earlier, d]);
        }
    });
    if (!duplicates) return [];
    const found = duplicates;
    return [...first.keys()].filter(name => found.has(name)).map(name => [name, found.get(name)!]);
}

/** Calls `visit` for every named declaration of the namespace, in source order. */
function forEachDeclaration(workflow: Workflow, visit: (d: NamedDeclaration) => void): void {
    const add = (d: NamedDeclaration) => {
        if (d.name) visit(d);
    };
    const addGraph = (members: readonly AstNode[]) => {
        for (const m of members) {
            if (!isNode(m)) continue;
            add(m);
            // A foreach item is local to its body, like a lambda parameter: not in the namespace.
            if (isForeachNode(m) || isRegionNode(m)) addGraph(m.members);
        }
    };
    for (const m of workflow.members) {
        if (isInputDeclaration(m) || isOutputDeclaration(m) || isVarDeclaration(m) || isSecretDeclaration(m) || isConnector(m)) add(m);
    }
    // Nodes after the declarations (the order workflowNamespace has always listed them in).
    addGraph(workflow.members);
}

/** `input`, `output`, `var`, `secret`, `connector`, `foreach item` or `node`. */
export function declarationKind(d: AstNode): string {
    if (isInputDeclaration(d)) return 'input';
    if (isOutputDeclaration(d)) return 'output';
    if (isVarDeclaration(d)) return 'var';
    if (isSecretDeclaration(d)) return 'secret';
    if (isConnector(d)) return 'connector';
    if (d.$type === 'ForeachItem') return 'foreach item';
    return 'node';
}

/** The nodes of a graph (a workflow's or an inner graph's), not descending into inner graphs. */
export function graphNodes(members: readonly AstNode[]): Node[] {
    return members.filter(isNode);
}
