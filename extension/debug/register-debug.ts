// Debugger — registers the `weft` debugger with VS Code: configuration provider (F5 without a
// launch.json), the inline adapter, the diagram tracker, inline values and the "Debug
// workflow" command (code lens). Refused in Restricted Mode.
import * as vscode from 'vscode';
import type { DiagramFeed } from '../diagram/register-diagram.js';
import { requireTrust } from '../trust.js';
import { activeWeftUri } from '../run/run-workflow-command.js';
import { WEFT_DEBUG_TYPE, WeftDebugConfigurationProvider } from './debug-configuration.js';
import { DiagramDebugTracker } from './diagram-debug-tracker.js';
import { WeftDebugAdapterFactory } from './inline-debug-adapter.js';
import { WeftInlineValuesProvider } from './inline-values.js';

export interface DebugWorkflowOptions {
  workflow?: string;
  input?: Record<string, unknown>;
  stopOnEntry?: boolean;
  virtualTime?: boolean;
}

export function registerDebug(context: vscode.ExtensionContext, diagram: DiagramFeed): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(WEFT_DEBUG_TYPE, new WeftDebugConfigurationProvider(context.workspaceState)),
    vscode.debug.registerDebugConfigurationProvider(WEFT_DEBUG_TYPE, {
      provideDebugConfigurations: () => [{ type: WEFT_DEBUG_TYPE, request: 'launch', name: 'Debug workflow', program: '${file}', stopOnEntry: true }],
    }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(WEFT_DEBUG_TYPE, new WeftDebugAdapterFactory()),
    vscode.debug.registerDebugAdapterTrackerFactory(WEFT_DEBUG_TYPE, { createDebugAdapterTracker: () => new DiagramDebugTracker(diagram) }),
    vscode.languages.registerInlineValuesProvider({ language: 'weft' }, new WeftInlineValuesProvider()),
    vscode.commands.registerCommand('weft.debugWorkflow', async (target?: vscode.Uri, options: DebugWorkflowOptions = {}) => {
      if (!requireTrust('Debugging a workflow')) return false;
      const uri = target instanceof vscode.Uri ? target : activeWeftUri();
      if (!uri) {
        void vscode.window.showInformationMessage('Weft: open a .weft file to debug its workflow.');
        return false;
      }
      const config: vscode.DebugConfiguration = {
        type: WEFT_DEBUG_TYPE, request: 'launch', name: `Debug ${options.workflow ?? vscode.workspace.asRelativePath(uri)}`,
        program: uri.fsPath, stopOnEntry: options.stopOnEntry ?? false,
        ...(options.workflow ? { workflow: options.workflow } : {}),
        ...(options.input ? { input: options.input } : {}),
        ...(options.virtualTime ? { virtualTime: true } : {}),
      };
      return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), config);
    }),
  );
}
