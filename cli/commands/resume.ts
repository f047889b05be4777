// `weft resume <runId…> | --all [--virtual-time] [--json]`: continues runs from their journals —
// after a crash, a pause, or in another process — and carries them until they end or wait for
// the outside. Completed nodes never run again (the engine's recovery rules decide the rest).
import { TERMINAL_STATUSES } from '../../runtime/journal/workflow-state.js';
import { carryOn } from '../carry-on.js';
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { appliedElsewhere, reportingControlErrors, withEngine, withRunStore } from '../control-session.js';
import { ControlError, RunCarriedElsewhereError } from '../../runtime/engine/run-controls.js';
import { storeFileFor, storeOptions } from '../run-store-option.js';
import { carriedStore, storeArgument } from '../store-hint.js';
import { carriedMessage, carrierOf } from '../../runtime/store/run-carriers.js';
import { followProgress } from '../follow-progress.js';
import { EventSchedule, readEventsOption, receivedEventIds } from '../scheduled-events.js';
import { throughServer } from '../served-control.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const resumeCommand: CliCommand = {
    name: 'resume',
    summary: 'continue runs from their journals (after a crash or a pause)',
    usage: 'weft resume <runId…> | --all [--virtual-time] [--events @events.json] [--store path|url] [--json]',
    options: { ...storeOptions, all: { type: 'boolean' }, 'virtual-time': { type: 'boolean' }, events: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (values.all && positionals.length) throw new UsageError('give run ids or --all, not both');
        if (!values.all && positionals.length === 0) throw new UsageError('resume needs a run id (or --all)');
        const events = readEventsOption(values.events, cwd);
        // A run named alone (a paused one) on a served store: resumed by the server, which carries
        // the store's unfinished runs already (`--all` has nothing to ask of it, and is refused).
        if (!values.all && positionals.length === 1 && events.length === 0) {
            const runId = positionals[0]!;
            const served = await throughServer('resume', values, cwd, io, { request: controlRequest.resume(runId), said: `Resuming run ${runId}`, runId });
            if (served !== undefined) return served;
        }
        const before = values.all
            ? await withRunStore(values, cwd, async (store) => (await store.listRuns({ status: ['running', 'paused'] })).filter((r) => !r.parentRunId).map((r) => r.runId))
            : positionals;
        let runIds = before;
        let leftToOthers = 0;
        if (values.all) {
            // `--all` leaves the runs another live process carries to it (a run named alone is refused).
            const storeFile = storeFileFor(values, cwd);
            runIds = runIds.filter((id) => {
                const carrier = carrierOf(storeFile, id);
                if (carrier) io.stderr(`weft resume: ${carriedMessage(id, carrier)}; left to it\n`);
                return carrier === undefined;
            });
            leftToOthers = before.length - runIds.length;
        }
        if (runIds.length === 0) {
            io.stdout(leftToOthers ? `No unfinished run to resume here (${leftToOthers} carried by other processes).\n` : 'No unfinished runs.\n');
            return ExitCode.ok;
        }
        return reportingControlErrors('resume', io, () => withEngine({ command: 'resume', values, cwd, runIds, carriesRuns: true }, async (engine, _store, interruption) => {
            if (!values.json) followProgress(engine, io);
            const schedule = new EventSchedule(engine);
            // A named run that has ended is refused, as pause and cancel refuse it, before any run is touched.
            for (const id of runIds) {
                const record = await engine.store.getRun(id);
                if (record && TERMINAL_STATUSES.has(record.status)) throw new ControlError(`Cannot resume run ${id}: it is ${record.status}`);
            }
            // Virtual time stays put until every run's events are scheduled: a resumed run's
            // timers are armed at once, and while the store is read (real I/O for PostgreSQL) an
            // idle virtual clock would jump to them past events still to come.
            engine.clock.busy();
            try {
                for (const id of runIds) {
                    try {
                        await engine.resume(id);
                    } catch (err) {
                        // A paused run named alone that a process on another machine carries: resumed there.
                        const elsewhere = err instanceof RunCarriedElsewhereError && err.holder !== undefined && runIds.length === 1;
                        const state = elsewhere ? await engine.inspect(id) : undefined;
                        if (!state?.paused || TERMINAL_STATUSES.has(state.status)) throw err;
                        const done = await engine.resumeRun(id, cliActor());
                        if (done.carriedBy !== undefined) return appliedElsewhere(engine, id, `Resumed run ${id}`, done.carriedBy, values.json === true, io, storeArgument(values, cwd));
                        await engine.resume(id);
                    }
                    const state = engine.peek(id) ?? await engine.inspect(id);
                    if (state.paused && !TERMINAL_STATUSES.has(state.status)) await engine.resumeRun(id, cliActor());
                    // `--events`: the run's scheduled events (times from its start) it has not received yet.
                    if (events.length && !TERMINAL_STATUSES.has(state.status)) schedule.add(id, state.startedAt, events, receivedEventIds(await engine.store.readEvents(id)));
                }
            } finally {
                engine.clock.idle();
            }
            return carryOn(engine, runIds, io, values.json === true, [], schedule, { interruption, ...carriedStore(values, cwd) });
        }));
    },
};
