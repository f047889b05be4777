// CLI — one command's session with the run store: opens the store (`--store`, default
// `.weft/runs.db`), builds the engine (virtual time on request), hands both to the command and
// always shuts down after: the engine is halted (nothing more recorded) and the store closed.
import type { Engine } from '../runtime/engine/engine.js';
import type { RunStore, UnknownRunError } from '../runtime/store/run-store.js';
import { ControlError, UnknownRunControlError, type ControlDone } from '../runtime/engine/run-controls.js';
import { createCliEngine } from './cli-engine.js';
import { recordCarriedRuns } from '../runtime/engine/engine-carrier.js';
import { virtualStartFor } from './drive-run.js';
import { openRunStore, storeFileFor } from './run-store-option.js';
import { refuseIfServed } from '../runtime/store/serve-marker.js';
import { NoRunStoreError } from '../runtime/store/sqlite-open.js';
import { watchInterruption, type Interruption } from './interruption.js';
import { carryOn } from './carry-on.js';
import type { CliIo } from './command.js';
import { followProgress } from './follow-progress.js';
import { TERMINAL_STATUSES, type WorkflowState } from '../runtime/journal/workflow-state.js';
import { runResultJson } from './run-result.js';
import { throughServer } from './served-control.js';
import { carriedStore, storeArgument } from './store-hint.js';
import type { ServedRequest } from '../runtime/store/serve-client.js';

export interface SessionOptions {
    /** The command (`approve`): what other processes are told carries the runs it acts on. */
    command: string;
    values: Record<string, unknown>;
    cwd: string;
    /** Runs the session will carry on; a virtual clock starts no earlier than their journals. */
    runIds?: readonly string[];
    /**
     * The session carries runs on (`carryOn`): Ctrl-C and SIGTERM are answered from before the
     * engine exists, so a signal that comes while the command is still acting (its runs already
     * moving) halts them as one during `carryOn` does.
     */
    carriesRuns?: boolean;
}

/**
 * Opens the store for `fn` and closes it after. A missing store file is not made (`access`:
 * `existing`, or `read` for commands that only read, which open it read-only).
 */
export async function withRunStore<T>(values: Record<string, unknown>, cwd: string, fn: (store: RunStore) => Promise<T>, access: 'existing' | 'read' = 'existing'): Promise<T> {
    const store = openRunStore(values, cwd, undefined, access);
    try {
        return await fn(store);
    } finally {
        await store.close();
    }
}

/**
 * `withRunStore` read-only for the commands that list (`runs`, `stats`): a path with no store is
 * an empty result that says so, `No runs: no run store at <path>.` (`--json`: `emptyJson`, and
 * that line on stderr), exit 0; `undefined` then.
 */
export async function listingRunStore<T>(command: string, values: Record<string, unknown>, cwd: string, io: CliIo, emptyJson: string, fn: (store: RunStore) => Promise<T>): Promise<T | undefined> {
    try {
        return await withRunStore(values, cwd, fn, 'read');
    } catch (error) {
        if (!(error instanceof NoRunStoreError)) throw error;
        if (values.json) {
            io.stdout(`${emptyJson}\n`);
            io.stderr(`weft ${command}: ${error.message}\n`);
        } else io.stdout(`No runs: ${error.message}.\n`);
        return undefined;
    }
}

export async function withEngine<T>(options: SessionOptions, fn: (engine: Engine, store: RunStore, interruption: Interruption | undefined) => Promise<T>): Promise<T> {
    // The runs of a store that `weft serve` carries are acted on through it, not beside it.
    const storeFile = options.values.memory ? undefined : storeFileFor(options.values, options.cwd);
    if (storeFile !== undefined) refuseIfServed(storeFile);
    return withRunStore(options.values, options.cwd, async (store) => {
        const interruption = options.carriesRuns ? watchInterruption() : undefined;
        try {
            const virtualTime = options.values['virtual-time'] === true;
            const engine = createCliEngine({
                store, virtualTime, ...(storeFile !== undefined ? { storeFile } : {}),
                ...(virtualTime ? { virtualStart: await virtualStartFor(store, options.runIds ?? []) } : {}),
            });
            // A run of another process is refused when loaded (`carriedElsewhere`); the runs this
            // one acts on are recorded as its own until it ends.
            const carried = storeFile !== undefined ? recordCarriedRuns(engine, storeFile, `weft ${options.command}`) : undefined;
            try {
                return await fn(engine, store, interruption);
            } finally {
                engine.halt();
                carried?.release();
            }
        } finally {
            interruption?.dispose();
        }
    });
}

