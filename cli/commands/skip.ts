// `weft skip <runId> <node> [--result '<json>' | --result @file.json]`: completes a failed,
// waiting or ready node with the given result (null unless given) in place of running it
// (journaled with who did it; a failed run reopens), then carries the run on until it ends or
// waits for the outside again, printing its progress.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { controlThenCarryOn } from '../control-session.js';
import { briefJson, readJsonArgument } from '../json-argument.js';
import { storeOptions } from '../run-store-option.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const skipCommand: CliCommand = {
    name: 'skip',
    summary: 'complete a node with a given result instead of running it',
    usage: "weft skip <runId> <node> [--result '<json>' | --result @file.json] [--virtual-time] [--store path|url] [--json]",
    options: { ...storeOptions, result: { type: 'string' }, 'virtual-time': { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 2) throw new UsageError('skip needs a run id and the node to skip');
        const [runId, node] = positionals as [string, string];
        const result = values.result === undefined ? null : readJsonArgument('--result', values.result as string, cwd);
        return controlThenCarryOn('skip', runId, { values, io, cwd }, {
            said: `Skipped '${node}' of run ${runId} (result ${briefJson(result)})`,
            request: controlRequest.skip(runId, node, result),
            act: (engine) => engine.skipNode(runId, node, result, cliActor()),
        });
    },
};
