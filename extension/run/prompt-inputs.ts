// Run command — asks for a workflow's required inputs, one input box each, checking the text
// against the declared type as it is typed, and remembers the answers per workflow in
// workspaceState. Cancelling any box cancels the whole prompt (returns undefined).
import * as vscode from 'vscode';
import type { WorkflowBundle } from '../../runtime/ir/index.js';
import { inputQuestions, parseInputText, rememberedText } from './input-prompts.js';

const stateKey = (workflow: string) => `weft.inputs.${workflow}`;

export async function promptInputs(
  state: vscode.Memento, bundle: WorkflowBundle, workflow: string = bundle.entry,
): Promise<Record<string, unknown> | undefined> {
  const remembered = state.get<Record<string, unknown>>(stateKey(workflow));
  const inputs: Record<string, unknown> = {};
  const questions = inputQuestions(bundle, workflow);
  for (const [index, q] of questions.entries()) {
    const text = await vscode.window.showInputBox({
      title: `Run ${workflow}: input ${index + 1} of ${questions.length}`,
      prompt: `${q.name}: ${q.typeText}${q.doc ? ` — ${q.doc}` : ''} (JSON)`,
      value: rememberedText(remembered, q.name) ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseInputText(value, q.type, bundle.types);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseInputText(text, q.type, bundle.types);
    if (!parsed.ok) return undefined;
    inputs[q.name] = parsed.value;
  }
  await state.update(stateKey(workflow), { ...remembered, ...inputs });
  return inputs;
}

/** The inputs last given for `workflow` (used by "Debug workflow" and tests). */
export function lastInputs(state: vscode.Memento, workflow: string): Record<string, unknown> | undefined {
  return state.get<Record<string, unknown>>(stateKey(workflow));
}
