// The Weft layout algorithm: from the tokens of an error-free document to its canonical text
// (LANGUAGE.md style, documented in docs/language-server.md). Only whitespace between tokens
// changes, plus the indentation inside triple-quoted strings and block comments; the result
// is re-lexed and compared with the input so a layout bug can never change a program.
import type { AstNode, Lexer } from 'langium';
import { decodeRawScript, decodeTemplateTexts, decodeTripleString } from '../../parser/string-literals.js';
import type { Frame } from './bracket-frames.js';
import { analyseBrackets } from './bracket-frames.js';
import type { FormatToken } from './format-tokens.js';
import { BLOCK_COMMENT, LINE_COMMENT, lexTokens } from './format-tokens.js';
import { inlineSpace } from './inline-spacing.js';
import { isTripleText, reindentBlockComment, reindentTriple } from './multiline-tokens.js';

export const INDENT = 2;

/** One replaced stretch of the input: [start, end) becomes `text`. */
export interface LayoutEdit {
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

export interface Layout {
    readonly text: string;
    /** Minimal edits turning the input into `text`, in document order, non-overlapping. */
    readonly edits: LayoutEdit[];
}

function newlinesIn(gap: string): number {
    let count = 0;
    for (const ch of gap) if (ch === '\n') count++;
    return count;
}

/** Depth of a frame's content: the number of broken brackets around it, the file excluded. */
function contentLevel(frame: Frame): number {
    let level = 0;
    for (let f: Frame | undefined = frame; f && f.open >= 0; f = f.parent) if (f.broken) level++;
    return level;
}

/** Groups the indices of triple-quoted text tokens: one group per string. */
function tripleGroups(tokens: readonly FormatToken[]): Map<number, number[]> {
    const groups = new Map<number, number[]>();
    let open: number[] | undefined;
    tokens.forEach((token, i) => {
        if (token.type === 'TRIPLE_STRING' || token.type === 'RAW_SCRIPT') groups.set(i, [i]);
        else if (token.type === 'TRIPLE_HEAD') { open = [i]; groups.set(i, open); }
        else if (token.type === 'TRIPLE_MIDDLE' && open) open.push(i);
        else if (token.type === 'TRIPLE_TAIL' && open) { open.push(i); open = undefined; }
    });
    return groups;
}

export function layoutTokens(text: string, tokens: readonly FormatToken[], fileOwner: AstNode | undefined): Layout {
    const structure = analyseBrackets(text, tokens, fileOwner);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const images = tokens.map(t => t.image);
    const gaps: string[] = [];
    const groups = tripleGroups(tokens);
    let out = '';
    let lineIndent = 0;

    const lineBreak = (count: number, indent: number) => eol.repeat(Math.max(1, Math.min(count, 2))) + ' '.repeat(indent);

    tokens.forEach((token, i) => {
        const prev = i > 0 ? tokens[i - 1] : undefined;
        const sourceGap = text.slice(prev ? prev.end : 0, token.start);
        const newlines = newlinesIn(sourceGap);
        const frame = structure.frameOf[i];
        const closes = structure.closed.get(i);
        const level = contentLevel(frame);
        let gap: string;
        if (!prev) {
            gap = '';
        } else if (closes?.broken) {
            gap = lineBreak(1, contentLevel(frame) * INDENT);
        } else if (structure.entryStarts.has(i)) {
            const afterOpen = structure.opened.get(i - 1) !== undefined;
            gap = lineBreak(afterOpen ? 1 : newlines, level * INDENT);
        } else if (token.comment) {
            const afterOpen = structure.opened.get(i - 1)?.broken === true;
            const ownLine = newlines > 0 || prev.type === LINE_COMMENT;
            gap = ownLine ? lineBreak(afterOpen ? 1 : newlines, (frame.broken ? level : level + 1) * INDENT) : ' ';
        } else if (prev.type === LINE_COMMENT || (prev.type === BLOCK_COMMENT && newlines > 0)) {
            gap = lineBreak(newlines, (level + 1) * INDENT);
        } else {
            gap = inlineSpace(prev, token);
        }
        gaps[i] = gap;
        out += gap;
        const lastBreak = gap.lastIndexOf('\n');
        if (lastBreak >= 0) lineIndent = gap.length - lastBreak - 1;

        if (token.type === BLOCK_COMMENT) {
            const fromColumn = token.start - (text.lastIndexOf('\n', token.start - 1) + 1);
            const toColumn = out.length - (out.lastIndexOf('\n') + 1);
            images[i] = reindentBlockComment(token.image, fromColumn, toColumn);
        } else if (groups.has(i) && groups.get(i)![0] === i) {
            const group = groups.get(i)!;
            const pieces = reindentTriple(group.map(g => tokens[g].image), lineIndent);
            group.forEach((g, k) => { images[g] = pieces[k]; });
        }
        out += images[i];
        const innerBreak = images[i].lastIndexOf('\n');
        if (innerBreak >= 0 && !isTripleText(token)) lineIndent = 0;
    });
    const trailing = tokens.length > 0 ? eol : '';
    out += trailing;

    const edits: LayoutEdit[] = [];
    const push = (start: number, end: number, replacement: string) => {
        if (text.slice(start, end) !== replacement) edits.push({ start, end, text: replacement });
    };
    tokens.forEach((token, i) => {
        push(i > 0 ? tokens[i - 1].end : 0, token.start, gaps[i]);
        push(token.start, token.end, images[i]);
    });
    push(tokens.length > 0 ? tokens[tokens.length - 1].end : 0, text.length, trailing);
    return { text: out, edits };
}

/** What must survive formatting: token kinds and texts, and the values of multi-line strings. */
function signature(tokens: readonly FormatToken[]): string[] {
    const result: string[] = [];
    let template: string[] | undefined;
    for (const token of tokens) {
        switch (token.type) {
            case 'TRIPLE_STRING': result.push(`S${JSON.stringify(decodeTripleString(token.image))}`); break;
            case 'RAW_SCRIPT': result.push(`R${JSON.stringify(decodeRawScript(token.image))}`); break;
            case 'TRIPLE_HEAD': template = [token.image]; break;
            case 'TRIPLE_MIDDLE': template?.push(token.image); result.push('M'); break;
            case 'TRIPLE_TAIL':
                if (template) result.push(`T${JSON.stringify(decodeTemplateTexts(template[0], template.slice(1), token.image))}`);
                template = undefined;
                break;
            case BLOCK_COMMENT: result.push(`C${token.image.replace(/\n[ \t]*/g, '\n')}`); break;
            default: result.push(`${token.type} ${token.image}`);
        }
    }
    return result;
}

/** Whether `after` lexes to the same program (and comments) as `before`. */
export function sameProgram(lexer: Lexer, before: readonly FormatToken[], after: string): boolean {
    const relexed = lexTokens(lexer, after);
    if (!relexed) return false;
    const a = signature(before);
    const b = signature(relexed);
    return a.length === b.length && a.every((s, i) => s === b[i]);
}
