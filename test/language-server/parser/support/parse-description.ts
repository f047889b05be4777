// Parser test support: everything observable about a parse result (AST nodes with their
// properties and container links, references, the CST with offsets and line/column ranges, and
// the errors) as plain data, so two parses of one text can be compared with deepEqual.
import type { AstNode, CstNode, ParseResult } from 'langium';
import { CstUtils, isAstNode, isReference } from 'langium';

function describeCst(node: CstNode | undefined): unknown {
    if (!node) return undefined;
    const { start, end } = node.range;
    return [node.offset, node.end, `${start.line}:${start.character}-${end.line}:${end.character}`, node.hidden, node.grammarSource?.$type];
}

function describeValue(value: unknown, index: Map<AstNode, number>): unknown {
    if (isAstNode(value)) return `node ${index.get(value)}`;
    if (isReference(value)) return { ref: value.$refText, cst: describeCst(value.$refNode) };
    if (Array.isArray(value)) return value.map(v => describeValue(v, index));
    return value;
}

function describeNode(node: AstNode, index: Map<AstNode, number>): unknown {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
        if (key === '$document') continue;
        if (key === '$container') fields[key] = index.get(value as AstNode);
        else if (key === '$cstNode') fields[key] = describeCst(value as CstNode | undefined);
        else fields[key] = describeValue(value, index);
    }
    return fields;
}

export function describeParse(result: ParseResult): unknown {
    const nodes: AstNode[] = [];
    const pending = [result.value];
    while (pending.length) {
        const node = pending.pop()!;
        nodes.push(node);
        for (const [key, value] of Object.entries(node)) {
            if (key.startsWith('$')) continue;
            for (const item of Array.isArray(value) ? value : [value]) if (isAstNode(item)) pending.push(item);
        }
    }
    const index = new Map(nodes.map((n, i) => [n, i]));
    const root = result.value.$cstNode;
    return {
        nodes: nodes.map(n => describeNode(n, index)),
        cst: root ? CstUtils.streamCst(root).map(n => [describeCst(n), n.astNode && index.get(n.astNode), n.container && describeCst(n.container)]).toArray() : [],
        text: root?.root.fullText,
        lexerErrors: result.lexerErrors.map(e => [e.offset, e.length, e.message]),
        parserErrors: result.parserErrors.map(e => [e.name, e.message, e.token.startOffset, e.token.image]),
    };
}
