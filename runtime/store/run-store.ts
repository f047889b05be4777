// Store — the contract every run store keeps (in-memory, SQLite, PostgreSQL): runs with
// the bundle they started from, and their journals, appended atomically and in order. A store
// knows nothing of execution; it only keeps what the engine records and hands it back.

import { createHash } from 'node:crypto';
import { canonicalJson } from '../ir/bundle-hash.js';
import type { WorkflowBundle } from '../ir/index.js';
import type { JournalEvent, NodeCompleted, NodeStarted } from '../journal/journal-event.js';
import type { RunStatus } from '../journal/workflow-state.js';
import type { BroadcastAnswer, EventRequest, ForwardedAnswer, RequestAnswer, RunControlRequest, RunRequest } from './run-requests.js';

/** What is recorded when a run is created. */
export interface NewRun {
  runId: string;
  /** The workflow the run executes (a key of `bundle.workflows`). */
  workflow: string;
  version: string;
  bundle: WorkflowBundle;
  bundleHash: string;
  parentRunId?: string;
  createdAt: number;
  /**
   * The creator vouches that no run with this id was ever created in this store: an id the engine
   * has just made and can never make again (`lastRunIdFresh` in engine.ts). A store may skip its
   * duplicate check then (the memory store does while it has no index by id); no record a store
   * returns carries it. A field of the record, not a parameter, so a wrapper that passes the
   * record on passes it on too.
   */
  freshId?: boolean;
  /**
   * The run's idempotency key (a top-level run's): at most one run of `workflow` in the store has
   * it. Creating a second fails with `RunKeyTakenError` (nothing recorded). A pruned run frees its key.
   */
  key?: string;
  /** With `key`: a digest of the inputs the run was asked for (`inputsDigest`), so a second ask can say whether it asked for the same. */
  keyInputs?: string;
}

/** A run as listed: its identity and the status its journal has reached. */
export interface RunSummary {
  runId: string;
  workflow: string;
  version: string;
  bundleHash: string;
  parentRunId?: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  /** Number of journal events. */
  lastSeq: number;
  /** Its idempotency key, if it was started with one (`NewRun.key`). */
  key?: string;
}

export interface RunRecord extends RunSummary {
  bundle: WorkflowBundle;
}

export interface RunFilter {
  workflow?: string;
  status?: RunStatus | RunStatus[];
  parentRunId?: string;
  /** Started with this idempotency key (`NewRun.key`). */
  key?: string;
  /** Created at or after this time (epoch ms). */
  since?: number;
  /** Created before this time (epoch ms). */
  until?: number;
  /**
   * Listed after this run in the newest-first order (a page's last run, for the next page):
   * created before it, or at the same time with a smaller id.
   */
  after?: { createdAt: number; runId: string };
  /** Newest first; at most this many. */
  limit?: number;
}

/**
 * Which ended runs `RunStore.pruneRuns` deletes: top-level runs that ended (completed, failed or
 * cancelled) with their sub-runs, all of which must have ended too. A run qualifies when every
 * given condition holds.
 */
export interface PruneRequest {
  /** Its last event is older than this (epoch ms). */
  endedBefore?: number;
  /** It is one of these runs (top-level run ids). */
  runIds?: readonly string[];
  workflow?: string;
  /** Its status is one of these (default: every ended status). */
  statuses?: readonly RunStatus[];
  /** Report what would be deleted, and delete nothing. */
  dryRun?: boolean;
  /** A run to leave alone though it qualifies (asked inside the store's transaction: keep it quick). */
  keep?: (runId: string) => boolean;
}

/** A top-level run `pruneRuns` deleted (or would have, in a dry run), with its sub-runs. */
export interface PrunedRun {
  runId: string;
  workflow: string;
  status: RunStatus;
  createdAt: number;
  /** The time of its last event. */
  endedAt: number;
  /** Its sub-runs (and theirs), deleted with it. */
  subRuns: string[];
}

