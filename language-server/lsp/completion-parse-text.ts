// The shortest text Langium's completion parser must read to find what may follow an offset:
// instead of everything before the offset, the enclosing top-level declaration and, inside a
// workflow, its header plus the statements from the one holding the last token before the offset.
import type { AstNode, LangiumDocument, RootCstNode } from 'langium';
import { isWorkflow, type Model } from '../generated/ast.js';

/** Offset of a node's first token, or undefined for a node the parser did not give a CST node. */
function startOf(node: AstNode): number | undefined {
    return node.$cstNode?.offset;
}

/** Index of the last node that starts before `offset` (nodes in text order), or -1. */
function lastStartingBefore(nodes: readonly AstNode[], offset: number): number {
    let low = 0;
    let high = nodes.length - 1;
    let found = -1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const start = startOf(nodes[middle]);
        if (start === undefined) return -2;
        if (start < offset) {
            found = middle;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return found;
}

const isSpace = (char: string | undefined) => char === ' ' || char === '\t' || char === '\n' || char === '\r';

/**
 * The text to parse instead of `text.slice(0, offset)` so that the completion parser ends in the
 * same grammar state, or undefined where that is not certain (then the caller parses it all).
 *
 * Dropping whole statements is safe because the parser's state at the start of a statement in
 * a `(members+=… ';'?)*` loop does not depend on how many statements came before, provided
 * those statements parsed without errors (recovery could otherwise have left another state) and
 * the lexer sees the same character before the first kept token (a `[` right after a value is
 * an index): both sides of the cut must be whitespace.
 */
export function completionParseText(document: LangiumDocument, offset: number): string | undefined {
    const model = document.parseResult.value as Model;
    const root = model.$cstNode as RootCstNode | undefined;
    const text = document.textDocument.getText();
    if (!root || root.fullText !== text) return undefined;

    // Top level: imports then declarations, each a unit of the entry rule's loops.
    const units: AstNode[] = [...model.imports, ...model.declarations];
    const unit = lastStartingBefore(units, offset);
    if (unit < 0) return undefined;
    const enclosing = units[unit];
    let cut = startOf(enclosing)!;
    let header = '';

    if (isWorkflow(enclosing) && enclosing.members.length > 1) {
        const member = lastStartingBefore(enclosing.members, offset);
        if (member === -2) return undefined;
        if (member > 0) {
            const firstMember = startOf(enclosing.members[0])!;
            const memberStart = startOf(enclosing.members[member])!;
            if (!isSpace(text[firstMember - 1]) || !isSpace(text[memberStart - 1])) return undefined;
            header = text.slice(cut, firstMember);
            cut = memberStart;
        }
    }
    if (cut === 0 && header === '') return undefined;
    if (!cleanBefore(document, cut)) return undefined;
    return header + text.slice(cut, offset);
}

/** True if neither the lexer nor the parser reported an error before `offset`. */
function cleanBefore(document: LangiumDocument, offset: number): boolean {
    const { lexerErrors, parserErrors } = document.parseResult;
    for (const error of lexerErrors) {
        if (error.offset < offset) return false;
    }
    for (const error of parserErrors) {
        const at = error.token.startOffset;
        // Errors at the end of the input carry no offset (NaN): they lie after any cut.
        if (at < offset) return false;
    }
    return true;
}
