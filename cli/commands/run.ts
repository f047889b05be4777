// `weft run <file>`: compiles the workflow (diagnostics and exit 2 on errors, nothing started),
// runs it on the embedded engine — SQLite store `.weft/runs.db` next to the file unless
// --store/--memory — with live progress, or one JSON result object with --json, until it ends
// or waits for the outside (approval, event). Exit 0 completed/waiting, 1 failed or cancelled,
// 2 usage or validation errors.
import path from 'node:path';
import { RunStartError, type Engine } from '../../runtime/engine/engine.js';
import { foldJournal } from '../../runtime/journal/fold.js';
import { TERMINAL_STATUSES } from '../../runtime/journal/workflow-state.js';
import { RunKeyTakenError, runKeyProblem } from '../../runtime/store/run-store.js';
import type { CommandContext } from '../command.js';
import { exitCodeFor, outcomeLines, runResultJson } from '../run-result.js';
import { watchCommand, whoCarries } from './watch.js';
import { startProblems } from '../../runtime/engine/run-start-values.js';
import { RealClock } from '../../runtime/engine/clock.js';
import { carryOn } from '../carry-on.js';
import { createCliEngine } from '../cli-engine.js';
import { recordCarriedRuns } from '../../runtime/engine/engine-carrier.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { compileWorkflow, printDiagnostics } from '../../language-server/workspace/compile-workflow.js';
import { followProgress } from '../follow-progress.js';
import { printStartProblems } from '../start-problems.js';
import { watchInterruption } from '../interruption.js';
import { readJsonArgument } from '../json-argument.js';
import { isPostgresStore, openRunStore, storeFileFor, storeOptions } from '../run-store-option.js';
import { storeArgument } from '../store-hint.js';
import { EventSchedule, readEventsOption } from '../scheduled-events.js';
import { runLimitsOf } from '../../runtime/engine/run-limits.js';

/** `--input`: a JSON object of input names to values. */
function readInputs(value: unknown, cwd: string): Record<string, unknown> {
    if (typeof value !== 'string') return {};
    const inputs = readJsonArgument('--input', value, cwd);
    if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) throw new UsageError('--input must be a JSON object of input names to values');
    return inputs as Record<string, unknown>;
}

export const runCommand: CliCommand = {
    name: 'run',
    summary: 'run a workflow on the embedded runtime',
    usage: "weft run <file.weft> [--workflow Name] [--input '<json>' | --input @file.json] [--key <idempotency key>] [--memory | --store <path|url>] [--timeout <duration>] [--step-budget <n>] [--virtual-time] [--events @events.json] [--json]",
    options: {
        ...storeOptions,
        workflow: { type: 'string', short: 'w' },
        input: { type: 'string', short: 'i' },
        memory: { type: 'boolean' },
        'virtual-time': { type: 'boolean' },
        events: { type: 'string' },
        json: { type: 'boolean' },
        key: { type: 'string' },
        timeout: { type: 'string' },
        'step-budget': { type: 'string' },
    },
    async run(context) {
        const { values, positionals, io, cwd } = context;
        if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'run needs a workflow file' : 'run takes exactly one file');
        const file = path.resolve(cwd, positionals[0]);
        const inputs = readInputs(values.input, cwd);
        const events = readEventsOption(values.events, cwd);
        const asked = runLimitsOf(values.timeout, values['step-budget'], { timeout: '--timeout', stepBudget: '--step-budget' }, 'text');
        if ('problem' in asked) throw new UsageError(asked.problem);
        const limits = asked.limits;
        const key = typeof values.key === 'string' ? values.key : undefined;
        if (key !== undefined) {
            const problem = runKeyProblem(key);
            if (problem !== undefined) throw new UsageError(`--key: ${problem}`);
            if (values.memory) throw new UsageError('--key needs a store that keeps runs; --memory keeps none');
        }
        const workflow = typeof values.workflow === 'string' ? values.workflow : undefined;
        const compiled = await compileWorkflow(file, workflow);
        if (!compiled.ok) {
            printDiagnostics(compiled.diagnostics, io.stderr);
            return ExitCode.usage;
        }
        printDiagnostics(compiled.warnings, io.stderr);
        // Inputs and secrets are checked before the store is opened: a run that cannot start
        // leaves no `.weft/runs.db` behind (the engine checks them again when it starts the run).
        const chosen = workflow ?? compiled.bundle.entry;
        const problems = startProblems(compiled.bundle, { workflow: chosen, inputs }, process.env, new RealClock());
        if (problems.length) {
            printStartProblems(chosen, problems, io.stderr, cwd);
            return ExitCode.usage;
        }
        const store = openRunStore(values, cwd, file);
        const storeFile = values.memory ? undefined : storeFileFor(values, cwd, file);
        const engine = createCliEngine({ store, virtualTime: values['virtual-time'] === true, ...(storeFile !== undefined ? { storeFile } : {}) });
        // The run (and its sub-runs) are this process's while it lives: other processes leave them to it.
        const carried = storeFile !== undefined ? recordCarriedRuns(engine, storeFile, 'weft run') : undefined;
        const json = values.json === true;
        // Answered from before the run starts: its first steps may be done and printed before
        // `carryOn` is reached, and Ctrl-C then must halt it as it would a moment later.
        const interruption = watchInterruption();
        try {
            if (!json) followProgress(engine, io);
            const startedAt = engine.clock.now();
            let runId: string;
            // Virtual time stays put until the run's events are scheduled (see resume.ts).
            engine.clock.busy();
            try {
                ({ runId } = await engine.start(compiled.bundle, { ...(workflow ? { workflow } : {}), inputs, ...limits, ...(key !== undefined ? { key } : {}) }));
            } catch (error) {
                engine.clock.idle();
                if (error instanceof RunKeyTakenError) {
                    if (!error.sameInputs) {
                        io.stderr(`weft run: ${error.message}; nothing was started (a key names one run: give another key for other inputs)\n`);
                        return ExitCode.usage;
                    }
                    return await keyedRunAgain(engine, error, storeFile!, storeArgument(values, cwd, file), context, interruption);
                }
                if (!(error instanceof RunStartError)) throw error;
                if (error.problems.length) printStartProblems(chosen, error.problems, io.stderr, cwd);
                else io.stderr(`weft run: ${error.message.replace(/\n/g, '\n    ')}\n`);
                return ExitCode.usage;
            }
            const schedule = new EventSchedule(engine);
            schedule.add(runId, startedAt, events);
            engine.clock.idle();
            return await carryOn(engine, [runId], io, json, [], schedule, { memory: values.memory === true, interruption, store: storeArgument(values, cwd, file), ...(storeFile !== undefined ? { storeFile } : {}) });
        } finally {
            interruption.dispose();
            engine.halt();
            carried?.release();
            await store.close();
        }
    },
};

