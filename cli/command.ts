// The contract of a `weft` sub-command: its name, help text, parseArgs option specs and a run
// function returning the exit code. Commands live in cli/commands/<name>.ts and are listed in
// cli/commands/index.ts; they never call process.exit themselves.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Exit codes shared by every command. */
export const ExitCode = {
    ok: 0,
    /** The input has errors (diagnostics were printed). */
    invalid: 1,
    /** Wrong usage or an unreadable file. */
    usage: 2,
    /** A bug in weft itself (printed as one line; `--verbose` shows the stack). */
    internal: 3,
} as const;

export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

export interface CommandContext {
    /** Option values by name, as parsed with the command's `options`. */
    values: Record<string, string | boolean | Array<string | boolean> | undefined>;
    positionals: string[];
    io: CliIo;
    cwd: string;
    verbose: boolean;
}

export interface CliCommand {
    name: string;
    /** One line for `weft --help`. */
    summary: string;
    /** The synopsis, e.g. `weft compile <file> [--workflow Name]`. */
    usage: string;
    options: OptionSpecs;
    run(context: CommandContext): Promise<number>;
}

/** Wrong usage: printed as `weft: <message>` plus the command's usage; exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'UsageError';
    }
}
