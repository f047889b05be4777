// `weft serve [files|dirs…] [--host 127.0.0.1] [--port 8787] [--tokens tokens.json] [--store path|url] [--retain 30d]`:
// compiles every workflow in the files (default: the current folder) and serves them on one
// engine until SIGINT or SIGTERM — webhook routes, cron schedules, event triggers and a JSON API
// for runs (`cli/serve/weft-server.ts`, `docs/cli.md` "weft serve"). Loopback unless told
// otherwise; refuses to listen elsewhere without tokens. Exit 2 for usage errors, workflows
// with errors or an unusable token file; 0 after a signal stopped it.
import { compileAllWorkflows, printDiagnostics } from '../../language-server/workspace/compile-workflow.js';
import { displayUri } from '../../language-server/workspace/document-diagnostics.js';
import { createCliEngine } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { openRunStore, storeFileFor, storeNameFor, storeOptions } from '../run-store-option.js';
import { Access, AccessConfigError, isLoopback } from '../serve/access.js';
import { ADOPT_EVERY_MS, WeftServer } from '../serve/weft-server.js';
import { carriedElsewhereIn, carriedRunsIn } from '../../runtime/store/run-carriers.js';
import { durationOption } from '../time-option.js';
import { refuseIfServed, removeServeMarker, StoreServedError, writeServeMarker } from '../../runtime/store/serve-marker.js';
import { weftFilesOf } from '../weft-files.js';
import { SecretMasker } from '../../runtime/secrets/secret-masker.js';
import { watchInterruption } from '../interruption.js';

const DEFAULT_PORT = 8787;

