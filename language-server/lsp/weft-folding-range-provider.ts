// Folding in Weft files: every `{…}`, `[…]` and `(…)` spanning lines (the closing line stays
// visible), multi-line strings, block comments, runs of line comments, and the import list.
// Works from the lexer's tokens, so it answers for documents with syntax errors too.
import type { LangiumDocument, Lexer } from 'langium';
import type { FoldingRangeProvider } from 'langium/lsp';
import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { FoldingRangeKind } from 'vscode-languageserver';
import type { Model } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';

const OPEN = new Set(['{', '[', 'INDEX_OPEN', '(']);
const CLOSE = new Set(['}', ']', ')']);

interface Span { start: number; end: number; type: string }

export class DefaultWeftFoldingRangeProvider implements FoldingRangeProvider {
    protected readonly lexer: Lexer;

    constructor(services: WeftServices) {
        this.lexer = services.parser.Lexer;
    }

    getFoldingRanges(document: LangiumDocument, _params?: FoldingRangeParams): FoldingRange[] {
        const text = document.textDocument.getText();
        const lexed = this.lexer.tokenize(text);
        const tokens: Span[] = [...lexed.tokens, ...lexed.hidden]
            .map(t => ({ start: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType.name }))
            .sort((a, b) => a.start - b.start);
        const line = (offset: number) => document.textDocument.positionAt(offset).line;
        const ranges: FoldingRange[] = [];
        const add = (startLine: number, endLine: number, kind?: string) => {
            if (endLine > startLine) ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
        };

        const stack: Span[] = [];
        let tripleStart: Span | undefined;
        let commentRun: { first: number; last: number } | undefined;
        const endCommentRun = () => {
            if (commentRun) add(commentRun.first, commentRun.last, FoldingRangeKind.Comment);
            commentRun = undefined;
        };
        for (const token of tokens) {
            if (token.type === 'SL_COMMENT') {
                const at = line(token.start);
                if (commentRun && commentRun.last === at - 1) commentRun.last = at;
                else { endCommentRun(); commentRun = { first: at, last: at }; }
                continue;
            }
            endCommentRun();
            if (OPEN.has(token.type)) stack.push(token);
            else if (CLOSE.has(token.type) && stack.length > 0) add(line(stack.pop()!.start), line(token.start) - 1, FoldingRangeKind.Region);
            else if (token.type === 'ML_COMMENT') add(line(token.start), line(token.end), FoldingRangeKind.Comment);
            else if (token.type === 'TRIPLE_STRING' || token.type === 'RAW_SCRIPT') add(line(token.start), line(token.end) - 1);
            else if (token.type === 'TRIPLE_HEAD') tripleStart = token;
            else if (token.type === 'TRIPLE_TAIL' && tripleStart) { add(line(tripleStart.start), line(token.end) - 1); tripleStart = undefined; }
        }
        endCommentRun();

        const imports = (document.parseResult.value as Model).imports ?? [];
        const first = imports[0]?.$cstNode;
        const last = imports.at(-1)?.$cstNode;
        if (first && last) add(first.range.start.line, last.range.end.line, FoldingRangeKind.Imports);
        return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    }
}
