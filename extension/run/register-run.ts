// Run command — registers "Run workflow" (command, code lens, editor title button) and the
// "Weft Runs" output channel; returns the shared run services so the Runs view and metrics use
// the same engine and store. Disposes the engine and closes the store on deactivation.
import * as vscode from 'vscode';
import { RunCodeLensProvider } from './run-code-lens.js';
import { createRunServices, type RunServices } from './run-services.js';
import { RunWorkflowCommand, type RunWorkflowOptions } from './run-workflow-command.js';

export interface RunFeature {
  services: RunServices;
  output: vscode.OutputChannel;
}

export function registerRun(context: vscode.ExtensionContext): RunFeature {
  const services = createRunServices();
  const output = vscode.window.createOutputChannel('Weft Runs');
  const command = new RunWorkflowCommand(services, output, context.workspaceState);
  const lenses = new RunCodeLensProvider();
  context.subscriptions.push(
    output,
    { dispose: () => void services.dispose() },
    vscode.commands.registerCommand('weft.runWorkflow', (uri?: vscode.Uri, options?: RunWorkflowOptions) => command.run(uri, options)),
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'weft' }, lenses),
  );
  return { services, output };
}
