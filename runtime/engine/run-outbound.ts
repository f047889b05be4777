// Engine — what a run sends out of itself: the events its `emit` nodes publish (to every run of
// the engine) and the child runs its `subworkflow` nodes start and await through the `RunHost`.
// Timers, event waits and approvals are `RunWaits`. A base class (docs/runtime.md, "Engine structure").

import type { EmitNode, SubworkflowNode } from '../ir/index.js';
import type { ChildRunStarted, CloudEvent, TokenId } from '../journal/journal-event.js';
import type { RunOutcome } from './engine-events.js';
import type { Draft } from './run-execution.js';
import { RunFailures } from './run-failures.js';

/**
 * Emits and sub-workflows, as a base class of the scheduler like the others (no object per run);
 * what they read and do of the scheduler is declared in the base classes (and `runChild` below),
 * and `RunExecution` supplies it.
 */
export abstract class RunOutbound extends RunFailures {
  /** Starts (or, after a crash, re-attaches to) this run's child run through the host. */
  protected abstract runChild(node: SubworkflowNode, token: TokenId, childRunId: string, inputs: Record<string, unknown>): Promise<RunOutcome>;

  protected emitEvent(id: TokenId, node: EmitNode): void {
    let data: unknown = null;
    try {
      if (node.data) data = this.masker.maskValue(this.eval(node.data));
    } catch (err) {
      this.nodeError(id, node, this.toError(err), false);
      return;
    }
    const event: CloudEvent = {
      specversion: '1.0',
      id: `${this.runId}-${this.state.lastSeq + 1}`,
      source: `weft://${this.workflow.id}/${this.runId}`,
      type: node.eventType,
      time: new Date(this.host.clock.now()).toISOString(),
      datacontenttype: 'application/json',
      data,
    };
    this.complete(id, node, event.id, undefined, { emitted: event });
    this.afterCommit(() => this.host.publish(event, this.runId));
  }

  /**
   * Starts the child run of sub-workflow task `node` for token `id`, once `startTask` has taken
   * its locks (held until the child's run ends), found no cached result and evaluated `inputs`.
   * Its `timeout` is journaled as the deadline at which the child is cancelled.
   */
  protected startChild(id: TokenId, node: SubworkflowNode, inputs: Record<string, unknown>, cacheKey: string | undefined, cacheTtlMs: number | undefined): void {
    const childRunId = `${this.runId}.${this.state.lastSeq}`;
    const timeoutMs = node.options.timeoutMs;
    const draft: Draft<ChildRunStarted> = { type: 'ChildRunStarted', node: node.id, token: id, childRunId };
    if (timeoutMs !== undefined) draft.timeoutAt = this.host.clock.now() + timeoutMs;
    this.record(draft);
    const timeoutAt = draft.timeoutAt;
    this.afterCommit(() => {
      if (timeoutAt !== undefined) this.armChildTimeout(id, node, childRunId, timeoutAt);
      this.attachChild(id, node, childRunId, inputs, cacheKey, cacheTtlMs);
    });
  }

  /** Fails the task with `Timeout` at `timeoutAt` and cancels its child run, unless the child ended first. */
  protected armChildTimeout(id: TokenId, node: SubworkflowNode, childRunId: string, timeoutAt: number): void {
    this.waits.armTimer(id, timeoutAt, () => {
      const token = this.state.tokens.get(id);
      if (this.done || this.ending || !token || token.childRunId !== childRunId || token.wait !== 'child' || token.phase !== 'waiting') return;
      // Also while it queued for its locks after a crash (`reattachChild`): it leaves the queue.
      this.releaseLocks(id);
      this.held.delete(id);
      this.afterCommit(() => this.host.cancelChild(childRunId, 'system'));
      this.nodeError(id, node, { name: 'Timeout', message: `Node '${node.id}' timed out after ${node.options.timeoutMs ?? 0} ms (its sub-workflow run ${childRunId} is cancelled)` });
      this.schedulePump();
    });
  }

  /**
   * `attachChild` after a crash or restart: the task's lock and concurrency slot, held for the
   * child's whole run but not journaled, are taken again first, queueing behind whoever holds
   * them now as a new taker would; the child is not resumed until they are (docs/runtime.md
   * "Locks and concurrency limits"). The timeout's deadline runs meanwhile.
   */
  protected reattachChild(id: TokenId, node: SubworkflowNode, childRunId: string, inputs: Record<string, unknown>): void {
    const keys = this.lockKeysOf(node);
    const acquired = keys.length === 0 || this.lockKeys.has(id) ? true : this.acquireAll(id, keys, node.options.limits?.concurrency ?? 1, node.id);
    if (acquired === true) {
      this.attachChild(id, node, childRunId, inputs);
      return;
    }
    this.ownHeld().add(id);
    acquired.then(() => {
      this.held.delete(id);
      const token = this.state.tokens.get(id);
      // Timed out, cancelled or withdrawn while it queued: the locks go back, no child to attach.
      if (this.done || this.ending || !token || token.childRunId !== childRunId || token.wait !== 'child' || token.phase !== 'waiting') {
        this.releaseLocks(id);
        return;
      }
      this.attachChild(id, node, childRunId, inputs);
    });
  }

  protected attachChild(id: TokenId, node: SubworkflowNode, childRunId: string, inputs: Record<string, unknown>, cacheKey?: string, cacheTtlMs?: number): void {
    this.runChild(node, id, childRunId, inputs).then((outcome) => {
      const token = this.state.tokens.get(id);
      // Not this attempt's child any more (withdrawn, timed out, retried): its outcome is stale.
      if (this.done || this.ending || !token || token.childRunId !== childRunId || token.wait !== 'child' || token.phase !== 'waiting') return;
      if (node.options.timeoutMs !== undefined) this.waits.clearTimer(id);
      this.releaseLocks(id);
      if (outcome.status === 'completed' && cacheKey !== undefined && cacheTtlMs !== undefined) this.host.cache.set(cacheKey, outcome.outputs, this.host.clock.now() + cacheTtlMs);
      if (outcome.status === 'completed') this.complete(id, node, outcome.outputs);
      else if (outcome.status === 'failed') this.nodeError(id, node, { ...(outcome.error ?? { name: 'Error', message: 'sub-workflow failed' }), node: node.id });
      else this.nodeError(id, node, { name: 'Cancelled', message: `Sub-workflow run ${childRunId} was cancelled` });
      this.schedulePump();
    }, (err: unknown) => {
      const token = this.state.tokens.get(id);
      if (this.done || this.ending || !token || token.childRunId !== childRunId) return;
      if (node.options.timeoutMs !== undefined) this.waits.clearTimer(id);
      this.releaseLocks(id);
      this.nodeError(id, node, this.toError(err), false);
      this.schedulePump();
    });
  }
}
