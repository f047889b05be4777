// Debugger — runs the runtime's `WeftDebugSession` inside the extension host
// (`DebugAdapterInlineImplementation`), composed with the editor's compile services. The
// session is the same class as `dist/debug-adapter.cjs`; nothing here interprets DAP.
import * as vscode from 'vscode';
import { WeftDebugSession } from '../../runtime/debug/weft-debug-session.js';
import { editorDebugServices } from '../run/compile-for-editor.js';

export class WeftDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const session = new WeftDebugSession(editorDebugServices);
    // The session implements VS Code's DebugAdapter shape (handleMessage/onDidSendMessage/dispose).
    return new vscode.DebugAdapterInlineImplementation(session as unknown as vscode.DebugAdapter);
  }
}
