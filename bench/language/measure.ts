// Language benchmark — timing helpers: warm-up, repeated runs, medians, and the result table.
// Measures wall-clock time with performance.now(); no statistics beyond median/min/max.

export interface Sample { name: string; runs: number[]; target?: number; note?: string }

/** Process CPU time (user + system) since `started` (a `process.cpuUsage()` reading), in ms. */
export function cpuMs(started: NodeJS.CpuUsage): number {
    const u = process.cpuUsage(started);
    return (u.user + u.system) / 1000;
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `body` `warmup` times untimed, then `runs` times timed; returns the durations in ms. */
export async function timeRuns(warmup: number, runs: number, body: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
    for (let i = 0; i < warmup; i++) await body(-1 - i);
    const durations: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await body(i);
        durations.push(performance.now() - started);
    }
    return durations;
}

function ms(value: number): string {
    return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Prints one row per sample: median, min, max, runs, target and whether the median meets it. */
export function printTable(samples: Sample[]): void {
    const rows = samples.map(s => {
        const m = median(s.runs);
        return [
            s.name, ms(m), ms(Math.min(...s.runs)), ms(Math.max(...s.runs)), String(s.runs.length),
            s.target === undefined ? '' : `< ${s.target}`, s.target === undefined ? '' : m < s.target ? 'met' : 'MISSED', s.note ?? '',
        ];
    });
    const header = ['measurement', 'median ms', 'min', 'max', 'runs', 'target', '', 'note'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
    console.log(line(header));
    console.log(widths.map(w => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
}
