// Debug adapter — the values a stopped frame shows and evaluates: an evaluation environment over
// a (live or replayed) run state in which every secret reads as `•••`, the node's `with`
// inputs, and the names the debug console completes. Reads state; never changes a run.
import type { EvaluationEnvironment } from '../expressions/evaluate.js';
import { evaluate } from '../expressions/evaluate.js';
import { STDLIB } from '../expressions/stdlib/index.js';
import type { NodeDefinition, WorkflowDefinition } from '../ir/workflow-definition.js';
import { isTaskNode } from '../ir/workflow-definition.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import { RunEnvironment } from '../engine/run-environment.js';
import type { Clock } from '../engine/clock.js';
import { SECRET_MASK } from '../secrets/secret-masker.js';

/** An environment over `state` for node `node`: `result` is the node's latest result. */
export function frameEnvironment(workflow: WorkflowDefinition, state: WorkflowState, node: NodeDefinition, clock: Clock): EvaluationEnvironment {
  const secrets: Record<string, string> = {};
  for (const v of workflow.variables) if (v.role === 'secret') secrets[v.name] = SECRET_MASK;
  const env = new RunEnvironment(state, secrets, clock);
  env.result = state.results[node.id];
  return env;
}

/** The node's `with` inputs evaluated in the frame (an error message when they cannot be). */
export function nodeInputs(node: NodeDefinition, env: EvaluationEnvironment): { value?: unknown; error?: string } {
  if (!isTaskNode(node) || !node.options.with) return {};
  try {
    return { value: evaluate(node.options.with, env) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Secret names of a workflow: their values are never shown. */
export function secretNames(workflow: WorkflowDefinition): string[] {
  return workflow.variables.filter(v => v.role === 'secret').map(v => v.name);
}

export interface CompletionCandidate {
  label: string;
  type: 'variable' | 'property' | 'function' | 'keyword' | 'module';
  detail?: string;
}

/** Names the debug console offers in `workflow`: declarations, nodes, context words, stdlib. */
export function completionCandidates(workflow: WorkflowDefinition): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  for (const v of workflow.variables) out.push({ label: v.name, type: 'variable', detail: v.role });
  for (const n of workflow.nodes) if (n.kind !== 'start' && n.kind !== 'end') out.push({ label: n.id, type: 'module', detail: `${n.kind} node` });
  for (const k of ['result', 'trigger', 'true', 'false', 'null']) out.push({ label: k, type: 'keyword' });
  for (const f of STDLIB) out.push({ label: f.name, type: 'function', detail: f.signature });
  return out;
}

/** One-line text of a value for the Variables view and the console. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  const text = JSON.stringify(value);
  return text.length > 200 ? text.slice(0, 197) + '...' : text;
}

/** Whether the Variables view can expand `value`. */
export function isStructured(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}
