// `weft cancel <runId> [--reason text]`: cancels a run (journaled with who did it; running tasks
// are aborted, waiting sub-runs cancelled, nothing is compensated) and waits until that is durable.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { appliedElsewhere, reportingControlErrors, withEngine } from '../control-session.js';
import { storeOptions } from '../run-store-option.js';
import { storeArgument } from '../store-hint.js';
import { throughServer } from '../served-control.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const cancelCommand: CliCommand = {
    name: 'cancel',
    summary: 'cancel a run',
    usage: 'weft cancel <runId> [--reason text] [--store path|url]',
    options: { ...storeOptions, reason: { type: 'string' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError('cancel needs exactly one run id');
        const runId = positionals[0]!;
        const served = await throughServer('cancel', values, cwd, io, { request: controlRequest.cancel(runId, values.reason as string | undefined), said: `Cancelled run ${runId}`, runId, ends: true });
        if (served !== undefined) return served;
        return reportingControlErrors('cancel', io, () => withEngine({ command: 'cancel', values, cwd, runIds: [runId] }, async (engine) => {
            const done = await engine.cancel(runId, cliActor(), values.reason as string | undefined);
            if (done.carriedBy !== undefined) return appliedElsewhere(engine, runId, `Cancelled run ${runId}`, done.carriedBy, false, io, storeArgument(values, cwd));
            const outcome = await engine.waitFor(runId);
            io.stdout(`Run ${runId} ${outcome.status}\n`);
            return ExitCode.ok;
        }));
    },
};
