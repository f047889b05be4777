// Journal — one entry of a run's history (`WorkflowState.history`): a node execution, read from
// the event that opened it and the event that ended it (the journal keeps both anyway). Only the
// fold (`fold.ts`) makes and ends entries; readers see a `NodeExecution`.

import type { JournalError, JournalEvent, TokenId } from './journal-event.js';
import type { NodeExecution } from './workflow-state.js';

/** What opened an execution: its `NodeStarted` (node, token, attempt, time). */
export interface ExecutionOpening {
  readonly node: string;
  readonly token: TokenId;
  readonly attempt: number;
  readonly at: number;
}

/**
 * An ended execution's figures after an event changed them once it had ended (a later failure's
 * error, usage or cache flag on an execution another event ended): rare, so the common entry
 * keeps no room for it.
 */
export class AmendedEnding {
  readonly type = 'Amended';
  constructor(
    readonly status: NodeExecution['status'],
    readonly at: number,
    readonly seq: number,
    public error: JournalError | undefined,
    public usage: Record<string, number> | undefined,
    public cached: true | undefined,
  ) {}
}

/**
 * What ended an execution: the event (`NodeCompleted`, `NodeFailed`, `RetryScheduled`,
 * `NodeSkipped`; `TokensCancelled`, `Cancelled`, `RunRecovered`, `RunCompleted` cancel it), or
 * its figures as amended since.
 */
export type ExecutionEnding = JournalEvent | AmendedEnding;

/**
 * A node execution as two references, to its opening and its ending (undefined while it runs):
 * a step's entry is one 40-byte object (Node has no pointer compression) instead of an 80-byte
 * copy of node, token, attempt, status, times and end `seq`, and ending it is one store. Its
 * fields are getters on the prototype (a class instance keeps its own two fields fast; own
 * accessors would not). `JSON.stringify` gives the plain object the fold used to keep.
 */
export class Execution implements NodeExecution {
  constructor(
    readonly opening: ExecutionOpening,
    public ending: ExecutionEnding | undefined = undefined,
  ) {}

  get node(): string {
    return this.opening.node;
  }

  get token(): TokenId {
    return this.opening.token;
  }

  get attempt(): number {
    return this.opening.attempt;
  }

  get startedAt(): number {
    return this.opening.at;
  }

  get status(): NodeExecution['status'] {
    const end = this.ending;
    if (end === undefined) return 'running';
    switch (end.type) {
      case 'NodeCompleted': return 'completed';
      case 'NodeFailed':
      case 'RetryScheduled': return 'failed';
      case 'NodeSkipped': return 'skipped';
      case 'Amended': return end.status;
      default: return 'cancelled';
    }
  }

  get endedAt(): number | undefined {
    return this.ending?.at;
  }

  /** `seq` of the event that ended the execution (orders executions by completion). */
  get endSeq(): number | undefined {
    return this.ending?.seq;
  }

  get error(): JournalError | undefined {
    const end = this.ending;
    if (end === undefined) return undefined;
    switch (end.type) {
      case 'NodeFailed':
      case 'RetryScheduled':
      case 'Amended': return end.error;
      default: return undefined;
    }
  }

  get usage(): Record<string, number> | undefined {
    const end = this.ending;
    if (end === undefined) return undefined;
    switch (end.type) {
      case 'NodeCompleted':
      case 'NodeFailed':
      case 'RetryScheduled':
      case 'Amended': return end.usage;
      default: return undefined;
    }
  }

  get cached(): boolean | undefined {
    const end = this.ending;
    if (end === undefined) return undefined;
    if (end.type === 'Amended') return end.cached;
    return end.type === 'NodeCompleted' && end.cached ? true : undefined;
  }

  /**
   * Sets figures on an execution that has ended (the fold's `exec.error = …` after its
   * `endExecution`): nothing to do when the ending event itself carries them, else they are
   * kept beside the ending's own.
   */
  amend(by: JournalEvent, error: JournalError | undefined, usage: Record<string, number> | undefined, cached: boolean): void {
    if (this.ending === by || this.ending === undefined) return;
    if (error === undefined && usage === undefined && !cached) return;
    this.ending = new AmendedEnding(this.status, this.ending.at, this.ending.seq, error ?? this.error, usage ?? this.usage, cached || this.cached ? true : undefined);
  }

  /** The plain object the fold kept before (its fields in the order it set them). */
  toJSON(): NodeExecution {
    const out: NodeExecution = { node: this.node, token: this.token, attempt: this.attempt, status: this.status, startedAt: this.startedAt };
    if (this.ending === undefined) return out;
    out.endedAt = this.endedAt;
    out.endSeq = this.endSeq;
    if (this.cached) out.cached = true;
    if (this.error !== undefined) out.error = this.error;
    if (this.usage !== undefined) out.usage = this.usage;
    return out;
  }
}
