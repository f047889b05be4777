// Integration: debugging a workflow in a real VS Code. A breakpoint on a node line stops the
// inline Weft debug session there; the test reads the stack and variables through the session,
// steps, and continues to the end. Every wait is on a DAP message seen by a tracker.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, workspaceUri } from './support/extension.js';
import { screenshot } from './support/screenshot.js';

interface DapMessage { type: string; event?: string; body?: Record<string, unknown> }

/** Records what the Weft adapter sends and lets a test wait for a message. */
class Recorder {
  readonly messages: DapMessage[] = [];
  private waiters: Array<{ match: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void; from: number }> = [];
  add(m: DapMessage): void {
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => (w.match(m) ? (w.resolve(m), false) : true));
  }
  /** The next message (after `from`, the count already seen) matching. */
  next(match: (m: DapMessage) => boolean, from = this.messages.length): Promise<DapMessage> {
    const seen = this.messages.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve, from }));
  }
}

const isEvent = (name: string) => (m: DapMessage) => m.type === 'event' && m.event === name;

describe('Debug workflow', () => {
  const recorder = new Recorder();
  let tracker: vscode.Disposable;

  before(() => {
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('weft', {
      createDebugAdapterTracker: () => ({ onDidSendMessage: (m: DapMessage) => recorder.add(m) }),
    });
  });
  after(async () => {
    tracker.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });

  it('contributes the weft debugger and breakpoints for weft files', () => {
    const manifest = vscode.extensions.getExtension('weft.weft')!.packageJSON;
    assert.ok(manifest.contributes.debuggers.some((d: { type: string }) => d.type === 'weft'));
    assert.ok(manifest.contributes.breakpoints.some((b: { language: string }) => b.language === 'weft'));
  });

  it('stops at a breakpoint on a node, shows variables, steps and finishes', async () => {
    const editor = await activateOn('orders.weft').then(() => vscode.window.activeTextEditor!);
    const uri = workspaceUri('orders.weft');
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s*task ship:/.test(l));
    assert.ok(line > 0);
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line, 0)))]);

    // The diagram beside the editor shows the debugger's current node (for the screenshot).
    await vscode.commands.executeCommand('weft.showDiagram', uri);
    await vscode.commands.executeCommand('weft.diagram.snapshot', 25_000, { uri: uri.toString() });
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });

    const from = recorder.messages.length;
    const started = await vscode.commands.executeCommand<boolean>('weft.debugWorkflow', uri, { input: { order: { id: 'o-3', total: 1, items: [{ sku: 'c', qty: 1 }] } } });
    assert.equal(started, true, 'the debug session started');
    const stopped = await recorder.next(isEvent('stopped'), from);
    assert.equal(stopped.body?.reason, 'breakpoint');
    const session = vscode.debug.activeDebugSession!;
    assert.equal(session.type, 'weft');
    const threadId = stopped.body?.threadId as number;

    const stack = await session.customRequest('stackTrace', { threadId }) as { stackFrames: Array<{ id: number; name: string; line: number }> };
    assert.equal(stack.stackFrames[0]!.name, 'Orders.ship');
    assert.equal(stack.stackFrames[0]!.line, line + 1);

    const { scopes } = await session.customRequest('scopes', { frameId: stack.stackFrames[0]!.id }) as { scopes: Array<{ name: string; variablesReference: number }> };
    const results = scopes.find((s) => /result/i.test(s.name));
    assert.ok(results, scopes.map((s) => s.name).join(', '));
    const { variables } = await session.customRequest('variables', { variablesReference: results.variablesReference }) as { variables: Array<{ name: string; value: string }> };
    assert.ok(variables.some((v) => v.name === 'validate' && /ok/.test(v.value)), JSON.stringify(variables));
    await screenshot('debugger-stopped-on-node');

    const beforeStep = recorder.messages.length;
    await session.customRequest('next', { threadId });
    const afterStep = await recorder.next((m) => isEvent('stopped')(m) || isEvent('terminated')(m), beforeStep);
    assert.ok(afterStep, 'the step ended');
    if (afterStep.event === 'stopped') {
      const beforeContinue = recorder.messages.length;
      await session.customRequest('continue', { threadId });
      await recorder.next(isEvent('terminated'), beforeContinue);
    }
    const exited = recorder.messages.find(isEvent('exited'));
    if (exited) assert.equal(exited.body?.exitCode, 0);
  });
});
