// Diagram panel — registers everything of the live diagram with VS Code: the `weft.showDiagram`
// command (palette, editor title, code lens), the panel that follows the active .weft editor,
// the serializer that restores it after a reload, export commands and a feed for run state.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { parseViewState, type HostToWebviewMessage } from '../../webview/protocol.js';
import { DiagramCodeLensProvider } from './diagram-code-lens.js';
import { DIAGRAM_VIEW_TYPE, DiagramPanel, webviewOptions, type DiagramSnapshot } from './diagram-panel.js';

/** What other features (debugger, run views) use to show run state on the diagram. */
export interface DiagramFeed {
  /** Posts run/debug state to the open diagram (no-op when none is open). */
  post(message: HostToWebviewMessage): void;
  /** The document the open diagram shows. */
  readonly uri: vscode.Uri | undefined;
}

const isWeft = (document: vscode.TextDocument) => document.languageId === 'weft';

export function registerDiagram(context: vscode.ExtensionContext, client: BaseLanguageClient): DiagramFeed {
  let current: DiagramPanel | undefined;
  const log = client.outputChannel;

  const adopt = (panel: vscode.WebviewPanel): DiagramPanel => {
    const diagram = new DiagramPanel(panel, context.extensionUri, client, log);
    current = diagram;
    panel.onDidDispose(() => {
      diagram.dispose();
      if (current === diagram) current = undefined;
    });
    return diagram;
  };

  const show = async (target?: vscode.Uri): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const uri = target instanceof vscode.Uri ? target : editor && isWeft(editor.document) ? editor.document.uri : undefined;
    if (!uri) {
      void vscode.window.showInformationMessage('Open a .weft file to see its diagram.');
      return;
    }
    if (!current) {
      const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, 'Diagram', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
      adopt(panel);
    } else {
      current.panel.reveal(undefined, true);
    }
    await current!.show(uri);
  };

  const action = (name: 'exportSvg' | 'exportPng' | 'fit' | 'toggleDirection') => () => current?.post({ type: 'action', action: name });

  context.subscriptions.push(
    vscode.commands.registerCommand('weft.showDiagram', show),
    vscode.commands.registerCommand('weft.diagram.exportSvg', action('exportSvg')),
    vscode.commands.registerCommand('weft.diagram.exportPng', action('exportPng')),
    vscode.commands.registerCommand('weft.diagram.fit', action('fit')),
    vscode.commands.registerCommand('weft.diagram.toggleDirection', action('toggleDirection')),
    // For tests and tools: what the open diagram shows. With `waitMs`, waits (at most that long)
    // until there is a drawing whose fields equal those of `until`.
    vscode.commands.registerCommand('weft.diagram.snapshot', (waitMs = 0, until: Partial<DiagramSnapshot> = {}): Promise<DiagramSnapshot | undefined> => {
      const panel = current;
      const matches = (s: DiagramSnapshot | undefined) => !!s && Object.entries(until).every(([k, v]) => s[k as keyof DiagramSnapshot] === v);
      if (!panel || matches(panel.snapshot) || !waitMs) return Promise.resolve(panel?.snapshot);
      return new Promise((resolve) => {
        const listener = panel.onSnapshot((s) => { if (matches(s)) { clearTimeout(timer); listener.dispose(); resolve(s); } });
        const timer = setTimeout(() => { listener.dispose(); resolve(panel.snapshot); }, waitMs);
      });
    }),
    vscode.languages.registerCodeLensProvider({ language: 'weft' }, new DiagramCodeLensProvider()),
    vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const diagram = adopt(panel);
        const saved = parseViewState(state).uri;
        const editor = vscode.window.activeTextEditor;
        const uri = saved ? client.protocol2CodeConverter.asUri(saved) : editor && isWeft(editor.document) ? editor.document.uri : undefined;
        if (uri) await diagram.show(uri);
      },
    }),
    // Follow the active .weft editor.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (current && editor && isWeft(editor.document) && editor.document.uri.toString() !== current.uri?.toString()) void current.show(editor.document.uri);
    }),
    { dispose: () => current?.dispose() },
  );

  return {
    post: (message) => current?.post(message),
    get uri() { return current?.uri; },
  };
}
