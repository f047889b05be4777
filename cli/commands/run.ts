// `weft run <file>`: compiles the workflow (diagnostics and exit 2 on errors, nothing started),
// runs it on the embedded engine — SQLite store `.weft/runs.db` next to the file unless
// --store/--memory — with live progress, or one JSON result object with --json, until it ends
// or waits for the outside (approval, event). Exit 0 completed/waiting, 1 failed or cancelled,
// 2 usage or validation errors.
import path from 'node:path';
import { RunStartError } from '../../runtime/engine/engine.js';
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
import { openRunStore, storeFileFor, storeOptions } from '../run-store-option.js';
import { EventSchedule, readEventsOption } from '../scheduled-events.js';

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
    usage: "weft run <file.weft> [--workflow Name] [--input '<json>' | --input @file.json] [--memory | --store <path>] [--virtual-time] [--events @events.json] [--json]",
    options: {
        ...storeOptions,
        workflow: { type: 'string', short: 'w' },
        input: { type: 'string', short: 'i' },
        memory: { type: 'boolean' },
        'virtual-time': { type: 'boolean' },
        events: { type: 'string' },
        json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'run needs a workflow file' : 'run takes exactly one file');
        const file = path.resolve(cwd, positionals[0]);
        const inputs = readInputs(values.input, cwd);
        const events = readEventsOption(values.events, cwd);
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
            try {
                ({ runId } = await engine.start(compiled.bundle, { ...(workflow ? { workflow } : {}), inputs }));
            } catch (error) {
                if (!(error instanceof RunStartError)) throw error;
                if (error.problems.length) printStartProblems(chosen, error.problems, io.stderr, cwd);
                else io.stderr(`weft run: ${error.message.replace(/\n/g, '\n    ')}\n`);
                return ExitCode.usage;
            }
            const schedule = new EventSchedule(engine);
            schedule.add(runId, startedAt, events);
            return await carryOn(engine, [runId], io, json, [], schedule, { memory: values.memory === true, interruption, ...(storeFile !== undefined ? { storeFile } : {}) });
        } finally {
            interruption.dispose();
            engine.halt();
            carried?.release();
            await store.close();
        }
    },
};