/** Resolves when `runId` journals an event of `type` (durably). Subscribe before acting. */
export function journaled(engine: Engine, runId: string, type: string): Promise<void> {
    return new Promise((resolve) => {
        const stop = engine.onEvent((e) => {
            if (e.kind === 'journal' && e.runId === runId && e.event.type === type) {
                stop();
                resolve();
            }
        });
    });
}

/**
 * Runs a control command; a control that does not apply (`ControlError`: unknown run, nothing
 * waiting at that node, run already ended) or a run that cannot start is one line and exit 1.
 */
export async function reportingControlErrors(command: string, io: { stderr(t: string): void }, fn: () => Promise<number>): Promise<number> {
    try {
        return await fn();
    } catch (error) {
        const name = (error as Error)?.name;
        // Said as `weft show` and `weft watch` say it.
        if (error instanceof UnknownRunControlError || name === 'UnknownRunError') {
            io.stderr(`weft ${command}: no run with id '${(error as UnknownRunError).runId}' in this store\n`);
            return 1;
        }
        if (error instanceof ControlError || name === 'RunStartError' || name === 'RequestNotAnsweredError') {
            io.stderr(`weft ${command}: ${(error as Error).message}\n`);
            return 1;
        }
        throw error;
    }
}

/**
 * What a control applied by the carrier on another machine says (`ControlDone.carriedBy`): that
 * it was applied there and who carries the run on (`--json`: the run as the store has it now).
 * Exit 0; `weft watch <run>` follows it.
 */
export async function appliedElsewhere(engine: Engine, runId: string, said: string, holder: string, json: boolean, io: CliIo, store = ''): Promise<number> {
    const state = await engine.inspect(runId);
    if (json) io.stdout(JSON.stringify(runResultJson(state), null, 2) + '\n');
    // A control that ended the run there (a cancel, a step to its end): nothing is carried on.
    else if (TERMINAL_STATUSES.has(state.status)) io.stdout(`${said}: applied by ${holder}; the run is ${state.status}\n`);
    else io.stdout(`${said}: applied by ${holder}, which carries the run on (follow it with: weft watch ${runId}${store})\n`);
    return 0;
}

/**
 * The common body of `weft approve`, `retry`, `skip` and `set`. On a store a live `weft serve`
 * serves, `control.request` goes to its API (`throughServer`). Otherwise, with the run's store
 * open and an engine over it, `control.act` applies the control to run `runId` (journaled with
 * its actor), the command says `control.said`, and the run is carried on in this process until it
 * ends or waits for the outside again, its progress printed (`--json`: only the report). A
 * control that does not apply is one line and exit 1 (`reportingControlErrors`), and nothing is
 * recorded.
 */
export async function controlThenCarryOn(
    command: string, runId: string, context: { values: Record<string, unknown>; io: CliIo; cwd: string },
    control: { said: string; request: ServedRequest; act(engine: Engine): Promise<ControlDone | void> },
    /** A run the control leaves where nothing carries it on: the exit code and what to say instead of the run's report. */
    stays?: (state: WorkflowState) => { code: number; text: string } | undefined,
): Promise<number> {
    const { values, io, cwd } = context;
    const served = await throughServer(command, values, cwd, io, { request: control.request, said: control.said, runId });
    if (served !== undefined) return served;
    return reportingControlErrors(command, io, () => withEngine({ command, values, cwd, runIds: [runId], carriesRuns: true }, async (engine, _store, interruption) => {
        if (!values.json) followProgress(engine, io);
        const done = await control.act(engine);
        // Applied by the process on another machine that carries the run: it carries it on.
        if (done?.carriedBy !== undefined) return appliedElsewhere(engine, runId, control.said, done.carriedBy, values.json === true, io, storeArgument(values, cwd));
        if (!values.json) io.stdout(`${control.said}\n`);
        const state = engine.peek(runId);
        const left = state && stays?.(state);
        if (left) {
            if (values.json) io.stdout(JSON.stringify(runResultJson(state), null, 2) + '\n');
            else io.stdout(`${left.text}\n`);
            return left.code;
        }
        return carryOn(engine, [runId], io, values.json === true, [], undefined, { interruption, ...carriedStore(values, cwd) });
    }));
}