/**
 * `weft run --key K` when a run of the workflow was started with K already, with the same inputs
 * (a cron job or a CI step that runs again): nothing new starts, and the command ends as that run
 * does. An ended run is reported as `weft run` reports its own, with its exit code; one another
 * process carries (a `weft serve`, another `weft run`) is followed as `weft watch` follows it; one
 * nothing carries (its process was killed) is resumed here from its journal and carried on, as
 * `weft resume` would.
 */
async function keyedRunAgain(
    engine: Engine, taken: RunKeyTakenError, storeFile: string, store: string, context: CommandContext, interruption: ReturnType<typeof watchInterruption>,
): Promise<number> {
    const { io } = context;
    const json = context.values.json === true;
    const runId = taken.runId;
    const state = foldJournal(runId, await engine.store.readEvents(runId));
    const said = `weft run: run ${runId} of ${taken.workflow} was started with the key '${taken.key}'`;
    if (TERMINAL_STATUSES.has(state.status)) {
        io.stderr(`${said} and has ended; nothing new was started\n`);
        io.stdout(json ? JSON.stringify(runResultJson(state), null, 2) + '\n' : outcomeLines(runId, state, store));
        return exitCodeFor(state.status);
    }
    const lengthNow = async () => (await engine.store.getRun(runId))?.lastSeq;
    let carrier = whoCarries(storeFile, runId);
    if (carrier === undefined) {
        // A process records that it carries a run just after its first commit, so a run seen in
        // that moment looks uncarried: it is taken only if it is still uncarried, with a journal
        // no longer, a moment later (as `weft serve` takes a run only after two quiet looks).
        const before = await lengthNow();
        await new Promise((resolve) => setTimeout(resolve, QUIET_LOOK_MS));
        carrier = whoCarries(storeFile, runId) ?? ((await lengthNow()) !== before ? 'another process journals it' : undefined);
    }
    if (carrier !== undefined) {
        io.stderr(`${said}; ${carrier}: following it (weft watch ${runId}${store})\n`);
        // Watched in the store this run command used: `weft watch` alone would look in the current
        // folder, not next to the workflow file. A PostgreSQL URL is passed on as given.
        const values = isPostgresStore(context.values) ? context.values : { ...context.values, store: storeFile };
        return watchCommand.run({ ...context, values, positionals: [runId] });
    }
    io.stderr(`${said}; nothing carries it now: carrying it on here\n`);
    await engine.resume(runId);
    return carryOn(engine, [runId], io, json, [], new EventSchedule(engine), { interruption, storeFile, store });
}

/** How long `weft run --key` watches an unfinished run nothing carries before it takes it (ms). */
const QUIET_LOOK_MS = 300;
