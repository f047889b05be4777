// Parser performance (weft-parser.ts): the CST leaf and root the Weft parser builds instead of
// Langium's. A leaf keeps its offset, length and token type; its line and column are looked up
// in the root's line table when asked for (Langium's leaf stores four more numbers and a flag:
// 40 of its 104 bytes, for each of the ~22,000 leaves of a 1,000-node workflow).
import type { TokenType } from 'chevrotain';
import type { AstNode, CompositeCstNode, GrammarAST, LeafCstNode, RootCstNode } from 'langium';
import { RootCstNodeImpl } from 'langium';
import type { Position, Range } from 'vscode-languageserver-types';

/** The root of a Weft CST: Langium's, plus where each line of its text starts (built on first use). */
export class WeftRootCstNode extends RootCstNodeImpl {
    private linesOf: string | undefined = undefined;
    private lineStarts: number[] = [];

    /** The LSP position of `offset`: lines end at `\n`, `\r\n` or `\r`, as the lexer counts them. */
    positionAt(offset: number): Position {
        const text = this.fullText;
        if (this.linesOf !== text) {
            this.lineStarts = lineStarts(text);
            this.linesOf = text;
        }
        const starts = this.lineStarts;
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (starts[middle] <= offset) low = middle;
            else high = middle - 1;
        }
        return { line: low, character: offset - starts[low] };
    }
}

function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
        } else if (c === 10 /* \n */) {
            starts.push(i + 1);
        }
    }
    return starts;
}

/**
 * A token in the CST. Hidden (a comment) exactly when it has no grammar source: the parser
 * gives every token it consumes one, and comments none (as Langium's builder does).
 */
export class WeftLeafCstNode implements LeafCstNode {
    container?: CompositeCstNode = undefined;
    grammarSource?: GrammarAST.AbstractElement = undefined;
    /** Offset and length in the root's text (member-reparse.ts moves leaves by changing the offset). */
    _offset: number;
    readonly _length: number;
    readonly tokenType: TokenType;

    constructor(offset: number, length: number, tokenType: TokenType) {
        this._offset = offset | 0;
        this._length = length | 0;
        this.tokenType = tokenType;
    }

    get offset(): number { return this._offset; }
    get length(): number { return this._length; }
    get end(): number { return this._offset + this._length; }
    get hidden(): boolean { return this.grammarSource === undefined; }

    get root(): RootCstNode {
        let node: CompositeCstNode | undefined = this.container;
        if (!node) throw new Error('This leaf is not part of a syntax tree');
        while (node.container) node = node.container;
        return node as RootCstNode;
    }

    get text(): string {
        return this.root.fullText.substring(this._offset, this._offset + this._length);
    }

    get astNode(): AstNode {
        const container = this.container;
        if (!container) throw new Error('This node has no associated AST element');
        return container.astNode;
    }

    get range(): Range {
        const root = this.root as WeftRootCstNode;
        return { start: root.positionAt(this._offset), end: root.positionAt(this._offset + this._length) };
    }
}
