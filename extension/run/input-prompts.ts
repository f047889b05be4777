// Run command — the vscode-free logic of asking for a workflow's inputs: which inputs need a
// value, and turning the text typed into an input box into a value checked against the declared
// type. It asks nothing itself (the prompt lives in prompt-inputs.ts).
import type { TypeDefinition, TypeRef, WorkflowBundle, VariableDefinition } from '../../runtime/ir/index.js';
import { checkValue, describeType, formatValueTypeErrors } from '../../runtime/types/check-value.js';

/** An input the user is asked for: required ones, and optional ones only when there is no default. */
export interface InputQuestion {
  name: string;
  type: TypeRef;
  /** `string`, `Order`, `list<int>`… as shown in the prompt. */
  typeText: string;
  required: boolean;
  doc?: string;
}

/** The inputs of `workflow` in `bundle` that have no default (optional `T?` inputs are skipped). */
export function inputQuestions(bundle: WorkflowBundle, workflow: string = bundle.entry): InputQuestion[] {
  const definition = bundle.workflows[workflow];
  if (!definition) throw new Error(`The bundle has no workflow '${workflow}'`);
  return definition.variables
    .filter((v: VariableDefinition) => v.role === 'input' && v.initial === undefined && v.type.kind !== 'optional')
    .map((v) => ({ name: v.name, type: v.type, typeText: describeType(v.type), required: true, ...(v.doc ? { doc: v.doc } : {}) }));
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses `text` as JSON and checks it against `type`. A `string` input also accepts bare text
 * (typing `ada` for `"ada"`), since quoting every string in an input box is a chore.
 */
export function parseInputText(text: string, type: TypeRef, types: Record<string, TypeDefinition> = {}): ParsedInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (acceptsBareString(type)) value = text;
    else return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
  const errors = checkValue(value, type, types);
  if (errors.length > 0) {
    // A bare word that happened to parse as JSON (`true`, `12`) for a string input: take the text.
    if (acceptsBareString(type) && typeof value !== 'string' && checkValue(text, type, types).length === 0) return { ok: true, value: text };
    return { ok: false, message: `Expected ${describeType(type)}: ${formatValueTypeErrors(errors)}` };
  }
  return { ok: true, value };
}

function acceptsBareString(type: TypeRef): boolean {
  if (type.kind === 'optional') return acceptsBareString(type.of);
  return type.kind === 'string';
}

/** The text to prefill an input box with: the last value given for this input, as JSON. */
export function rememberedText(remembered: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!remembered || !(name in remembered)) return undefined;
  return JSON.stringify(remembered[name]);
}
