// Debugger — completes `weft` launch configurations: F5 without a launch.json debugs the active
// .weft file, and a launch without `input` asks for the required inputs (as "Run workflow"
// does). Refused in Restricted Mode. It starts nothing; VS Code launches the session.
import * as vscode from 'vscode';
import { requireTrust } from '../trust.js';
import { inputQuestions } from '../run/input-prompts.js';
import { compileForEditor } from '../run/compile-for-editor.js';
import { promptInputs } from '../run/prompt-inputs.js';

export const WEFT_DEBUG_TYPE = 'weft';

export class WeftDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly state: vscode.Memento) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: WEFT_DEBUG_TYPE, request: 'launch', name: 'Debug workflow', program: '${file}', stopOnEntry: true }];
  }

  async resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!requireTrust('Debugging a workflow')) return undefined;
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId !== 'weft') {
        void vscode.window.showInformationMessage('Weft: open a .weft file to debug its workflow.');
        return undefined;
      }
      config = { type: WEFT_DEBUG_TYPE, request: 'launch', name: 'Debug workflow', program: editor.document.uri.fsPath, stopOnEntry: true };
    }
    if (!config.program) {
      void vscode.window.showErrorMessage("Weft: the launch configuration needs 'program', the .weft file to debug.");
      return undefined;
    }
    return config;
  }

  /** After `${file}` and friends are substituted: ask for inputs when none were given. */
  async resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.input !== undefined) return config;
    const compiled = await compileForEditor(vscode.Uri.file(config.program as string), config.workflow as string | undefined);
    if (!compiled.ok) return config; // the adapter reports the errors with their locations
    const workflow = (config.workflow as string | undefined) ?? compiled.bundle.entry;
    if (inputQuestions(compiled.bundle, workflow).length === 0) return config;
    const inputs = await promptInputs(this.state, compiled.bundle, workflow);
    if (!inputs) return undefined;
    return { ...config, input: inputs };
  }
}
