// Finds the call whose argument list holds the cursor, from the text alone (it is usually being
// typed, so the parse tree is incomplete): the callee name, an optional receiver word before
// `.`, and the index of the argument under the cursor. Skips strings and nested brackets.

export interface CallAtCursor {
    /** `len` in `len(x`, `map` in `items.map(i`, `post` in `payments.post(`. */
    callee: string;
    /** The word before `.callee`, if the call is a method or connector action. */
    receiver?: string;
    /** Whether a `.` precedes the callee. */
    method: boolean;
    /** Zero-based index of the argument the cursor is in. */
    argument: number;
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The innermost unclosed call before `offset` in `text`, if any (looks back at most `window` characters). */
export function callAtCursor(text: string, offset: number, window = 2000): CallAtCursor | undefined {
    const start = Math.max(0, offset - window);
    const stack: string[] = [];
    let commas = 0;
    let inString = false;
    // Scan forwards once to know which characters are inside strings, then walk back.
    const stringMask = new Uint8Array(offset - start);
    for (let i = start; i < offset; i++) {
        const ch = text[i];
        if (inString) {
            stringMask[i - start] = 1;
            if (ch === '\\') { stringMask[i + 1 - start] = 1; i++; continue; }
            if (ch === '"' || ch === '\n') inString = false;
        } else if (ch === '"') {
            inString = true;
            stringMask[i - start] = 1;
        }
    }
    for (let i = offset - 1; i >= start; i--) {
        if (stringMask[i - start]) continue;
        const ch = text[i];
        if (ch in CLOSERS) stack.push(CLOSERS[ch]);
        else if (ch === '(' || ch === '[' || ch === '{') {
            if (stack.length > 0) { stack.pop(); continue; }
            if (ch !== '(') return undefined;
            const before = text.slice(Math.max(start, i - 200), i);
            const callee = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(before);
            if (!callee) return undefined;
            const prefix = before.slice(0, callee.index);
            const method = /\??\.\s*$/.test(prefix);
            const receiver = method ? /([A-Za-z_][A-Za-z0-9_]*)\s*\??\.\s*$/.exec(prefix)?.[1] : undefined;
            return { callee: callee[1], receiver, method, argument: commas };
        } else if (ch === ',' && stack.length === 0) commas++;
    }
    return undefined;
}
