// `weft set <runId> <name> <json | @file.json>`: sets a variable or output of an unfinished run
// (checked against its declared type; journaled with who did it), then carries the run on until
// it ends or waits for the outside again, printing its progress. The value is JSON: a string is
// quoted ('"text"'), so `weft set <run> limit 50` is the number 50. A failed run's variables can
// be set too (to put right what a node failed on before `weft retry`); it stays failed.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { controlThenCarryOn } from '../control-session.js';
import { briefJson, readJsonArgument } from '../json-argument.js';
import { storeOptions } from '../run-store-option.js';
import { storeArgument } from '../store-hint.js';
import type { WorkflowState } from '../../runtime/journal/workflow-state.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const setCommand: CliCommand = {
    name: 'set',
    summary: 'set a variable or output of an unfinished run',
    usage: "weft set <runId> <name> <json | @file.json> [--virtual-time] [--store path|url] [--json]",
    options: { ...storeOptions, 'virtual-time': { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 3) throw new UsageError("set needs a run id, a variable's name and its new value (JSON)");
        const [runId, name, text] = positionals as [string, string, string];
        let value: unknown;
        try {
            value = readJsonArgument('the value', text, cwd);
        } catch (error) {
            // The usual slip: a string given bare.
            if (error instanceof UsageError && !text.startsWith('@')) throw new UsageError(`${error.message} (a string is quoted: '${JSON.stringify(text)}')`);
            throw error;
        }
        return controlThenCarryOn('set', runId, { values, io, cwd }, {
            said: `Set '${name}' of run ${runId} to ${briefJson(value)}`,
            request: controlRequest.setVariable(runId, name, value),
            act: (engine) => engine.setVariable(runId, name, value, cliActor()),
        }, (state) => state.status === 'failed'
            // A failed run stays failed: the command did what was asked (exit 0) and says what moves it on.
            ? { code: ExitCode.ok, text: `Run ${runId} is still failed; run a failed node again with: ${retryCommands(runId, state, storeArgument(values, cwd))}` }
            : undefined);
    },
};

/** `weft retry <run> <node>` for each failed node of the run (`<node>` when none is left failed). */
function retryCommands(runId: string, state: WorkflowState, store: string): string {
    const failed = [...new Set([...state.tokens.values()].filter((t) => t.phase === 'failed').map((t) => t.node))];
    return (failed.length ? failed : ['<node>']).map((node) => `weft retry ${runId} ${node}${store}`).join(' or ');
}
