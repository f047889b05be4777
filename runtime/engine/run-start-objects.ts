// Engine — the objects `Engine.start` makes that live as long as their run (the handle, the
// store's `NewRun`, the `RunStarted` event), made where V8 never pretenures them: a class
// constructor or a copy of a shape (docs/runtime.md, "Performance", session 6b). No logic here.

import type { WorkflowBundle } from '../ir/index.js';
import type { RunStarted } from '../journal/journal-event.js';
import { MANUAL_TRIGGER } from '../journal/workflow-state.js';
import type { NewRun } from '../store/run-store.js';
import type { RunOutcome } from './engine-events.js';

/**
 * Why not literals: V8 keeps an allocation site per object or array literal and, once nearly all
 * objects of a site have survived two scavenges in a row, allocates that site's objects in the old generation
 * (allocation-site pretenuring). 1,000 runs started at once live across a scavenge, so after
 * warm-up the handle, the `NewRun`, `RunStarted` and the state's log were born old. An old object
 * that points at young ones (the handle at its outcome, the log at its events) keeps them alive
 * through every scavenge until a full collection finds it dead: each scavenge copied, then
 * promoted, the journals and states of runs that had ended (4–5 MB a scavenge in the 1,000
 * concurrent runs, 8–13 ms of pause and as much on the helper threads). Class instances, copies
 * of an object (`{ ...shape }`) and `slice()`d arrays have no allocation site: they start young
 * and die young.
 */
export class StartedRun {
  constructor(readonly runId: string, readonly outcome: Promise<RunOutcome>) {}
}

/** A run's `NewRun`: the fields of the interface (`freshId` always), `parentRunId` set after construction for a child run, `key` and `keyInputs` for a keyed one. */
export class NewRunRecord implements NewRun {
  declare parentRunId?: string;
  declare key?: string;
  declare keyInputs?: string;
  constructor(
    readonly runId: string,
    readonly workflow: string,
    readonly version: string,
    readonly bundle: WorkflowBundle,
    readonly bundleHash: string,
    readonly createdAt: number,
    readonly freshId: boolean,
  ) {}
}

/** `RunStarted` without what `launch` fills in; `seq` stays 0 until `RunExecution.begin` places it. */
export type RunStartedDraft = Omit<RunStarted, 'seq' | 'at'> & { seq: number; at: number };

/**
 * The `RunStarted` shape, copied per run (`newRunStarted`; never written): a plain object in the key order
 * the event always had, its `seed` and `at` tagged fields (a number there first would make them
 * double fields, a 16-byte box per event; see `UNTIMED` in run-execution.ts). A copy has the
 * template's map, which is also the map of a literal with these keys.
 */
const RUN_STARTED_SHAPE = (() => {
  const shape = {
    type: 'RunStarted', workflow: '', version: '', bundleHash: '', inputs: {}, trigger: MANUAL_TRIGGER,
    stepBudget: 0, seed: 0, variables: {}, token: 0, seq: 0, at: 0,
  } as { seed: number | undefined; at: number | undefined };
  shape.seed = undefined;
  shape.at = undefined;
  return shape as unknown as RunStartedDraft;
})();

/** A new plain `RunStarted` object (a copy of the shape; the caller sets every field). */
export function newRunStarted(): RunStartedDraft {
  return { ...RUN_STARTED_SHAPE };
}

/**
 * Kept so their shapes stay (never read): one `NewRunRecord` whose `createdAt` was `undefined`
 * first, so the field is tagged and the record shares the launch's clock box; and the shape.
 * V8 holds a shape's transitions weakly; a module-level value nothing refers to would be dropped.
 */
export const START_SHAPES: readonly object[] = [
  new NewRunRecord('', '', '', undefined as unknown as WorkflowBundle, '', undefined as unknown as number, false),
  RUN_STARTED_SHAPE,
];
