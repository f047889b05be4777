// How editor features show a Weft declaration in one line of code (`input order: Order`,
// `task charge: payments.post("/charges")`) and its doc comment. Shared by hover, completion
// and signature help; reads the CST text only, never evaluates anything.
import type { AstNode } from 'langium';
import { docOf } from '../lowering/source-ranges.js';

const MAX_LENGTH = 120;

/** Offset of the first `{` outside a "…" string (a `${` interpolation is not a block), or -1. */
function blockStart(text: string): number {
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (inString) {
            if (char === '\\') i++;
            else if (char === '"' || char === '\n') inString = false;
        } else if (char === '"') {
            inString = true;
        } else if (char === '{') {
            return i;
        }
    }
    return -1;
}

/** The declaration's own source up to its block or the end of its first line. */
export function declarationLine(node: AstNode): string {
    const text = node.$cstNode?.text ?? '';
    let end = text.length;
    const brace = blockStart(text);
    const newline = text.indexOf('\n');
    if (brace >= 0 && node.$type !== 'TypeField' && node.$type !== 'InputDeclaration' && node.$type !== 'VarDeclaration') end = Math.min(end, brace);
    if (newline >= 0) end = Math.min(end, newline);
    const line = text.slice(0, end).replace(/\s+/g, ' ').trim();
    return line.length > MAX_LENGTH ? line.slice(0, MAX_LENGTH - 1) + '…' : line;
}

/** The text of the `/** … *\/` comment documenting `node`, if any. */
export function documentationOf(node: AstNode): string | undefined {
    return docOf(node);
}

/** A fenced Weft code block for markdown. */
export function codeBlock(code: string): string {
    return '```weft\n' + code + '\n```';
}
