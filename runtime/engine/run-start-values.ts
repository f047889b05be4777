// Engine — what a run starts with: its secrets (from the environment), inputs (given, else their
// defaults) and variables (their initial values), checked before anything is recorded. Every
// problem is reported at once, each with the declaration it is about, so `weft run` can print
// `file:line:col` diagnostics and exit 2 before it opens a store (`startProblems`), and
// `Engine.start` rejects with a `RunStartError` that carries the same list.

import type { SourceRange, VariableDefinition, WorkflowBundle, WorkflowDefinition } from '../ir/index.js';
import { evaluate } from '../expressions/evaluate.js';
import { emptyWorkflowState } from '../journal/workflow-state.js';
import { resolveSecrets, SecretResolutionError, unsetSecretMessage } from '../secrets/resolve-secrets.js';
import { checkValue, describeType, durationsAsMs, formatValueTypeErrors } from '../types/check-value.js';
import { initialValueTypeError } from '../types/assignment-check.js';
import type { Clock } from './clock.js';
import { RunEnvironment } from './run-environment.js';

/** What kind of problem stopped a run from starting (the diagnostic code `weft run` prints). */
export type RunStartProblemCode =
  | 'unknown-workflow'
  | 'secret-unset'
  | 'input-missing'
  | 'input-unknown'
  | 'input-type'
  | 'input-default'
  | 'var-initial';

/** One reason a run cannot start, and where in the source it is about (a declaration), when it is. */
export interface RunStartProblem {
  code: RunStartProblemCode;
  message: string;
  range?: SourceRange;
}

