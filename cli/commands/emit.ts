// `weft emit <type> --data '<json>' [--run runId] [--id id] [--source uri]`: delivers an event
// (CloudEvents shape) to the unfinished runs in the store (or one run), then carries the runs that
// took it until they end or wait for the outside again. Prints which runs took the event. With
// `--id` (and `--source`), emitting the same event again is a redelivery no run takes twice.
import { randomUUID } from 'node:crypto';
import { carryOn } from '../carry-on.js';
import { cliActor } from '../cli-engine.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { reportingControlErrors, withEngine, withRunStore } from '../control-session.js';
import { followProgress } from '../follow-progress.js';
import { readJsonArgument } from '../json-argument.js';
import { storeOptions } from '../run-store-option.js';
import { carriedStore } from '../store-hint.js';
import { runResultJson } from '../run-result.js';
import { notOfferedText } from '../../runtime/store/run-requests.js';
import { EXTERNAL_EVENT_SOURCE } from '../../runtime/engine/engine.js';
import { throughServer } from '../served-control.js';
import { controlRequest } from '../../runtime/store/serve-client.js';

export const emitCommand: CliCommand = {
    name: 'emit',
    summary: 'deliver an event to the waiting runs',
    usage: "weft emit <type> [--data '<json>' | --data @file.json] [--id id] [--source uri] [--run runId] [--virtual-time] [--store path|url] [--json]",
    options: {
        ...storeOptions, data: { type: 'string' }, run: { type: 'string' }, id: { type: 'string' }, source: { type: 'string' },
        'virtual-time': { type: 'boolean' }, json: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError('emit needs exactly one event type');
        const type = positionals[0]!;
        const data = values.data === undefined ? null : readJsonArgument('--data', values.data as string, cwd);
        const target = values.run as string | undefined;
        // The event's name (CloudEvents: its source and id): given, a second emit of it is a redelivery.
        const named: { id?: string; source?: string } = {};
        for (const option of ['id', 'source'] as const) {
            const v = values[option];
            if (typeof v !== 'string') continue;
            if (v.length === 0) throw new UsageError(`--${option} cannot be empty`);
            named[option] = v;
        }
        // Named here when not given, so that an event some process did not take up in time can be
        // sent again under its name (`again`): no run takes it twice.
        const event = { id: named.id ?? randomUUID(), source: named.source ?? EXTERNAL_EVENT_SOURCE };
        const again = () => `weft emit: not offered to every run that may wait for it; send it again with --id ${event.id}${named.source !== undefined ? ` --source ${event.source}` : ''} (a run takes an event once)\n`;
        // On a served store the server delivers it (to every run that waits for it: the API has no --run).
        if (target === undefined) {
            const served = await throughServer('emit', values, cwd, io, {
                request: controlRequest.event(type, data, event),
                said: (answer) => {
                    const took = Array.isArray(answer.took) ? answer.took as string[] : [];
                    return took.length ? `'${type}' taken by ${took.join(', ')}` : `No run took '${type}'`;
                },
                after: (answer, out) => {
                    const notOffered = Array.isArray(answer.notOffered) ? answer.notOffered as Array<{ message?: unknown }> : [];
                    if (notOffered.length === 0) return ExitCode.ok;
                    for (const n of notOffered) out.stderr(`weft emit: ${String(n.message)}\n`);
                    out.stderr(again());
                    return 1;
                },
            });
            if (served !== undefined) return served;
        }
        const runIds = target ? [target] : await withRunStore(values, cwd, async (store) => (await store.listRuns({ status: ['running', 'paused'] })).map((r) => r.runId));
        return reportingControlErrors('emit', io, () => withEngine({ command: 'emit', values, cwd, runIds, carriesRuns: true }, async (engine, _store, interruption) => {
            if (!values.json) followProgress(engine, io);
            // Runs another process carries (on this machine, or on another one sharing a PostgreSQL
            // store) are offered it there; the runs that took it there are theirs to carry on.
            const tookThere = new Map<string, string>();
            /** Sub-runs it was kept for in their journals (not active: their parents' calls queue for a lock), with their parents. */
            const kept = new Map<string, string>();
            let notOffered = false;
            const took = await engine.deliverEvent(type, data, {
                actor: cliActor(), ...event, ...(target ? { runId: target } : { loadUnfinished: true }),
                kept: (id, parent) => { kept.set(id, parent); },
                offeredElsewhere: (answers) => {
                    for (const a of answers) {
                        if (a.answer?.ok) for (const id of a.answer.took ?? []) tookThere.set(id, a.holder);
                        else {
                            io.stderr(`weft emit: ${notOfferedText(a)!}\n`);
                            notOffered = true;
                        }
                    }
                },
            });
            // Exit 1 when a process that carries runs did not take the event up: some run may wait for it still.
            const offered = (code: number) => {
                if (!notOffered) return code;
                io.stderr(again());
                return Math.max(code, 1);
            };
            const here = took.filter((id) => !tookThere.has(id));
            const takenBy = () => `'${type}' taken by ${took.map((id) => (tookThere.has(id) ? `${id} (carried on by ${tookThere.get(id)!})` : id)).join(', ')}\n`;
            if (here.length === 0 && tookThere.size) {
                if (values.json) io.stdout(JSON.stringify(await Promise.all(took.map(async (id) => runResultJson(await engine.inspect(id)))), null, 2) + '\n');
                else io.stdout(takenBy());
                return offered(ExitCode.ok);
            }
            if (took.length === 0) {
                if (values.json) io.stdout('[]\n');
                else io.stdout(`No run took '${type}'${target ? ` (run ${target} does not wait for it)` : ''}\n`);
                return offered(ExitCode.ok);
            }
            if (!values.json) io.stdout(takenBy());
            const store = carriedStore(values, cwd);
            const asStored = new Map<string, string>();
            for (const [id, parent] of kept) {
                asStored.set(id, `Run ${id} keeps '${type}' in its journal: its parent's call waits for a lock, and it takes the event once re-attached (when run ${parent} goes on: weft resume ${parent}${store.store})\n`);
            }
            // Reported: the runs that took it here; carried on too: every other run this process woke.
            return offered(await carryOn(engine, here, io, values.json === true, engine.activeRuns(), undefined, { interruption, ...store, asStored }));
        }));
    },
};
