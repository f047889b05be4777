// Run command — compiles the .weft file of an editor to a bundle for the embedded runtime and
// the inline debugger, through the CLI's compile composition (`cli/debug-services.ts`, the same
// lowering the language server uses). Unsaved editors are saved first: compiling reads disk.
import * as vscode from 'vscode';
import { debugServices } from '../../cli/debug-services.js';
import type { DebugCompileResult, DebugServices } from '../../runtime/debug/debug-services.js';

export const editorDebugServices: DebugServices = debugServices;

/** Saves `uri` when it is open and dirty, then compiles it. */
export async function compileForEditor(uri: vscode.Uri, workflow?: string): Promise<DebugCompileResult> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  return debugServices.compile(uri.fsPath, workflow);
}
