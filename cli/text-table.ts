// CLI — plain-text tables for `weft runs`, `weft show` and `weft stats`: left-aligned columns
// separated by two spaces, numbers as given. No colours, no terminal detection.

export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A time for tables and messages: `2026-11-27 06:07:47`, in UTC. */
export function formatUtcTime(ms: number): string {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** A duration for people: `850ms`, `2.4s`, `3m 05s`, `2h 10m`, `2d 3h`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)}ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
    const s = Math.round(ms / 1000);
    if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
    if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
    return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
