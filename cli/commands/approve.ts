// `weft approve <runId> <node> [--reject] [--comment text] [--by name]`: decides a waiting
// approval (journaled with who did it), then carries the run on until it ends or waits for the
// outside again, printing its progress.
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { controlThenCarryOn } from '../control-session.js';
import { storeOptions } from '../run-store-option.js';
import { segment, throughServer } from '../served-control.js';

export const approveCommand: CliCommand = {
    name: 'approve',
    summary: 'approve (or --reject) an approval a run waits for',
    usage: 'weft approve <runId> <node> [--reject] [--comment text] [--by name] [--virtual-time] [--store path] [--json]',
    options: {
        ...storeOptions, reject: { type: 'boolean' }, comment: { type: 'string' }, by: { type: 'string' },
        'virtual-time': { type: 'boolean' }, json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 2) throw new UsageError('approve needs a run id and the approval node');
        const [runId, node] = positionals as [string, string];
        const approved = values.reject !== true;
        const served = await throughServer('approve', values, cwd, io, {
            method: 'POST', path: `/runs/${segment(runId)}/${approved ? 'approve' : 'reject'}`, runId,
            body: { node, ...(values.by !== undefined ? { by: values.by } : {}), ...(values.comment !== undefined ? { comment: values.comment } : {}) },
            said: `${approved ? 'Approved' : 'Rejected'} '${node}' of run ${runId}`,
        });
        if (served !== undefined) return served;
        return controlThenCarryOn('approve', runId, { values, io, cwd }, async (engine) => {
            const actor = cliActor();
            const decision = {
                approved: values.reject !== true,
                by: (values.by as string | undefined) ?? actor.replace(/^cli:/, ''),
                ...(values.comment !== undefined ? { comment: values.comment as string } : {}),
            };
            await engine.approve(runId, node, decision, actor);
            return `${decision.approved ? 'Approved' : 'Rejected'} '${node}' of run ${runId}`;
        });
    },
};
