// `weft watch <runId> [--json]`: follows a run that another process carries (a `weft serve`, a
// `weft run` in another terminal, the editor) from its store: the progress lines `weft run`
// prints, first for what its journal holds, then as each event is recorded, its sub-runs'
// beside it, until the run ends (and a task held back by its lock or concurrency slot, read from
// the store's slots); then its outcome, and the exit code `weft run` would give.
// Read-only: no engine is started, nothing is recorded, so it may watch a served store; Ctrl-C
// stops watching and leaves the run as it is.
import type { JournalEvent } from '../../runtime/journal/journal-event.js';
import { foldJournal } from '../../runtime/journal/fold.js';
import type { WorkflowState } from '../../runtime/journal/workflow-state.js';
import { UnknownRunError, type RunStore } from '../../runtime/store/run-store.js';
import type { CliCommand, CliIo } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { withRunStore } from '../control-session.js';
import { lineStart, ProgressLines } from '../follow-progress.js';
import { heldByText, slotName, slotsOf } from '../run-slots.js';
import { exitCodeFor, outcomeLines, runResultJson, waitingHints } from '../run-result.js';
import { storeFileFor, storeOptions } from '../run-store-option.js';
import { storeArgument } from '../store-hint.js';
import { carrierOf } from '../../runtime/store/run-carriers.js';
import { liveServer } from '../../runtime/store/serve-marker.js';

/** Events after which a run has ended (a control may reopen a failed one: the watch has stopped by then). */
const ENDING: ReadonlySet<JournalEvent['type']> = new Set(['RunCompleted', 'RunFailed', 'Cancelled']);

export const watchCommand: CliCommand = {
    name: 'watch',
    summary: 'follow a run another process carries, from its store, until it ends',
    usage: 'weft watch <runId> [--store path|url] [--json]',
    options: { ...storeOptions, json: { type: 'boolean' } },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length !== 1) throw new UsageError('watch needs exactly one run id');
        if (values.memory) throw new UsageError('watch reads a run from a store on disk; --memory has none');
        const runId = positionals[0]!;
        const json = values.json === true;
        return withRunStore(values, cwd, async (store) => {
            const record = await store.getRun(runId);
            if (!record) {
                io.stderr(`weft watch: no run with id '${runId}' in this store\n`);
                return ExitCode.invalid;
            }
            const lines = new ProgressLines();
            const stopChildren = new AbortController();
            const children: Array<Promise<void>> = [];
            const print = (id: string, workflow: string, e: JournalEvent) => {
                if (json) return;
                const line = lines.line(id, workflow, e);
                if (line !== undefined) io.stdout(line);
            };
            // Each run's journal in order. A sub-run's journal so far is printed where its parent
            // journalled its start (catching up on a run that began earlier reads as it happened),
            // and then followed beside its parent's.
            const take = async (id: string, workflow: string, events: readonly JournalEvent[]): Promise<boolean> => {
                for (const e of events) {
                    print(id, workflow, e);
                    if (e.type === 'ChildRunStarted') {
                        const child = await store.getRun(e.childRunId);
                        const childWorkflow = child?.workflow ?? e.node;
                        let after = 0;
                        let ended = false;
                        if (child) {
                            const so = await store.readEvents(e.childRunId);
                            after = so.at(-1)?.seq ?? 0;
                            ended = await take(e.childRunId, childWorkflow, so);
                        }
                        if (!ended) children.push(follow(e.childRunId, childWorkflow, after, child !== undefined, stopChildren.signal));
                    }
                    if (ENDING.has(e.type)) return true;
                }
                return false;
            };
            const follow = async (id: string, workflow: string, after: number, read: boolean, signal: AbortSignal | undefined): Promise<void> => {
                for (;;) {
                    let events: JournalEvent[];
                    try {
                        events = read ? await store.waitForEvents(id, after, signal ? { signal } : {}) : await store.readEvents(id);
                        read = true;
                    } catch (err) {
                        if (signal?.aborted) {
                            // Its parent has ended: what the sub-run's journal holds by now, and no more waiting.
                            if (read) await take(id, workflow, await store.readEvents(id, after));
                            return;
                        }
                        // A sub-run its parent has journalled but its store does not hold yet: looked for again shortly.
                        if (err instanceof UnknownRunError && id !== runId) {
                            await new Promise((resolve) => setTimeout(resolve, 100));
                            continue;
                        }
                        throw err;
                    }
                    if (events.length) after = events[events.length - 1]!.seq;
                    if (await take(id, workflow, events)) return;
                }
            };
            const caughtUp = await store.readEvents(runId);
            const ended = await take(runId, record.workflow, caughtUp);
            let stopWaits: (() => void) | undefined;
            if (!ended) {
                noteIfNobodyCarries(values, cwd, runId, caughtUp, io);
                if (!json) stopWaits = watchSlotWaits(store, runId, record.workflow, io);
                await follow(runId, record.workflow, caughtUp.at(-1)?.seq ?? 0, true, undefined);
            }
            stopWaits?.();
            stopChildren.abort();
            await Promise.all(children);
            return report(store, runId, io, json, storeArgument(values, cwd));
        }, 'read');
    },
};

