// Re-indentation of tokens that span lines: triple-quoted strings (and `script """…"""`) move
// with their block without changing their value (the common indentation is stripped when they
// are read), and block comments keep their inner alignment relative to their first line.
import type { FormatToken } from './format-tokens.js';

const TRIPLE_SINGLE = new Set(['TRIPLE_STRING', 'RAW_SCRIPT']);
const TRIPLE_PARTS = new Set(['TRIPLE_HEAD', 'TRIPLE_MIDDLE', 'TRIPLE_TAIL']);

export function isTripleText(token: FormatToken): boolean {
    return TRIPLE_SINGLE.has(token.type) || TRIPLE_PARTS.has(token.type);
}

/** Splits into lines after the first, each as [indentation, rest], keeping the first line whole. */
function splitLines(text: string): { first: string; rest: Array<{ indent: string; body: string }> } {
    const [first, ...others] = text.split('\n');
    return {
        first,
        rest: others.map(line => {
            const body = line.replace(/^[ \t]*/, '');
            return { indent: line.slice(0, line.length - body.length), body };
        }),
    };
}

/**
 * New images for the text pieces of one triple-quoted string (one token, or head/middles/tail),
 * with content lines at `base + 2` spaces and the closing `"""` line at `base`. Returns the
 * pieces unchanged when the string's first line holds text (then indentation is significant).
 */
export function reindentTriple(pieces: readonly string[], base: number): string[] {
    const last = pieces.length - 1;
    const split = pieces.map(splitLines);
    const opening = split[0].first.replace(/^"""/, '');
    if (split[0].rest.length === 0 && split.every(p => p.rest.length === 0)) return [...pieces];
    if (opening.trim() !== '' || split[0].rest.length === 0) return [...pieces];
    const closingIndex = split[last].rest.length - 1;
    // A line is blank when nothing follows its indentation on the line (no text, no `${`).
    const isBlank = (piece: number, line: number) => {
        const { body } = split[piece].rest[line];
        const endsPiece = line === split[piece].rest.length - 1;
        if (piece === last && endsPiece) return body === '"""';
        return body === '' && !endsPiece;
    };
    let min = Infinity;
    split.forEach((p, pi) => p.rest.forEach((l, li) => {
        if (!isBlank(pi, li)) min = Math.min(min, l.indent.length);
    }));
    if (!Number.isFinite(min)) return [...pieces];
    const content = ' '.repeat(base + 2);
    return split.map((p, pi) => [
        p.first,
        ...p.rest.map((l, li) => {
            if (pi === last && li === closingIndex && l.body === '"""') return ' '.repeat(base) + l.body;
            if (isBlank(pi, li)) return '';
            return content + l.indent.slice(min) + l.body;
        }),
    ].join('\n'));
}

/** A block comment moved from column `from` to column `to`, inner lines shifted alike. */
export function reindentBlockComment(image: string, from: number, to: number): string {
    if (!image.includes('\n') || from === to) return image;
    const { first, rest } = splitLines(image);
    const shift = to - from;
    if (shift < 0 && rest.some(l => l.body !== '' && l.indent.length < -shift)) return image;
    return [first, ...rest.map(l => {
        if (l.body === '') return '';
        return shift >= 0 ? ' '.repeat(shift) + l.indent + l.body : l.indent.slice(-shift) + l.body;
    })].join('\n');
}
