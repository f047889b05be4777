// "Did you mean …?" for unknown names, members, functions and types: the known names closest
// to what was written by edit distance (Damerau–Levenshtein, case differences cheap).

/** Edit distance with adjacent transpositions; a case-only difference costs 0.5. */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const x = a[i - 1];
            const y = b[j - 1];
            const cost = x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? 0.5 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && x === b[j - 2] && a[i - 2] === y) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/**
 * Up to `limit` candidates close enough to `written` to be a likely typo, best first: within
 * a third of the longer name's length (at least 1, at most 3 edits).
 */
export function suggestNames(written: string, candidates: Iterable<string>, limit = 3): string[] {
    const scored: Array<{ name: string; distance: number }> = [];
    const seen = new Set<string>();
    for (const name of candidates) {
        if (seen.has(name) || name === written) continue;
        seen.add(name);
        const distance = editDistance(written, name);
        const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(written.length, name.length) / 3)));
        if (distance <= allowed) scored.push({ name, distance });
    }
    scored.sort((p, q) => p.distance - q.distance || p.name.localeCompare(q.name));
    return scored.slice(0, limit).map(s => s.name);
}

/** ` Did you mean 'x'?` / ` Did you mean 'x' or 'y'?`, or an empty string. */
export function didYouMean(suggestions: readonly string[]): string {
    if (suggestions.length === 0) return '';
    const quoted = suggestions.map(s => `'${s}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    return ` Did you mean ${list}?`;
}
