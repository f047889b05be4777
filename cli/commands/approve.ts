// `weft approve <runId> <node> [--reject] [--comment text] [--by name]`: decides a waiting
// approval (journaled with who did it), then carries the run on until it ends or waits for the
// outside again, printing its progress.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { controlThenCarryOn } from '../control-session.js';
import { storeOptions } from '../run-store-option.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const approveCommand: CliCommand = {
    name: 'approve',
    summary: 'approve (or --reject) an approval a run waits for',
    usage: 'weft approve <runId> <node> [--reject] [--comment text] [--by name] [--virtual-time] [--store path|url] [--json]',
    options: {
        ...storeOptions, reject: { type: 'boolean' }, comment: { type: 'string' }, by: { type: 'string' },
        'virtual-time': { type: 'boolean' }, json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 2) throw new UsageError('approve needs a run id and the approval node');
        const [runId, node] = positionals as [string, string];
        const approved = values.reject !== true;
        const comment = values.comment as string | undefined;
        return controlThenCarryOn('approve', runId, { values, io, cwd }, {
            said: `${approved ? 'Approved' : 'Rejected'} '${node}' of run ${runId}`,
            request: controlRequest.decide(runId, node, approved, { ...(values.by !== undefined ? { by: values.by as string } : {}), ...(comment !== undefined ? { comment } : {}) }),
            async act(engine) {
                const actor = cliActor();
                return engine.approve(runId, node, { approved, by: (values.by as string | undefined) ?? actor.replace(/^cli:/, ''), ...(comment !== undefined ? { comment } : {}) }, actor);
            },
        });
    },
};
