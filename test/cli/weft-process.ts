// Test support for the CLI suites — runs the shipped `weft` bundle (dist/cli.cjs) as a real
// child process on the project's Node and collects its exit code or signal and its output.
import { spawn } from 'node:child_process';
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
    return new Promise((resolve, reject) => {
        const env: Record<string, string | undefined> = { ...process.env, ...options.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
        const child = spawn(process.execPath, [cliBundle, ...args], { cwd: options.cwd ?? fromRoot(), env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
        child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
        child.stdin.end(options.stdin ?? '');
    });
}

/** Parses the one JSON object a `--json` command prints, with the output in the error otherwise. */
export function jsonOf<T = Record<string, unknown>>(result: WeftResult): T {
    try {
        return JSON.parse(result.stdout) as T;
    } catch {
        throw new Error(`expected one JSON value on stdout (exit ${result.code}, signal ${result.signal})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
}