/** Thrown before a run starts: unknown workflow, missing or ill-typed inputs, missing secrets. */
export class RunStartError extends Error {
  override name = 'RunStartError';
  /** Every problem found, in declaration order (empty for an error made without a list). */
  readonly problems: readonly RunStartProblem[];
  constructor(message: string, problems: readonly RunStartProblem[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** A run's starting values (`startValues`). */
export interface StartValues {
  secrets: Record<string, string>;
  inputs: Record<string, unknown>;
  variables: Record<string, unknown>;
}

const NO_VALUES: Record<string, never> = Object.freeze({});
/** The starting values of a workflow that declares nothing: one shared, frozen object. */
const NOTHING_DECLARED: StartValues = Object.freeze({ secrets: NO_VALUES, inputs: NO_VALUES, variables: NO_VALUES });

/** The shared empty values (`given` when the caller passed no inputs; compared by identity). */
export const NO_START_VALUES: Record<string, never> = NO_VALUES;

/**
 * The values `workflow` starts with, given `given` as its inputs (`NO_START_VALUES` for none):
 * secrets from `environment`, inputs checked against their types or defaulted, variables
 * initialised. Throws a `RunStartError` listing every problem otherwise.
 */
export function startValues(
  bundle: WorkflowBundle,
  workflow: WorkflowDefinition,
  given: Record<string, unknown>,
  environment: Readonly<Record<string, string | undefined>>,
  clock: Clock,
): StartValues {
  if (workflow.variables.length === 0) {
    // Nothing declared: no secrets to read and no defaults to evaluate (the path of every run
    // of such a workflow, so it allocates nothing when nothing was given).
    if (given === NO_VALUES) return NOTHING_DECLARED;
    const problems: RunStartProblem[] = [];
    for (const key of Object.keys(given)) problems.push(unknownInput(workflow, key));
    if (problems.length) throw startError(workflow, problems);
    return NOTHING_DECLARED;
  }
  const problems: RunStartProblem[] = [];
  let secrets: Record<string, string> = NO_VALUES;
  try {
    secrets = resolveSecrets(workflow.variables, environment);
  } catch (err) {
    if (!(err instanceof SecretResolutionError)) throw err;
    secrets = err.resolved;
    for (const m of err.missing) {
      problems.push({ code: 'secret-unset', message: unsetSecretMessage(m), range: declared(workflow, m.secret)?.range });
    }
  }
  const scratch = emptyWorkflowState('');
  // The scratch state's own inputs and variables (a fresh state shares frozen empty ones).
  scratch.inputs = {};
  scratch.variables = {};
  const env = new RunEnvironment(scratch, secrets, clock);
  const inputs = workflow.variables.filter((v) => v.role === 'input');
  const names = new Set(inputs.map((v) => v.name));
  for (const key of Object.keys(given)) if (!names.has(key)) problems.push(unknownInput(workflow, key));
  for (const v of inputs) {
    if (Object.hasOwn(given, v.name)) {
      // A duration may be given as the language writes it (`"5s"`), as well as in milliseconds.
      const value = durationsAsMs(given[v.name], v.type, bundle.types);
      const errors = checkValue(value, v.type, bundle.types, { durationText: true });
      if (errors.length) problems.push({ code: 'input-type', message: `input '${v.name}': ${formatValueTypeErrors(errors)}`, range: v.range });
      scratch.inputs[v.name] = value;
    } else if (v.initial) {
      try {
        const value = evaluate(v.initial, env);
        const wrong = v.initialCheck && initialValueTypeError(v.name, 'input', v.initialCheck, value, bundle.types);
        if (wrong) problems.push({ code: 'input-default', message: wrong, range: v.range });
        scratch.inputs[v.name] = value;
      } catch (err) {
        problems.push({ code: 'input-default', message: `input '${v.name}': default could not be evaluated: ${(err as Error).message}`, range: v.range });
      }
    } else if (v.type.kind === 'optional') {
      scratch.inputs[v.name] = null;
    } else {
      problems.push({ code: 'input-missing', message: `missing input '${v.name}' (${describeType(v.type)})`, range: v.range });
    }
  }
  if (problems.length) throw startError(workflow, problems);
  for (const v of workflow.variables) {
    if (v.role !== 'var') continue;
    try {
      const value = v.initial ? evaluate(v.initial, env) : null;
      const wrong = v.initialCheck && initialValueTypeError(v.name, 'var', v.initialCheck, value, bundle.types);
      if (wrong) problems.push({ code: 'var-initial', message: wrong, range: v.range });
      scratch.variables[v.name] = value;
    } catch (err) {
      problems.push({ code: 'var-initial', message: `var '${v.name}': ${(err as Error).message}`, range: v.range });
    }
  }
  if (problems.length) throw startError(workflow, problems);
  return { secrets, inputs: scratch.inputs, variables: scratch.variables };
}

/**
 * Why a run of `bundle` (its `workflow`, else its entry) with `inputs` could not start, checked
 * without an engine or a store: what `Engine.start` would reject with. Empty when it can start
 * (a store or executor may still fail it later).
 */
export function startProblems(
  bundle: WorkflowBundle,
  options: { workflow?: string; inputs?: Record<string, unknown> },
  environment: Readonly<Record<string, string | undefined>>,
  clock: Clock,
): readonly RunStartProblem[] {
  const name = options.workflow ?? bundle.entry;
  const workflow = bundle.workflows[name];
  if (!workflow) return [unknownWorkflow(bundle, name)];
  try {
    startValues(bundle, workflow, options.inputs ?? NO_VALUES, environment, clock);
    return [];
  } catch (err) {
    if (err instanceof RunStartError) return err.problems;
    throw err;
  }
}

/** The problem of a bundle without workflow `name`. */
function unknownWorkflow(bundle: WorkflowBundle, name: string): RunStartProblem {
  return { code: 'unknown-workflow', message: `The bundle has no workflow '${name}' (it has: ${Object.keys(bundle.workflows).join(', ') || 'none'})` };
}

/** The `RunStartError` of a bundle without workflow `name` (`Engine.start`, event triggers). */
export function unknownWorkflowError(bundle: WorkflowBundle, name: string): RunStartError {
  const problem = unknownWorkflow(bundle, name);
  return new RunStartError(problem.message, [problem]);
}

function unknownInput(workflow: WorkflowDefinition, key: string): RunStartProblem {
  const inputs = workflow.variables.filter((v) => v.role === 'input').map((v) => v.name);
  const known = inputs.length ? `its inputs are ${inputs.map((n) => `'${n}'`).join(', ')}` : 'it declares no inputs';
  return { code: 'input-unknown', message: `unknown input '${key}' (${known})`, range: workflow.range };
}

function declared(workflow: WorkflowDefinition, name: string): VariableDefinition | undefined {
  return workflow.variables.find((v) => v.name === name);
}

function startError(workflow: WorkflowDefinition, problems: RunStartProblem[]): RunStartError {
  return new RunStartError(`Cannot start ${workflow.id}: ${problems.map((p) => p.message).join('; ')}`, problems);
}
