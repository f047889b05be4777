// Integration: the packaged extension is installed, activates on a .weft file, starts its
// language server, and contributes the language (configuration, snippets, settings).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activateOn, weftExtension } from './support/extension.js';

describe('Extension activation', () => {
  it('is the packaged extension: dist bundles and manifest, no sources or node_modules', () => {
    const root = weftExtension().extensionPath;
    for (const shipped of ['package.json', 'dist/extension.cjs', 'dist/language-server.cjs', 'language-configuration.json', 'snippets/weft.json']) {
      assert.ok(existsSync(path.join(root, shipped)), `${shipped} is missing from the installed extension`);
    }
    for (const notShipped of ['extension', 'language-server', 'test', 'node_modules', 'tsconfig.json', 'scripts']) {
      assert.ok(!existsSync(path.join(root, notShipped)), `${notShipped} must not be in the .vsix`);
    }
  });

  it('stays inactive until a .weft file opens, then activates', async () => {
    const extension = weftExtension();
    assert.equal(extension.isActive, false, 'activated before any .weft file was opened');
    const api = await activateOn('orders.weft');
    assert.equal(extension.isActive, true);
    assert.ok(api.languageClient, 'activate() returns the language client');
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'weft');
  });

  it('starts the language server over IPC and receives its capabilities', async () => {
    const api = await activateOn('orders.weft');
    assert.equal(api.languageClient.isRunning(), true);
    const capabilities = api.languageClient.initializeResult?.capabilities;
    assert.ok(capabilities, 'the server answered initialize');
    assert.ok(capabilities.textDocumentSync !== undefined, 'the server syncs documents');
  });
});

describe('Language contribution', () => {
  it('registers the weft language for .weft files', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('weft'));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'types.weft')));
    assert.equal(document.languageId, 'weft');
  });

  it('toggles // line comments and /* */ block comments from language-configuration.json', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'weft', content: 'trigger manual' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.equal(document.getText(), '// trigger manual');
    await vscode.commands.executeCommand('editor.action.commentLine');
    editor.selection = new vscode.Selection(0, 0, 0, document.lineAt(0).text.length);
    await vscode.commands.executeCommand('editor.action.blockComment');
    assert.equal(document.getText(), '/* trigger manual */');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers the workflow snippet in completion', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'weft', content: 'work' });
    await vscode.window.showTextDocument(document);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 4));
    const snippet = list.items.find((item) => item.kind === vscode.CompletionItemKind.Snippet &&
      item.insertText instanceof vscode.SnippetString && item.insertText.value.startsWith('/** ${2:What this workflow does.} */\nworkflow ${1:Name} {'));
    assert.ok(snippet, `no workflow snippet among: ${list.items.map((i) => typeof i.label === 'string' ? i.label : i.label.label).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('contributes its settings with defaults', () => {
    const config = vscode.workspace.getConfiguration('weft');
    assert.equal(config.inspect('trace.server')?.defaultValue, 'off');
    assert.equal(config.inspect('store.path')?.defaultValue, '.weft/runs.sqlite');
    assert.equal(config.inspect('ai.apiKeyVariable')?.defaultValue, 'OPENAI_API_KEY');
  });
});
