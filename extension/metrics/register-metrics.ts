// Metrics — `weft.showMetrics`: the metrics of the active workflow (or every workflow in the
// store when no .weft editor is active), from the workspace store's journals, as a markdown
// document. Reads only; it starts no run.
import * as vscode from 'vscode';
import { metricsOf } from '../../runtime/metrics/run-metrics.js';
import type { RunServices } from '../run/run-services.js';
import { metricsMarkdown } from './metrics-report.js';

const WORKFLOW_LINE = /^\s*workflow\s+([A-Za-z_][A-Za-z0-9_]*)/m;

export function registerMetrics(context: vscode.ExtensionContext, services: RunServices): void {
  context.subscriptions.push(vscode.commands.registerCommand('weft.showMetrics', async (workflow?: string) => {
    const editor = vscode.window.activeTextEditor;
    const name = typeof workflow === 'string' ? workflow
      : editor?.document.languageId === 'weft' ? WORKFLOW_LINE.exec(editor.document.getText())?.[1] : undefined;
    const all = await metricsOf(services.store(), name);
    const reports = Object.values(all);
    const content = reports.length === 0
      ? `# Metrics${name ? ` of ${name}` : ''}\n\nNo runs recorded in ${services.storeFile} yet.\n`
      : reports.map(metricsMarkdown).join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document, { preview: true });
    return all;
  }));
}
