// Extension entry point: the only place where features are wired together. It starts the
// language client and lets each feature register itself from its own module, one line each.
// It must not implement features itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client/language-client.js';
import { registerDiagram, type DiagramFeed } from './diagram/register-diagram.js';
import { registerRun } from './run/register-run.js';
import { registerRunsView } from './runs-view/register-runs-view.js';
import { registerMetrics } from './metrics/register-metrics.js';
import { registerDebug } from './debug/register-debug.js';

/** What `activate` returns: used by the integration tests and by other extensions. */
export interface WeftExtensionApi {
  /** The client; `isRunning()` is false when the server failed to start (see the Weft output). */
  readonly languageClient: LanguageClient;
  readonly outputChannel: vscode.LogOutputChannel;
  /** Feeds run/debug state (current nodes, status, metrics…) to the open diagram. */
  readonly diagram: DiagramFeed;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<WeftExtensionApi> {
  const outputChannel = vscode.window.createOutputChannel('Weft', { log: true });
  context.subscriptions.push(outputChannel);

  client = createLanguageClient(context, outputChannel);
  try {
    await client.start();
  } catch (err) {
    // The extension stays useful without a server (snippets, comments, brackets): say why, once.
    const reason = err instanceof Error ? err.message : String(err);
    outputChannel.error(`The Weft language server did not start: ${reason}`);
    void vscode.window.showErrorMessage(`Weft: the language server did not start (${reason}). See the Weft output.`);
  }

  // Features: each registers its commands, views and providers from its own module.
  const diagram = registerDiagram(context, client);
  const run = registerRun(context);
  registerRunsView(context, run.services, diagram);
  registerMetrics(context, run.services);
  registerDebug(context, diagram);

  return { languageClient: client, outputChannel, diagram };
}

/** Stops the language server gracefully (shutdown + exit) when VS Code unloads the extension. */
export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}
