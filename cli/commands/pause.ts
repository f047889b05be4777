// `weft pause <runId>`: pauses a run (journaled with who did it). Nodes already running finish;
// no new node starts until `weft resume`. Returns once the pause is durable and nothing runs.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { appliedElsewhere, journaled, reportingControlErrors, withEngine } from '../control-session.js';
import { driveRuns } from '../drive-run.js';
import { storeOptions } from '../run-store-option.js';
import { storeArgument } from '../store-hint.js';
import { throughServer } from '../served-control.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const pauseCommand: CliCommand = {
    name: 'pause',
    summary: 'pause a run (resume it with weft resume)',
    usage: 'weft pause <runId> [--store path|url]',
    options: { ...storeOptions },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError('pause needs exactly one run id');
        const runId = positionals[0]!;
        const served = await throughServer('pause', values, cwd, io, { request: controlRequest.pause(runId), said: `Pausing run ${runId}`, runId });
        if (served !== undefined) return served;
        return reportingControlErrors('pause', io, () => withEngine({ command: 'pause', values, cwd, runIds: [runId] }, async (engine) => {
            const before = await engine.inspect(runId);
            if (before.paused) {
                io.stdout(`Run ${runId} is already paused\n`);
                return ExitCode.ok;
            }
            const durable = journaled(engine, runId, 'Paused');
            const done = await engine.pause(runId, cliActor());
            // Paused by the process on another machine that carries the run (durable when it answered).
            if (done.carriedBy !== undefined) return appliedElsewhere(engine, runId, `Paused run ${runId}`, done.carriedBy, false, io, storeArgument(values, cwd));
            await durable;
            await driveRuns(engine, [runId]);
            io.stdout(`Run ${runId} paused (continue it with: weft resume ${runId}${storeArgument(values, cwd)})\n`);
            return ExitCode.ok;
        }));
    },
};
