// The language client: starts the bundled Weft language server (dist/language-server.cjs) in its
// own Node process over IPC and connects it to VS Code. It must stay protocol-agnostic: feature
// messages (diagram, run…) are defined by their owners in language-server/protocol/.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

/** The client id; VS Code reads the `weft.trace.server` setting from it. */
export const LANGUAGE_CLIENT_ID = 'weft';
export const LANGUAGE_SERVER_BUNDLE = 'dist/language-server.cjs';

/** Where and how the server process runs; debug mode adds an inspector port. */
export function createServerOptions(context: vscode.ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath(LANGUAGE_SERVER_BUNDLE);
  return {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${process.env.WEFT_LS_INSPECT_PORT ?? '6009'}`] },
    },
  };
}

/** Which documents the server serves, and the files it watches for cross-file imports. */
export function createClientOptions(outputChannel: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: 'file', language: 'weft' },
      { scheme: 'untitled', language: 'weft' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.weft'),
    },
    outputChannel,
  };
}

/** Creates the client (not started: `activate` starts it and reports a failure). */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): LanguageClient {
  return new LanguageClient(
    LANGUAGE_CLIENT_ID,
    'Weft Language Server',
    createServerOptions(context),
    createClientOptions(outputChannel),
  );
}
