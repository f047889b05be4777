// `weft retry <runId> <node>`: runs a failed node again (journaled with who did it; a failed run
// reopens), then carries the run on until it ends or waits for the outside again, printing its
// progress. The node's own retry policy applies to the new attempts as to the first.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { controlThenCarryOn } from '../control-session.js';
import { storeOptions } from '../run-store-option.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const retryCommand: CliCommand = {
    name: 'retry',
    summary: 'run a failed node again and carry its run on',
    usage: 'weft retry <runId> <node> [--virtual-time] [--store path|url] [--json]',
    options: { ...storeOptions, 'virtual-time': { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 2) throw new UsageError('retry needs a run id and the failed node');
        const [runId, node] = positionals as [string, string];
        return controlThenCarryOn('retry', runId, { values, io, cwd }, {
            said: `Retrying '${node}' of run ${runId}`,
            request: controlRequest.retry(runId, node),
            act: (engine) => engine.retryNode(runId, node, cliActor()),
        });
    },
};
