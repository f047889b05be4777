// CLI — the common tail of `weft run`, `resume`, `approve` and `emit`: carry the runs on in this
// process until they end or wait for the outside, then report each (`--json`: one object per
// run, as `weft run --json`) and give the exit code of the worst status. Ctrl-C or SIGTERM
// meanwhile stops that: the engine halts (as after a crash, nothing more is recorded) and each
// run is reported as its journal left it, with the command that continues it.
import type { Engine } from '../runtime/engine/engine.js';
import { foldJournal } from '../runtime/journal/fold.js';
import { currentNodes, TERMINAL_STATUSES } from '../runtime/journal/workflow-state.js';
import type { CliIo } from './command.js';
import { liveServer } from '../runtime/store/serve-marker.js';
import { JournalOrderError } from '../runtime/store/run-store.js';
import { carriedMessage, carrierOf } from '../runtime/store/run-carriers.js';
import { ExitCode } from './command.js';
import { driveRuns } from './drive-run.js';
import { signalExitCode, watchInterruption, type Interruption, type InterruptSignal } from './interruption.js';
import type { EventSchedule } from './scheduled-events.js';
import { exitCodeFor, outcomeLines, runResultJson } from './run-result.js';

export interface CarryOnOptions {
    /** The runs live in an in-memory store (`weft run --memory`): an interrupted one is gone. */
    memory?: boolean;
    /** The store's file: a `weft serve` that serves it carries an interrupted run on (`weft run` beside a server). */
    storeFile?: string;
    /** ` --store <path>` for the follow-up commands printed, when they need it (`storeArgument`). */
    store?: string;
    /**
     * Signals answered since before the runs were started or acted on (the caller disposes of
     * it); without one, `carryOn` answers them while it carries the runs on.
     */
    interruption?: Interruption;
    /**
     * Runs reported as their store holds them, not carried on here, each with its line (a sub-run
     * `weft emit` kept an event for, which goes on once its parent re-attaches it).
     */
    asStored?: ReadonlyMap<string, string>;
}

