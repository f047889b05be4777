// Test support for the CLI suites — runs the shipped `weft` bundle (dist/cli.cjs) as a real
// child process on the project's Node and collects its exit code or signal and its output.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fromRoot } from '../support/paths.js';

export interface WeftResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

export interface WeftOptions {
    cwd?: string;
    env?: Record<string, string | undefined>;
    /** Written to the process's stdin, then closed. */
    stdin?: string;
}

export const cliBundle = fromRoot('dist', 'cli.cjs');

export function runWeft(args: readonly string[], options: WeftOptions = {}): Promise<WeftResult> {
    return startWeft(args, options).result;
}

/** A `weft` process still running: its output so far, and a way to wait for some of it. */
export interface RunningWeft {
    readonly child: ChildProcess;
    /** Settles when the process has exited and its output is closed. */
    readonly result: Promise<WeftResult>;
    /** Resolves once `text` has appeared on stdout (rejects if the process ends first). */
    printed(text: string): Promise<void>;
    /** The same for stderr. */
    said(text: string): Promise<void>;
    /** Its stdout so far. */
    output(): string;
}

/**
 * Every `weft` process a test started that has not exited. A test that times out never reaches
 * its own clean-up (its `finally` waits on a promise that will not settle), and mocha's `--exit`
 * then leaves such a process (a `weft serve`, say) running after the suite: they are killed as
 * this process exits.
 */
const live = new Set<ChildProcess>();
process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
});

/**
 * Starts `weft` with `args` and returns at once. `command` replaces how it is started (default:
 * this Node with the bundle); `detached` gives it a process group of its own, so a test can
 * signal the group as a terminal's Ctrl-C does.
 */
export function startWeft(args: readonly string[], options: WeftOptions & { command?: readonly string[]; detached?: boolean } = {}): RunningWeft {
    const env: Record<string, string | undefined> = { ...process.env, ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const [file, ...first] = options.command ?? [process.execPath, cliBundle];
    const child = spawn(file!, [...first, ...args], { cwd: options.cwd ?? fromRoot(), env, stdio: ['pipe', 'pipe', 'pipe'], detached: options.detached ?? false });
    live.add(child);
    child.on('exit', () => live.delete(child));
    let stdout = '';
    let stderr = '';
    let ended = false;
    const watchers: Array<() => void> = [];
    child.stdout!.setEncoding('utf8').on('data', (t: string) => { stdout += t; for (const w of [...watchers]) w(); });
    child.stderr!.setEncoding('utf8').on('data', (t: string) => { stderr += t; for (const w of [...watchers]) w(); });
    const result = new Promise<WeftResult>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, signal) => {
            ended = true;
            for (const w of [...watchers]) w();
            resolve({ code, signal, stdout, stderr });
        });
    });
    // A process that ends before it reads its stdin (the crash tests kill some at their first
    // append) closes the pipe under this write: EPIPE then says nothing about the test.
    child.stdin!.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') throw err;
    });
    child.stdin!.end(options.stdin ?? '');
    const appears = (text: string, onStderr: boolean) => new Promise<void>((resolve, reject) => {
        const check = () => {
            if ((onStderr ? stderr : stdout).includes(text)) resolve();
            else if (ended) reject(new Error(`weft ended before printing ${JSON.stringify(text)}${onStderr ? ' on stderr' : ''}\nstdout: ${stdout}\nstderr: ${stderr}`));
            else return;
            watchers.splice(watchers.indexOf(check), 1);
        };
        watchers.push(check);
        check();
    });
    return { child, result, printed: (text) => appears(text, false), said: (text) => appears(text, true), output: () => stdout };
}

/** Parses the one JSON object a `--json` command prints, with the output in the error otherwise. */
export function jsonOf<T = Record<string, unknown>>(result: WeftResult): T {
    try {
        return JSON.parse(result.stdout) as T;
    } catch {
        throw new Error(`expected one JSON value on stdout (exit ${result.code}, signal ${result.signal})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
}

/** A Node older than 22 on this machine (the system's), with which `bin/weft.cjs` re-runs itself on the project's Node. */
export function olderNode(): string | undefined {
    for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
        if (!existsSync(candidate)) continue;
        const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
        if (major < 22) return candidate;
    }
    return undefined;
}

/** Stops the `weft` processes of a test that are still running (SIGKILL) and waits for each; empties the list. */
export async function stopAll(running: RunningWeft[]): Promise<void> {
    for (const w of running.splice(0)) {
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
        await w.result;
    }
}

/** The URL a `weft serve` printed when it started listening. */
export async function servedUrl(weft: RunningWeft): Promise<string> {
    await weft.printed(' (store ');
    const m = / on (http:\/\/\S+) \(store /.exec(weft.output());
    if (!m) throw new Error(`no URL in: ${weft.output()}`);
    return m[1]!;
}