/** Told how an `appendThen` ended: `null` once durable, else the error. */
export type AppendDone = (error: Error | null) => void;

export interface WaitOptions {
  signal?: AbortSignal;
}

export interface RunStore {
  /** Optional: credentials the store holds (a database password): the engine masks them in every run like secrets. */
  credentials?(): readonly string[];
  /**
   * Records a new run. Fails if the id exists. The store may keep `run` itself (the memory store
   * does): the caller does not change it afterwards.
   */
  createRun(run: NewRun): Promise<void>;
  /** Optional: records a new run synchronously (stores that write at once, like memory). Throws where `createRun` would reject. */
  createRunSync?(run: NewRun): void;
  /**
   * Appends events to a run's journal atomically and in order. Their `seq` must continue the
   * journal (last seq + 1, + 2, …). Resolves once they are durable as the store defines it.
   */
  append(runId: string, events: readonly JournalEvent[]): Promise<void>;
  /**
   * Optional: appends synchronously (stores whose append completes at once, like memory).
   * Throws where `append` would reject. The engine uses it to skip a promise per commit. The
   * store may keep the events but not the `events` array itself: the engine empties and reuses
   * it once the call has returned. A store that also has `appendThen` may offer it only while
   * it suits it (the SQLite store, while it appends for one run at most: a field that comes and
   * goes); the engine then uses it for the chain path's steps only, read at each step, and
   * commits everything else through `appendThen`.
   */
  appendSync?(runId: string, events: readonly JournalEvent[]): void;
  /**
   * Optional: `append` with a callback instead of a promise (stores that commit later, like
   * SQLite's group commit): `done(null)` once durable, `done(error)` where `append` would reject.
   * `done` is called once, never synchronously from this call. The engine uses it to skip a
   * promise and its reactions per commit.
   */
  appendThen?(runId: string, events: readonly JournalEvent[], done: AppendDone): void;
  /**
   * Optional, for stores with `appendSync`: the run's journal as a handle for the engine's
   * commits (every commit of a run once it has one, a chain step's in particular; a store that
   * also has `appendThen`, the chain steps' only), asked once per run. A wrapper that intercepts
   * `appendSync` must intercept this too (or not offer it).
   */
  stepAppender?(runId: string): StepAppender;
  /** The run's events with `seq > afterSeq` (all when omitted), in order. */
  readEvents(runId: string, afterSeq?: number): Promise<JournalEvent[]>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunSummary[]>;
  /** Resolves with the events after `afterSeq` as soon as there is at least one. */
  waitForEvents(runId: string, afterSeq: number, options?: WaitOptions): Promise<JournalEvent[]>;
  /**
   * Optional: deletes the ended runs `request` selects, each top-level run with its sub-runs and
   * their journals, in one step (a run a control reopened in the meantime is left alone; an
   * append to a deleted run fails with `UnknownRunError`). Answers with the runs deleted.
   */
  pruneRuns?(request: PruneRequest): Promise<PrunedRun[]>;
  /**
   * Optional (stores that processes on several machines share, like PostgreSQL): claims run
   * `runId` for this process, so that no other process carries it at the same time. Resolves
   * with `undefined` once this process holds it (also when it did already), or with a description
   * of the process that holds it. A claim lasts until `releaseRun`, the store's `close`, or the
   * end of the process, whichever comes first (the store's server lets go of a dead process's
   * claims). `createRun` claims the new run. The engine claims a run before it carries it on
   * (`resume`, a control) and releases it once the run has ended or stopped here.
   */
  claimRun?(runId: string): Promise<string | undefined>;
  /** Optional, with `claimRun`: lets go of this process's claim on `runId` (nothing when it has none). */
  releaseRun?(runId: string): void;
  /**
   * Optional, with `claimRun`: of `runIds`, those another process holds now, each with the
   * description `claimRun` would give, in one look at the store (for a look over many runs, such
   * as a server's look for runs left behind, instead of a claim per run). A hint: a claim can be
   * taken or let go the moment after, so a caller that acts on a run still claims it.
   */
  heldElsewhere?(runIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Optional, with `claimRun`: the unfinished runs no live process holds now (neither another nor
   * this one), in one look: what a process may claim and wake, where the others' runs are
   * reached through `broadcastEvent` (a hint, as `heldElsewhere` is).
   */
  unheldRuns?(asker?: object): Promise<string[]>;
  /**
   * (`asker`, in the three methods below: the engine that asks, so that a store whose carriers
   * are recorded per engine, `SqliteRunStore`, counts another engine of this process as elsewhere.)
   *
   * Optional, with `claimRun` (`run-requests.ts`): asks the live process that holds the run to
   * apply the control with its engine, and answers with what it answered; `undefined` when no
   * other live process holds the run now (the caller may claim it). Throws
   * `RequestNotAnsweredError` when the holder does not answer in time.
   */
  forwardRequest?(request: RunControlRequest, asker?: object): Promise<ForwardedAnswer | undefined>;
  /**
   * Optional, with `forwardRequest`: offers the event to those of `runIds` other live processes
   * hold (without `runIds`: to every other live process that holds unfinished runs), one request
   * per process.
   */
  broadcastEvent?(request: EventRequest, runIds?: readonly string[], asker?: object): Promise<BroadcastAnswer[]>;
  /** Optional, with `forwardRequest`: the requests other processes send this one are answered by `handler`. */
  answerRequests?(handler: (request: RunRequest) => Promise<RequestAnswer>): void;
  /**
   * Optional (stores that several processes may share: a SQLite file, PostgreSQL): the table of
   * locks and concurrency slots all of them see (`lock "name"`, `limits { concurrency n }`), so
   * that no two nodes holding one lock run at once whichever process runs them. The engine asks
   * for a slot once its own FIFO queue has given the slot to a task (`lock-manager.ts`).
   */
  sharedSlots?(): SharedSlots | undefined;
  close(): Promise<void>;
}

/** Who asks for a shared slot: for a reader of the table (which run and task, in which process). */
export interface SlotHolder {
  runId: string;
  node: string;
}

/**
 * A store's table of locks and concurrency slots shared by the processes that use it
 * (docs/runtime.md "Locks and concurrency limits"). Each ask is a ticket, in the order asked; a
 * ticket holds a slot of `key` while fewer than `capacity` live tickets of `key` are before it.
 * A ticket of a process that has died (a SIGKILL, a machine gone) is not live and is removed by
 * whoever looks; one of this process lives until `release` or the store's `close`.
 */
export interface SharedSlots {
  /** Takes a ticket for a slot of `key` (`capacity` slots); `holds`: whether it holds one now. */
  ask(key: string, capacity: number, holder: SlotHolder): SlotTicket | Promise<SlotTicket>;
  /** Whether `ticket` holds its slot of `key` now (it keeps it once it does, until released). */
  holds(key: string, capacity: number, ticket: number): boolean | Promise<boolean>;
  /** Gives the slot, or the place in the queue, back (a failure is the store's to absorb: a ticket left behind goes with its process). */
  release(ticket: number): void;
  /** Whether the store has closed: a slot still waiting then stops looking (its engine is done with the store). */
  closed(): boolean;
  /** The slots run `runId`'s tasks hold or wait for now, each with the live holders of its key (`weft show`). */
  ofRun(runId: string): SlotState[] | Promise<SlotState[]>;
}

/** A slot a run's task holds or waits for, as `SharedSlots.ofRun` reads it. */
export interface SlotState {
  /** `lock:<name>` or `concurrency:<workflow>/<node>`. */
  key: string;
  node: string;
  capacity: number;
  holds: boolean;
  /** The live tickets that hold the key's slots now (this run's own among them when it holds). */
  holders: Array<SlotHolder & { by: string }>;
}

export interface SlotTicket {
  ticket: number;
  holds: boolean;
}

/**
 * One run's journal, for the engine's commits to a store with `appendSync`: `append(events)` is
 * `appendSync(runId, events)` without looking the run up, and the commit of a chain step
 * (`RunFastPaths.chainStep`) `appendStep(c, s)` is `appendSync(runId, [c, s])` without the
 * array and without `statusAfter` (neither event type changes a run's status). Same ordering
 * checks, same throws.
 */
export interface StepAppender {
  append(events: readonly JournalEvent[]): void;
  appendStep(completed: NodeCompleted, started: NodeStarted): void;
  /**
   * Optional (the memory store): keep the run's journal in `log` from now on instead of an array
   * of its own — the engine state's event log (`WorkflowState.log`), which holds every event the
   * run's engine folded, in order: the journal so far (the same objects) and then the events
   * folded since the last commit, which only become journal when appended. The caller only ever
   * appends to `log`. A store that finds `log` does not start with its journal, or is asked to
   * append an event that is not the one at its place in `log` (another writer), keeps an array of
   * its own again; its journal and checks are the same either way.
   */
  shareLog?(log: readonly JournalEvent[]): void;
}

/** The status a store shows for a run after `event` (a cheap summary of the fold for listings). */
export function statusAfter(previous: RunStatus, event: JournalEvent): RunStatus {
  switch (event.type) {
    case 'RunCompleted': return 'completed';
    case 'RunFailed': return 'failed';
    case 'Cancelled': return 'cancelled';
    case 'Paused': return previous === 'completed' || previous === 'failed' || previous === 'cancelled' ? previous : 'paused';
    case 'Resumed': case 'NodeRetried': case 'RunStarted': case 'RunRecovered': return 'running';
    case 'NodeSkipped': return previous === 'failed' ? 'running' : previous;
    default: return previous;
  }
}

/** Thrown when an append does not continue the journal. */
export class JournalOrderError extends Error {
  override name = 'JournalOrderError';
}

/**
 * Thrown (or rejected with) by `createRun` when a run of the same workflow already has the new
 * run's key: nothing was recorded. `sameInputs` says whether that run was asked for with the same
 * inputs (`NewRun.keyInputs`): a repeated request, not a different one under a reused key.
 */
export class RunKeyTakenError extends Error {
  override name = 'RunKeyTakenError';
  constructor(readonly workflow: string, readonly key: string, readonly runId: string, readonly sameInputs: boolean) {
    super(sameInputs
      ? `Run ${runId} of ${workflow} was started with the key '${key}' already`
      : `The key '${key}' started run ${runId} of ${workflow} with other inputs`);
  }
}

/** The longest idempotency key a run takes (characters). */
export const MAX_RUN_KEY_LENGTH = 255;

/** Why `key` cannot be a run's idempotency key (empty, too long, control characters), or undefined when it can. */
export function runKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'An idempotency key cannot be empty';
  if (key.length > MAX_RUN_KEY_LENGTH) return `An idempotency key has at most ${MAX_RUN_KEY_LENGTH} characters (this one ${key.length})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'An idempotency key cannot hold control characters';
  return undefined;
}

/** The `NewRun.keyInputs` of a run asked for with `inputs`: sha256 (hex) of their canonical JSON. */
export function inputsDigest(inputs: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex');
}

/** Thrown for an unknown run id. */
export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
  constructor(readonly runId: string) {
    super(`No run with id '${runId}'`);
  }
}

/**
 * `store.readEvents(runId, afterSeq)`, or undefined when the run is gone: for readers that list
 * runs and then read them, between which another process may prune one (`pruneRuns`).
 */
export async function eventsOfListedRun(store: RunStore, runId: string, afterSeq?: number): Promise<JournalEvent[] | undefined> {
  try {
    return await store.readEvents(runId, afterSeq);
  } catch (err) {
    if (err instanceof UnknownRunError) return undefined;
    throw err;
  }
}