export async function carryOn(engine: Engine, runIds: readonly string[], io: CliIo, json: boolean, alsoDrive: readonly string[] = [], schedule?: EventSchedule, options: CarryOnOptions = {}): Promise<number> {
    const interruption = options.interruption ?? watchInterruption();
    let signal: InterruptSignal | undefined;
    let crashed: ReadonlyMap<string, Error> = new Map();
    try {
        signal = await Promise.race([driveRuns(engine, [...runIds, ...alsoDrive], schedule).then((c) => { crashed = c; return undefined; }), interruption.signalled]);
    } finally {
        if (options.interruption === undefined) interruption.dispose();
    }
    const dropped = schedule?.cancel() ?? 0;
    if (signal !== undefined) return interrupted(engine, runIds, io, json, signal, options);
    if (dropped > 0) io.stderr(`weft: ${dropped} scheduled event${dropped === 1 ? ' was' : 's were'} not delivered: every run had ended\n`);
    let code: number = ExitCode.ok;
    const results = [];
    for (const id of runIds) {
        const stored = options.asStored?.get(id);
        if (stored !== undefined) {
            const state = await engine.inspect(id);
            results.push(runResultJson(state));
            code = Math.max(code, exitCodeFor(state.status));
            if (!json) io.stdout(stored);
            continue;
        }
        const error = crashed.get(id);
        // Another process carried the run on meanwhile (two `weft resume` of it at once): its journal
        // moved on under this one's, or this engine gave the run up before it was driven.
        if (error instanceof JournalOrderError || (error === undefined && engine.peek(id) === undefined && !TERMINAL_STATUSES.has((await engine.inspect(id)).status))) {
            io.stderr(await takenElsewhere(engine, id, options, error !== undefined));
            code = Math.max(code, ExitCode.invalid);
            results.push({ runId: id, stopped: true, error: { name: 'CarriedElsewhere', message: 'another process carries the run on' } });
            continue;
        }
        if (error !== undefined) {
            // Its journal could not be written: what the store holds may not be readable now either.
            results.push({ runId: id, stopped: true, error: { name: error.name, message: error.message } });
            code = Math.max(code, exitCodeFor('failed'));
            io.stderr(`weft: run ${id} stopped: its journal could not be written (${error.message}); nothing after its last durable event was recorded${options.memory ? '' : `. Continue it with: weft resume ${id}${options.store ?? ''}`}\n`);
            continue;
        }
        const state = engine.peek(id) ?? await engine.inspect(id);
        const result = runResultJson(state);
        results.push(result);
        code = Math.max(code, exitCodeFor(state.status));
        if (!json) io.stdout(outcomeLines(id, state, options.store, options.memory));
    }
    if (json) io.stdout(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    return code;
}

/**
 * The report of runs whose carrying on `signal` stopped: the engine halts first (nothing more is
 * recorded), then each run is read back from its journal, so what is reported is what a resume
 * will start from.
 */
async function interrupted(engine: Engine, runIds: readonly string[], io: CliIo, json: boolean, signal: InterruptSignal, options: CarryOnOptions): Promise<number> {
    engine.halt();
    io.stderr(`weft: interrupted (${signal}); nothing more was recorded\n`);
    const results = [];
    const server = options.storeFile !== undefined && !options.memory ? liveServer(options.storeFile) : undefined;
    for (const id of runIds) {
        const state = foldJournal(id, await engine.store.readEvents(id));
        results.push({ ...runResultJson(state), interrupted: signal });
        if (json) continue;
        if (options.memory) io.stdout(`Run ${id} interrupted: it was kept in memory only (--memory) and is gone\n`);
        else if (TERMINAL_STATUSES.has(state.status)) io.stdout(`Run ${id} ${state.status}\n`);
        else if (server !== undefined) {
            // `weft resume` is refused beside a server: the server takes the run over itself.
            io.stdout(server.adoptEveryMs
                ? `Run ${id} interrupted, ${state.status} in its store; weft serve (pid ${server.pid}) at ${server.url} carries it on within ${formatSeconds(2 * server.adoptEveryMs)} (it takes over runs left behind)\n`
                : `Run ${id} interrupted, ${state.status} in its store; weft serve (pid ${server.pid}) at ${server.url} serves the store and carries it on when it next starts\n`);
        } else {
            io.stdout(`Run ${id} interrupted, ${state.status} in its store; continue it with: weft resume ${id}${options.store ?? ''}\n`);
            const running = currentNodes(state).filter((c) => c.phase === 'running').map((c) => `'${c.node}'`);
            if (running.length) io.stdout(`  ${running.join(', ')} had started: on resume a node runs again if it is idempotent or has a retry left, else it fails as Interrupted\n`);
        }
    }
    if (json) io.stdout(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    return signalExitCode(signal);
}

/**
 * What this process says of a run another process carried on while it meant to (it lost the race
 * to journal it): who carries it now, or how it ended by then. One line for stderr.
 */
async function takenElsewhere(engine: Engine, runId: string, options: CarryOnOptions, moved: boolean): Promise<string> {
    const state = foldJournal(runId, await engine.store.readEvents(runId));
    if (TERMINAL_STATUSES.has(state.status)) return `weft: run ${runId} was carried on by another process meanwhile, not this one; it is ${state.status} (weft show ${runId}${options.store ?? ''})\n`;
    const carrier = options.storeFile !== undefined ? carrierOf(options.storeFile, runId) : undefined;
    if (carrier !== undefined) return `weft: ${carriedMessage(runId, carrier)}; this process left it to it\n`;
    // Given up before it was driven, with no other carrier to name: why is not known here.
    if (!moved) return `weft: run ${runId} was not carried on here (another process took it, or its journal could not be written); see: weft show ${runId}${options.store ?? ''}\n`;
    return `weft: run ${runId} was carried on by another process meanwhile, not this one; follow it with: weft watch ${runId}${options.store ?? ''}\n`;
}

/** `10 s`, `1.5 s`: a span in seconds, for a message. */
function formatSeconds(ms: number): string {
    return `${Math.round(ms / 100) / 10} s`;
}
