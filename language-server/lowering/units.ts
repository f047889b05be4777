// Duration and size literals of the language (`250ms 5s 10m 2h 1d`, `64KB 128MB 1GB`) as the
// numbers the IR carries: milliseconds and bytes (binary multiples: 1KB = 1024 bytes).

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** `5s` -> 5000, `1.5h` -> 5400000; undefined for text that is not a duration literal. */
export function durationToMs(literal: string): number | undefined {
    const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$/.exec(literal);
    return m ? Math.round(Number(m[1]) * DURATION_MS[m[2]]) : undefined;
}

/** `64MB` -> 67108864; undefined for text that is not a size literal. */
export function sizeToBytes(literal: string): number | undefined {
    const m = /^([0-9]+)(B|KB|MB|GB|TB)$/.exec(literal);
    return m ? Number(m[1]) * SIZE_BYTES[m[2]] : undefined;
}
