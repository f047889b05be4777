// Engine — what a run sends out of itself: the events its `emit` nodes publish (to every run of
// the engine) and the child runs its `subworkflow` nodes start and await through the `RunHost`.
// Timers, event waits and approvals are `RunWaits`. A base class (docs/runtime.md, "Engine structure").

import type { EmitNode, SubworkflowNode } from '../ir/index.js';
import type { CloudEvent, TokenId } from '../journal/journal-event.js';
import type { RunOutcome } from './engine-events.js';
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

  protected startChild(id: TokenId, node: SubworkflowNode, attempt: number, compensates?: string): void {
    this.started(id, node, attempt, compensates);
    let inputs: Record<string, unknown>;
    try {
      inputs = this.taskInput(node.options);
    } catch (err) {
      this.nodeError(id, node, this.toError(err), false);
      return;
    }
    const childRunId = `${this.runId}.${this.state.lastSeq}`;
    this.record({ type: 'ChildRunStarted', node: node.id, token: id, childRunId });
    this.afterCommit(() => this.attachChild(id, node, childRunId, inputs));
  }

  protected attachChild(id: TokenId, node: SubworkflowNode, childRunId: string, inputs: Record<string, unknown>): void {
    this.runChild(node, id, childRunId, inputs).then((outcome) => {
      const token = this.state.tokens.get(id);
      if (this.done || this.ending || !token || token.childRunId !== childRunId || token.wait !== 'child') return;
      if (outcome.status === 'completed') this.complete(id, node, outcome.outputs);
      else if (outcome.status === 'failed') this.nodeError(id, node, { ...(outcome.error ?? { name: 'Error', message: 'sub-workflow failed' }), node: node.id });
      else this.nodeError(id, node, { name: 'Cancelled', message: `Sub-workflow run ${childRunId} was cancelled` });
      this.schedulePump();
    }, (err: unknown) => {
      const token = this.state.tokens.get(id);
      if (this.done || this.ending || !token) return;
      this.nodeError(id, node, this.toError(err), false);
      this.schedulePump();
    });
  }
}