/** How often `weft watch` looks at the store's slots for a task of the run held back by its lock (ms). */
const SLOT_LOOK_MS = 500;

/**
 * Prints `⋯ hit waits for lock "desk", held by run R2 (task 'hit', pid 4711)` when a task of the watched run waits for its lock or
 * concurrency slot: not a journal event (the task has no `NodeStarted` yet), so it is read from
 * the store's slots every `SLOT_LOOK_MS`, each wait once. Returns the stop.
 */
function watchSlotWaits(store: RunStore, runId: string, workflow: string, io: CliIo): () => void {
    const told = new Set<string>();
    let looking = false;
    const look = async () => {
        if (looking) return;
        looking = true;
        try {
            const waits = (await slotsOf(store, runId)).filter((slot) => !slot.holds);
            const now = new Set(waits.map((w) => `${w.node}\n${w.key}`));
            for (const w of waits) {
                const key = `${w.node}\n${w.key}`;
                if (told.has(key)) continue;
                told.add(key);
                io.stdout(`${lineStart(runId, workflow)}⋯ ${w.node} waits for ${slotName(w)}, held by ${heldByText(w, runId)}\n`);
            }
            // A wait that ended may come again (the next iteration of a loop): told again then.
            for (const key of told) if (!now.has(key)) told.delete(key);
        } finally {
            looking = false;
        }
    };
    void look();
    const timer = setInterval(() => void look(), SLOT_LOOK_MS);
    timer.unref();
    return () => clearInterval(timer);
}

/**
 * A note on stderr when no live process carries the unfinished run and no server serves its
 * store: the watch goes on, but the run moves only once someone acts on it (what it waits for,
 * or `weft resume` for a run whose process stopped mid-run).
 */
function noteIfNobodyCarries(values: Record<string, unknown>, cwd: string, runId: string, events: readonly JournalEvent[], io: CliIo): void {
    if (whoCarries(storeFileFor(values, cwd), runId) !== undefined) return;
    const moves = nobodyCarriesMoves(foldJournal(runId, events), storeArgument(values, cwd));
    io.stderr(`weft watch: no live process carries run ${runId} now; it goes on once someone acts on it (${moves})\n`);
}

/** What moves on a run nothing carries: what it waits for, else `weft resume` (its process stopped mid-run). */
export function nobodyCarriesMoves(state: WorkflowState, store: string): string {
    const hints = waitingHints(state, store);
    return hints.length ? hints.join('; ') : `weft resume ${state.instanceId}${store}`;
}

/**
 * Who carries the run, in a few words (`weft run (pid 123) carries it`, `the weft serve at <url>
 * carries it`), or undefined when no live process does (`weft watch`'s note, `weft run --key`).
 */
export function whoCarries(storeFile: string, runId: string): string | undefined {
    const carrier = carrierOf(storeFile, runId);
    if (carrier !== undefined) return `${carrier.command} (pid ${carrier.pid}) carries it`;
    const server = liveServer(storeFile);
    return server !== undefined ? `the weft serve at ${server.url} carries it` : undefined;
}

/** The run's outcome as `weft run` reports it, and its exit code. */
async function report(store: RunStore, runId: string, io: CliIo, json: boolean, storeArg: string): Promise<number> {
    const state = foldJournal(runId, await store.readEvents(runId));
    io.stdout(json ? JSON.stringify(runResultJson(state), null, 2) + '\n' : outcomeLines(runId, state, storeArg));
    return exitCodeFor(state.status);
}
