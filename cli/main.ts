// Entry of the `weft` command (bundled to dist/cli.cjs, started by bin/weft.cjs): picks the
// sub-command, parses its options with node:util parseArgs, maps failures to exit codes
// (0 ok, 1 invalid input, 2 usage/unreadable file, 3 internal) and one-line messages.
import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode, UsageError } from './command.js';
import { commands } from './commands/index.js';
import { UnreadableFileError } from '../language-server/workspace/workspace-loader.js';
import { UnknownWorkflowError } from '../language-server/workspace/compile-workflow.js';
import { NewerLayoutError } from '../runtime/store/sqlite-layout.js';
import { NoRunStoreError, RunStoreUnusableError } from '../runtime/store/sqlite-open.js';
import { StoreServedError } from '../runtime/store/serve-marker.js';
import { SqliteUnavailableError } from '../runtime/store/load-sqlite.js';
import { NewerPostgresLayoutError, PostgresUnavailableError } from '../runtime/store/postgres-run-store.js';
import { setStoreHolder } from './run-store-option.js';

const VERSION = '0.1.0';

function helpText(): string {
    const width = Math.max(...commands.map(c => c.name.length));
    return [
        'Usage: weft <command> [options]',
        '',
        'Commands:',
        ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        'Options: --help, --version, --verbose (stack traces on errors)',
        '',
    ].join('\n');
}

/**
 * A flag given twice (`--store a --store b`) is a usage error: parseArgs alone keeps the last,
 * which silently drops what was typed first. Options declared `multiple` may repeat (none is yet).
 */
function refuseRepeatedOptions(tokens: ReadonlyArray<{ kind: string; name?: string; rawName?: string }>, command: CliCommand): void {
    const seen = new Set<string>();
    for (const t of tokens) {
        if (t.kind !== 'option' || t.name === undefined || t.name === 'help' || command.options[t.name]?.multiple) continue;
        if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once; give it once`);
        seen.add(t.name);
    }
}

export async function runCli(argv: string[], io: CliIo, cwd = process.cwd()): Promise<number> {
    const verbose = argv.includes('--verbose');
    const [name, ...rest] = argv.filter(a => a !== '--verbose');
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        io.stdout(helpText());
        return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (name === '--version' || name === '-v') {
        io.stdout(`weft ${VERSION}\n`);
        return ExitCode.ok;
    }
    const command: CliCommand | undefined = commands.find(c => c.name === name);
    if (!command) {
        io.stderr(`weft: unknown command '${name}'. Commands: ${commands.map(c => c.name).join(', ')}\n`);
        return ExitCode.usage;
    }
    try {
        const parsed = parseArgs({
            args: rest,
            options: { ...command.options, help: { type: 'boolean', short: 'h' } },
            allowPositionals: true,
            strict: true,
            tokens: true,
        });
        refuseRepeatedOptions(parsed.tokens, command);
        if (parsed.values.help) {
            io.stdout(`Usage: ${command.usage}\n${command.summary}\n`);
            return ExitCode.ok;
        }
        setStoreHolder(name);
        return await command.run({ values: parsed.values, positionals: parsed.positionals, io, cwd, verbose });
    } catch (error) {
        if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
            io.stderr(`weft ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
            return ExitCode.usage;
        }
        // Like an unknown run: the path names no store (the read commands that list say so themselves).
        if (error instanceof NoRunStoreError) {
            io.stderr(`weft ${name}: ${error.message}\n`);
            return ExitCode.invalid;
        }
        if (error instanceof UnreadableFileError || error instanceof UnknownWorkflowError || error instanceof NewerLayoutError || error instanceof StoreServedError || error instanceof SqliteUnavailableError
            || error instanceof PostgresUnavailableError || error instanceof NewerPostgresLayoutError || error instanceof RunStoreUnusableError) {
            io.stderr(`weft ${name}: ${error.message}\n`);
            return ExitCode.usage;
        }
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`weft ${name}: internal error: ${message}\n`);
        if (verbose && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
        return ExitCode.internal;
    }
}

// The CJS bundle (dist/cli.cjs) is only ever loaded to run; the ESM build runs when started directly.
const isEntry = typeof require !== 'undefined' || /[\\/]cli[\\/]main\.js$/.test(process.argv[1] ?? '');
if (isEntry) {
    const io: CliIo = {
        stdout: text => { process.stdout.write(text); },
        stderr: text => { process.stderr.write(text); },
    };
    // A closed pipe (`weft run … | head`) ends the command quietly, as SIGPIPE would end a C
    // program (Node ignores the signal and raises EPIPE instead); a SQLite run stays resumable.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'EPIPE') process.exit(141);
            throw error;
        });
    }
    runCli(process.argv.slice(2), io).then(code => { process.exitCode = code; });
}
