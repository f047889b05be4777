// Engine — the `EvaluationEnvironment` of one run: resolves names against the run's folded
// state, its secrets and what the current evaluation binds (`result`, `event`, pending
// assignments). One reusable object per run, so guards allocate nothing.

import type { RefScope } from '../ir/index.js';
import type { EvaluationEnvironment } from '../expressions/evaluate.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import type { Clock } from './clock.js';

export class RunEnvironment implements EvaluationEnvironment {
  /** Bound to `result` (a node's own block). */
  result: unknown = undefined;
  /** Bound to `event` (`where` / `correlate`). */
  event: unknown = undefined;
  /** A node result not yet folded into the state (guards of the completing node). */
  pendingNode: string | undefined = undefined;
  pendingValue: unknown = undefined;
  /** Assignments made earlier in the same `set` block, not yet journaled. */
  pendingVars: Map<string, unknown> | undefined = undefined;

  constructor(
    private readonly state: WorkflowState,
    private readonly secrets: Readonly<Record<string, string>>,
    private readonly clock: Clock,
  ) {}

  lookup(name: string, scope: RefScope): unknown {
    switch (scope) {
      case 'input': return this.state.inputs[name];
      case 'var':
        if (this.pendingVars?.has(name)) return this.pendingVars.get(name);
        return this.state.variables[name];
      case 'output':
        if (this.pendingVars?.has(name)) return this.pendingVars.get(name);
        return this.state.outputs[name];
      case 'secret': return this.secrets[name];
      case 'node':
        if (name === this.pendingNode) return this.pendingValue;
        return this.state.results[name];
      case 'result': return this.result;
      case 'event': return this.event;
      case 'trigger': {
        const t = this.state.trigger;
        return name === 'trigger' ? { ...t, event: t.kind === 'event' ? t.event : null } : undefined;
      }
      case 'connector': return name;
      default: return undefined;
    }
  }

  now(): number {
    return this.clock.now();
  }

  /** Clears every binding after an evaluation. */
  reset(): void {
    this.result = undefined;
    this.event = undefined;
    this.pendingNode = undefined;
    this.pendingValue = undefined;
    this.pendingVars = undefined;
  }
}
