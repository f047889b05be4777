// The token view the Weft formatter works on: every token of a document in order, comments
// included (from the lexer, so none is lost), each joined to its CST leaf for the grammar
// context. Pure data: no layout decisions here, no edits, no I/O.
import type { IToken } from 'chevrotain';
import type { AstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { isCompositeCstNode, isLeafCstNode } from 'langium';
import type { Lexer } from 'langium';

export interface FormatToken {
    /** The token's text as written. */
    readonly image: string;
    /** Chevrotain token name: the keyword itself (`{`, `->`, `task`) or a terminal (`ID`, `STRING`). */
    readonly type: string;
    readonly start: number;
    /** Offset just after the token. */
    readonly end: number;
    readonly comment: boolean;
    /** The AST node whose CST holds this token (undefined for comments). */
    readonly astNode?: AstNode;
}

export const LINE_COMMENT = 'SL_COMMENT';
export const BLOCK_COMMENT = 'ML_COMMENT';

function toFormatToken(token: IToken, leaves: Map<number, LeafCstNode>): FormatToken {
    const type = token.tokenType.name;
    const comment = type === LINE_COMMENT || type === BLOCK_COMMENT;
    return {
        image: token.image,
        type,
        start: token.startOffset,
        end: token.startOffset + token.image.length,
        comment,
        astNode: comment ? undefined : leaves.get(token.startOffset)?.astNode,
    };
}

/** Lexes `text` with the language's lexer; `undefined` when the text has lexer errors. */
export function lexTokens(lexer: Lexer, text: string, leaves = new Map<number, LeafCstNode>()): FormatToken[] | undefined {
    const result = lexer.tokenize(text);
    if (result.errors.length > 0) return undefined;
    return [...result.tokens, ...result.hidden]
        .sort((a, b) => a.startOffset - b.startOffset)
        .map(t => toFormatToken(t, leaves));
}

/** The visible leaves below `node` by offset (a plain walk: much faster than a CST stream). */
function collectLeaves(node: CstNode, into: Map<number, LeafCstNode>): void {
    const stack: CstNode[] = [node];
    while (stack.length > 0) {
        const current = stack.pop()!;
        if (isCompositeCstNode(current)) {
            for (let i = current.content.length - 1; i >= 0; i--) stack.push(current.content[i]);
        } else if (isLeafCstNode(current) && !current.hidden) {
            into.set(current.offset, current);
        }
    }
}

/**
 * The tokens of a parsed document, or `undefined` when it has lexer or parser errors (the
 * formatter never touches a file it cannot read completely).
 */
export function documentTokens(lexer: Lexer, document: LangiumDocument): FormatToken[] | undefined {
    const { parseResult } = document;
    if (parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0) return undefined;
    const leaves = new Map<number, LeafCstNode>();
    const root = parseResult.value.$cstNode;
    if (root) collectLeaves(root, leaves);
    return lexTokens(lexer, document.textDocument.getText(), leaves);
}