export const serveCommand: CliCommand = {
    name: 'serve',
    summary: 'serve workflows over HTTP: webhooks, schedules, events and a runs API',
    usage: 'weft serve [files|dirs…] [--host 127.0.0.1] [--port 8787] [--tokens tokens.json] [--store path|url] [--adopt-every 5] [--retain 30d] [--catch-up 1h] [--overlap allow|skip]',
    options: { ...storeOptions, host: { type: 'string' }, port: { type: 'string' }, tokens: { type: 'string' }, 'adopt-every': { type: 'string' }, retain: { type: 'string' }, 'catch-up': { type: 'string' }, overlap: { type: 'string' } },
    async run({ values, positionals, io: given, cwd }) {
        let io = given;
        const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
        const portText = typeof values.port === 'string' ? values.port : String(DEFAULT_PORT);
        const port = Number(portText);
        if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not '${portText}'`);
        const adoptText = typeof values['adopt-every'] === 'string' ? values['adopt-every'] : undefined;
        const adoptEverySeconds = adoptText === undefined ? ADOPT_EVERY_MS / 1000 : Number(adoptText);
        if (adoptText !== undefined && (!/^\d+(\.\d+)?$/.test(adoptText) || adoptEverySeconds > 86_400)) {
            throw new UsageError(`--adopt-every must be a number of seconds from 0 (only at the start) to 86400, not '${adoptText}'`);
        }
        const retainText = typeof values.retain === 'string' ? values.retain : undefined;
        const retainMs = retainText === undefined ? undefined : durationOption('--retain', retainText, 'how long ended runs are kept');
        const catchUpText = typeof values['catch-up'] === 'string' ? values['catch-up'] : undefined;
        const catchUpMs = catchUpText === undefined ? undefined : durationOption('--catch-up', catchUpText, 'how far back a schedule\'s missed tick still runs at the start');
        const overlap = values.overlap === undefined ? 'allow' : values.overlap;
        if (overlap !== 'allow' && overlap !== 'skip') throw new UsageError(`--overlap is allow (a tick starts a run beside an unfinished one) or skip, not '${String(overlap)}'`);
        let access: Access;
        try {
            access = Access.configured(typeof values.tokens === 'string' ? values.tokens : undefined, process.env);
        } catch (err) {
            if (!(err instanceof AccessConfigError)) throw err;
            io.stderr(`weft serve: ${err.message}\n`);
            return ExitCode.usage;
        }
        // The tokens (and WEFT_SERVE_TOKEN) are masked in all the server prints, as in its runs: a
        // path, an error or an echoed input may carry one.
        const masker = new SecretMasker(servedCredentials(access));
        io = { ...given, stdout: (text) => given.stdout(masker.mask(text)), stderr: (text) => given.stderr(masker.mask(text)) };
        if (access.isOpen && !isLoopback(host)) {
            io.stderr(`weft serve: refusing to listen on ${host} without tokens: anyone who reaches it could start and control runs. Give --tokens tokens.json (or WEFT_SERVE_TOKEN), or listen on 127.0.0.1\n`);
            return ExitCode.usage;
        }
        const files = (await Promise.all((positionals.length ? positionals : ['.']).map((p) => weftFilesOf(p, cwd)))).flat();
        if (files.length === 0) throw new UsageError(`no .weft files in ${positionals.length ? positionals.join(', ') : 'the current folder'}`);
        const compiled = await compileAllWorkflows(files);
        if (!compiled.ok) {
            printDiagnostics(compiled.diagnostics, io.stderr);
            return ExitCode.usage;
        }
        printDiagnostics(compiled.warnings, io.stderr);
        if (compiled.bundles.length === 0) throw new UsageError('the files declare no workflow');

        const log = (line: string) => io.stdout(`${new Date().toISOString()} ${line}\n`);
        // Checked before the store is opened: a server that cannot serve these leaves nothing behind.
        let server: WeftServer;
        try {
            server = new WeftServer({
                bundles: compiled.bundles, access, log, mask: (text) => masker.mask(text), displayFile: (uri) => displayUri(uri, cwd),
                adoptEveryMs: Math.round(adoptEverySeconds * 1000),
                // Read when the store is known (below): runs a live `weft run` or editor carries are left to it.
                carriedElsewhere: (runId) => carried?.(runId),
                carriedRunsNow: () => new Set(carriedRunsIn(storeFile).keys()),
                ...(retainMs !== undefined ? { retainMs } : {}),
                ...(catchUpMs !== undefined ? { catchUpMs } : {}),
                overlap,
            });
        } catch (err) {
            io.stderr(`weft serve: ${(err as Error).message}\n`);
            return ExitCode.usage;
        }
        const storeFile = storeFileFor(values, cwd);
        const carried = carriedElsewhereIn(storeFile);
        try {
            refuseIfServed(storeFile);
        } catch (err) {
            if (!(err instanceof StoreServedError)) throw err;
            io.stderr(`weft serve: ${err.message}\n`);
            return ExitCode.usage;
        }
        const store = openRunStore(values, cwd);
        // Runs a live `weft run` (or another carrier) holds are left to it (`run-carriers.ts`).
        const engine = createCliEngine({ store, virtualTime: false, storeFile, credentials: access.credentials() });
        engine.onEvent((e) => {
            if (e.kind === 'run-finished') log(`run ${e.runId} of ${e.outcome.workflow} ${e.outcome.status}${e.outcome.error ? `: ${e.outcome.error.name}: ${e.outcome.error.message}` : ''}`);
            // The server takes it over again (--adopt-every) once its journal can be read and written.
            else if (e.kind === 'run-crashed') log(`run ${e.runId} of ${e.workflow} stopped here: its journal could not be written (${e.error.message})`);
            // Held back by a lock or concurrency slot another process (a worker, a CLI) holds.
            else if (e.kind === 'slot-wait' && e.elsewhere) log(`run ${e.runId} task '${e.node}' waits for ${e.slot}: another process on the store holds it (weft show ${e.runId})`);
            // Asked by another process on the store (a worker on another machine, a CLI there).
            else if (e.kind === 'request-answered') {
                const what = e.runId ? `${e.request} of run ${e.runId}` : e.request;
                log(`${what} asked from another process${e.actor ? ` (${e.actor})` : ''}: ${e.refused !== undefined ? `refused: ${e.refused}` : e.took ? `taken by ${e.took.length ? e.took.join(', ') : 'no run'}` : 'applied'}`);
            }
        });
        // The CLI's one answer to SIGINT/SIGTERM (`interruption.ts`): the first stops the server, a second exits at once.
        const interruption = watchInterruption();
        let url: string;
        try {
            url = await server.listen(engine, host, port);
        } catch (err) {
            interruption.dispose();
            await server.close();
            engine.halt();
            await store.close();
            io.stderr(`weft serve: cannot listen on ${host}:${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
            return ExitCode.usage;
        }
        writeServeMarker(storeFile, url, Math.round(adoptEverySeconds * 1000));
        io.stdout(`weft serve: ${compiled.bundles.length} workflow(s) on ${url} (store ${storeNameFor(values, cwd)}${retainText !== undefined ? `, ended runs kept ${retainText}` : ''}${catchUpText !== undefined ? `, missed ticks caught up within ${catchUpText}` : ''})${access.isOpen ? ', open to every local caller: no tokens given' : ''}\n`);
        for (const line of server.describe()) io.stdout(`  ${line}\n`);
        for (const { cron, next } of server.nextRuns()) io.stdout(`  next "${cron}": ${next ? next.toISOString() : 'never'}\n`);
        const signal = await interruption.signalled;
        interruption.dispose();
        log(`${signal}: stopping (runs in flight stay in the store; the next start resumes them)`);
        await server.close();
        engine.halt();
        await store.close();
        removeServeMarker(storeFile);
        return ExitCode.ok;
    },
};

/** What the server masks: its tokens and signing secrets, and WEFT_SERVE_TOKEN (a process's token, given or not). */
function servedCredentials(access: Access): string[] {
    const single = process.env.WEFT_SERVE_TOKEN;
    return single ? [...access.credentials(), single] : [...access.credentials()];
}
