// Run command — compiles the .weft file of an editor to a bundle for the embedded runtime and
// the inline debugger, with the language server's compile step (the same lowering the server
// uses) composed into the debug session's services. Unsaved editors are saved first: compiling reads disk.
import * as vscode from 'vscode';
import { compileWorkflow } from '../../language-server/workspace/compile-workflow.js';
import { parseDebugExpression } from '../../language-server/workspace/parse-expression-text.js';
import { debugServicesFrom, type DebugCompileResult, type DebugServices } from '../../runtime/debug/debug-services.js';

export const editorDebugServices: DebugServices = debugServicesFrom(compileWorkflow, parseDebugExpression);

/** Saves `uri` when it is open and dirty, then compiles it. */
export async function compileForEditor(uri: vscode.Uri, workflow?: string): Promise<DebugCompileResult> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  return editorDebugServices.compile(uri.fsPath, workflow);
}
