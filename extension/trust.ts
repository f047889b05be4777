// Workspace Trust gating. The language server only reads text, so it runs everywhere; anything
// that executes workflow code (run, debug, scripts) must ask `requireTrust` first. This file
// decides and tells the user; it must not run anything itself.
import * as vscode from 'vscode';

/** True when the workspace is trusted to execute code. */
export function isWorkspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/**
 * Returns true when `action` may execute workflow code. In an untrusted workspace it shows why
 * the action was refused (with a way to manage trust) and returns false.
 */
export function requireTrust(action: string): boolean {
  if (isWorkspaceTrusted()) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showWarningMessage(
      `Weft: ${action} is disabled in Restricted Mode, because it executes workflow code. ` +
        'Trust this workspace to enable it.',
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
