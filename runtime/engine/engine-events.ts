// Engine — what the engine tells observers (CLI progress, run views, metrics, the debug
// adapter): every journal event once it is durable, log lines from tasks and run outcomes.
// Typed, protocol-free domain events; translating them is the observer's business.

import type { WorkflowDefinition, NodeDefinition } from '../ir/index.js';
import type { JournalError, JournalEvent, TokenId } from '../journal/journal-event.js';
import type { RunStatus, WorkflowState } from '../journal/workflow-state.js';
import type { LogLevel } from './task-executor.js';

export interface RunOutcome {
  runId: string;
  workflow: string;
  status: RunStatus;
  outputs: Record<string, unknown>;
  error?: JournalError;
  state: WorkflowState;
}

export type EngineEvent =
  | { kind: 'journal'; runId: string; workflow: string; event: JournalEvent }
  | { kind: 'log'; runId: string; node: string; token: TokenId; level: LogLevel; message: string; at: number }
  | { kind: 'run-finished'; runId: string; outcome: RunOutcome }
  /**
   * The run stopped in this engine without ending: its journal could not be written (the store
   * failed or is gone). Nothing after its last durable event was recorded; the run is unfinished
   * in its store and another engine (a resume) carries it on from there.
   */
  | { kind: 'run-crashed'; runId: string; workflow: string; error: Error }
  /**
   * This engine answered another process's request (a store shared across machines): a control
   * of one of its runs (`runId`) or an event offered to them (`runId` empty; `took` the runs that
   * took it). `refused`: the control's error, when it did not apply.
   */
  | { kind: 'request-answered'; runId: string; request: string; actor?: string; took?: string[]; refused?: string }
  /**
   * A task of the run waits to start: its lock or concurrency slot (`slot`: `lock "desk"`, or
   * `a slot of its limits { concurrency 2 }`) is held by another task of this engine, or
   * (`elsewhere`) by a task in another process that shares the store. Told once per wait; the
   * task's `NodeStarted` follows when it gets the slot.
   */
  | { kind: 'slot-wait'; runId: string; workflow: string; node: string; token: TokenId; slot: string; elsewhere: boolean };

export type EngineListener = (event: EngineEvent) => void;

/** What the debugging hook is told before a node executes. */
export interface NodeContext {
  runId: string;
  workflow: WorkflowDefinition;
  node: NodeDefinition;
  /** The branch: stable for the branch's life, unique in the run (a debugger's thread). */
  token: TokenId;
  /** 1-based attempt of the node about to run. */
  attempt: number;
  /** The live state (read-only by contract). */
  state: WorkflowState;
  /** Nesting: set for a sub-workflow's run. */
  parentRunId?: string;
}

/**
 * Called before each node executes (and before a token arrives at a join). Returning a promise
 * holds that branch, and only that branch, until it settles: a debugger stops on a breakpoint
 * or steps this way. Throwing or rejecting fails the node with that error.
 */
export type BeforeNodeHook = (ctx: NodeContext) => void | Promise<void>;
