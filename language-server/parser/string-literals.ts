// Decoding of Weft string literals: escapes, `"""` indentation stripping and the text parts of
// template strings. Shared by the value converter, lowering and editor features; no AST types.

/** Replaces the escapes `\n \r \t \" \\ \$ \{ \}`, `\uXXXX` and `\u{X…}`; any other `\c` is `c`. */
export function unescapeWeft(text: string): string {
    if (!text.includes('\\')) return text;
    return text.replace(/\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|[\s\S])/g, (_, esc: string) => {
        switch (esc) {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case '0': return '\0';
        }
        if (esc.startsWith('u{')) return String.fromCodePoint(parseInt(esc.slice(2, -1), 16));
        if (esc.length === 5 && esc.startsWith('u')) return String.fromCharCode(parseInt(esc.slice(1), 16));
        return esc;
    });
}

/** Stands for an interpolation while indentation is computed over the raw text. */
const HOLE = '\u0000';

/**
 * Strips a multi-line string's common indentation: a first line holding only whitespace and a
 * last line holding only whitespace are dropped, then the smallest indentation of the non-blank
 * lines is removed from every line. Interpolations count as text.
 */
export function dedentTripleQuoted(raw: string): string {
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    if (lines.length > 1 && lines[0].trim() === '') lines.shift();
    if (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
    let indent = Infinity;
    for (const line of lines) {
        if (line.trim() === '') continue;
        indent = Math.min(indent, line.length - line.trimStart().length);
    }
    if (!Number.isFinite(indent)) indent = 0;
    return lines.map(line => (line.trim() === '' ? '' : line.slice(indent))).join('\n');
}

/** The content of a `"…"` STRING token, escapes decoded. */
export function decodeString(token: string): string {
    return unescapeWeft(token.slice(1, -1));
}

/** The content of a `"""…"""` TRIPLE_STRING token, indentation stripped and escapes decoded. */
export function decodeTripleString(token: string): string {
    return unescapeWeft(dedentTripleQuoted(token.slice(3, -3)));
}

/** The content of a `script """…"""` token: indentation stripped, no escapes (JavaScript source). */
export function decodeRawScript(token: string): string {
    return dedentTripleQuoted(token.slice(3, -3));
}

/**
 * The literal text pieces of a template string, given its raw tokens (`"a${`, `}b${`, `}c"` or
 * the `"""` forms). Returns one more text than there are interpolations, decoded and, for
 * triple-quoted templates, with the common indentation stripped across all pieces.
 */
export function decodeTemplateTexts(head: string, middles: readonly string[], tail: string): string[] {
    const triple = head.startsWith('"""');
    const open = triple ? 3 : 1;
    const close = triple ? 3 : 1;
    const raws = [head.slice(open, -2), ...middles.map(m => m.slice(1, -2)), tail.slice(1, tail.length - close)];
    if (!triple) return raws.map(unescapeWeft);
    const dedented = dedentTripleQuoted(raws.join(HOLE)).split(HOLE);
    return dedented.map(unescapeWeft);
}
