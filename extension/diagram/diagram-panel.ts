// Diagram panel — one webview panel showing the diagram of one .weft document: loads the page
// (strict CSP, resources from dist/webview only), forwards models, cursor and run state to the
// webview, and acts on the webview's messages only after validating them.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  DiagramModelChangedNotification, DiagramModelRequest,
  type DiagramDocumentModel, type DiagramModelChangedParams, type DiagramModelRequestParams, type DiagramModelRequestResult,
} from '../../language-server/protocol/diagram-protocol.js';
import { parseWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../webview/protocol.js';
import { nodesAtLines } from './node-lines.js';
import { renderDiagramHtml } from './webview-html.js';

export const DIAGRAM_VIEW_TYPE = 'weft.diagram';

/** What the panel last drew (for tests and commands). */
export interface DiagramSnapshot {
  uri: string;
  stamp: number;
  nodes: number;
  edges: number;
  /** The node highlighted for the editor's cursor, if any. */
  highlighted?: string | null;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

export class DiagramPanel implements vscode.Disposable {
  private document: vscode.Uri | undefined;
  private model: DiagramDocumentModel | undefined;
  private ready = false;
  private readonly pending: HostToWebviewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly snapshotListeners: Array<(s: DiagramSnapshot) => void> = [];
  snapshot: DiagramSnapshot | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: BaseLanguageClient,
    private readonly log: vscode.OutputChannel,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    webview.html = renderDiagramHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'diagram.js')).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'elk-worker.js')).toString(),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'icons', 'weft.svg');
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      client.onNotification(DiagramModelChangedNotification.method, (params: DiagramModelChangedParams) => this.onModel(params.model)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
      vscode.debug.onDidChangeBreakpoints(() => this.sendBreakpoints()),
    );
  }

  get uri(): vscode.Uri | undefined {
    return this.document;
  }

  /** Shows the diagram of `uri` (asks the server for its current model). */
  async show(uri: vscode.Uri): Promise<void> {
    const changed = this.document?.toString() !== uri.toString();
    this.document = uri;
    this.panel.title = `Diagram: ${uri.path.split('/').pop() ?? 'workflow'}`;
    if (changed) this.model = undefined;
    await this.requestModel();
  }

  /** Sends a message (run state, actions) once the webview listens. */
  post(message: HostToWebviewMessage): void {
    if (!this.ready) { this.pending.push(message); return; }
    void this.panel.webview.postMessage(message);
  }

  /** Calls `listener` whenever the snapshot changes (a drawing, a cursor highlight). */
  onSnapshot(listener: (s: DiagramSnapshot) => void): vscode.Disposable {
    this.snapshotListeners.push(listener);
    return { dispose: () => { const i = this.snapshotListeners.indexOf(listener); if (i >= 0) this.snapshotListeners.splice(i, 1); } };
  }

  private updateSnapshot(snapshot: DiagramSnapshot): void {
    this.snapshot = snapshot;
    for (const l of [...this.snapshotListeners]) l(snapshot);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private serverUri(uri: vscode.Uri): string {
    return this.client.code2ProtocolConverter.asUri(uri);
  }

  private async requestModel(): Promise<void> {
    if (!this.document || !this.client.isRunning()) return;
    const params: DiagramModelRequestParams = { uri: this.serverUri(this.document) };
    try {
      const model = await this.client.sendRequest<DiagramModelRequestResult>(DiagramModelRequest.method, params);
      if (model) this.onModel(model);
    } catch (err) {
      this.log.appendLine(`diagram: the model request failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onModel(model: DiagramDocumentModel): void {
    if (!this.document || model.uri !== this.serverUri(this.document)) return;
    if (this.model && this.model.uri === model.uri && model.stamp < this.model.stamp) return;
    this.model = model;
    this.post({ type: 'model', model });
    this.sendBreakpoints();
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.uri.toString() === this.document.toString()) this.sendCursor(editor.selection.active);
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    if (this.document && e.textEditor.document.uri.toString() === this.document.toString()) this.sendCursor(e.selections[0]?.active);
  }

  private sendCursor(position: vscode.Position | undefined): void {
    if (!this.model) return;
    this.post({ type: 'cursor', uri: this.model.uri, position: position ? { line: position.line, character: position.character } : null });
  }

  private sendBreakpoints(): void {
    if (!this.model || !this.document) return;
    const here = this.document.toString();
    const lines = vscode.debug.breakpoints
      .filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint && b.enabled && b.location.uri.toString() === here)
      .map((b) => b.location.range.start.line);
    this.post({ type: 'breakpoints', nodeIds: nodesAtLines(this.model, lines) });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.appendLine('diagram: ignored a malformed message from the webview');
      return;
    }
    await this.handle(message);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const m of this.pending.splice(0)) void this.panel.webview.postMessage(m);
        if (this.model) this.post({ type: 'model', model: this.model });
        await this.requestModel();
        return;
      case 'reveal':
        if (!this.isShownDocument(message.uri)) return this.log.appendLine('diagram: ignored a reveal of a document the diagram does not show');
        return this.reveal(message.uri, message.range);
      case 'rendered':
        this.updateSnapshot({ uri: message.uri, stamp: message.stamp, nodes: message.nodes, edges: message.edges, highlighted: this.snapshot?.highlighted ?? null });
        return;
      case 'highlighted':
        if (this.snapshot) this.updateSnapshot({ ...this.snapshot, highlighted: message.nodeId });
        return;
      case 'toggleBreakpoint':
        if (!this.isShownDocument(message.uri)) return this.log.appendLine('diagram: ignored a breakpoint in a document the diagram does not show');
        return this.toggleBreakpoint(message.uri, message.line);
      case 'export': return this.save(message.format, message.data, message.name);
      case 'error':
        this.log.appendLine(`diagram: ${message.message}`);
        return;
    }
  }

  /** The webview may only point into the document it shows (never at any file it names). */
  private isShownDocument(uri: string): boolean {
    return !!this.model && uri === this.model.uri;
  }

  private async reveal(uriText: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const uri = this.client.protocol2CodeConverter.asUri(uriText);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private toggleBreakpoint(uriText: string, line: number): void {
    const uri = this.client.protocol2CodeConverter.asUri(uriText);
    const existing = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint =>
      b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString() && b.location.range.start.line === line);
    if (existing.length) vscode.debug.removeBreakpoints(existing);
    else vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line, 0)))]);
  }

  private async save(format: 'svg' | 'png', data: string, name: string): Promise<void> {
    const folder = this.document ? vscode.Uri.joinPath(this.document, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    });
    if (!target) return;
    const bytes = format === 'svg' ? Buffer.from(data, 'utf8') : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Diagram saved to ${vscode.workspace.asRelativePath(target)}`);
  }
}
