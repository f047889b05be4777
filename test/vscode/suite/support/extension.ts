// Helpers for the integration suite: find and activate the installed Weft extension and reach
// the fixture workspace. Runs inside the extension host; assertions stay in the test files.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WeftExtensionApi } from '../../../../extension/extension.js';

export const EXTENSION_ID = 'weft.weft';

export function weftExtension(): vscode.Extension<WeftExtensionApi> {
  const extension = vscode.extensions.getExtension<WeftExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension;
}

/** The workspace folder the launcher prepared (a temporary copy of the fixtures and samples). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs an open workspace folder');
  return folder.uri.fsPath;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

/** Opens a workspace file in an editor; resolves once VS Code shows it. */
export async function openInEditor(...segments: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Opens a .weft file and resolves with the extension's API once it has activated. */
export async function activateOn(...segments: string[]): Promise<WeftExtensionApi> {
  await openInEditor(...segments);
  return weftExtension().activate();
}

let scratchCounter = 0;
const scratches: vscode.Uri[] = [];
/**
 * Writes a new .weft file with `content` into the workspace and opens it in an editor. Each call
 * gets a fresh name: reused untitled documents can still hold a closed editor's text. Remove
 * them with `removeScratches()` (in an afterEach) so they leave no diagnostics behind.
 */
export async function openScratch(content: string, stem = 'scratch'): Promise<vscode.TextEditor> {
  // Each test file is its own bundle with its own counter: the random part keeps names unique.
  const uri = workspaceUri(`${stem}-${++scratchCounter}-${randomUUID().slice(0, 8)}.weft`);
  scratches.push(uri);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Reverts and closes the active editor (leaves the file on disk unchanged). */
export async function closeActiveEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Closes the editors of scratch files (reverting unsaved edits) and deletes the files. */
export async function removeScratches(): Promise<void> {
  const uris = new Set(scratches.splice(0).map((u) => u.toString()));
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && uris.has(document.uri.toString())) {
      await vscode.window.showTextDocument(document);
      await closeActiveEditor();
    }
  }
  // Query the tabs only now: closing editors above invalidates earlier Tab objects.
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && uris.has(t.input.uri.toString()));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  for (const uri of uris) await vscode.workspace.fs.delete(vscode.Uri.parse(uri)).then(undefined, () => undefined);
}
