// Integration, Restricted Mode: in an untrusted workspace the extension still activates and its
// language server still serves diagnostics and navigation (it never executes workflow code), as
// `capabilities.untrustedWorkspaces: limited` promises; code-executing actions are refused.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, openInEditor, weftExtension, workspaceUri } from '../support/extension.js';
import { formatDiagnostics, hasErrors, waitForDiagnostics } from '../support/diagnostics.js';
import { positionOf } from '../support/positions.js';
import { screenshot } from '../support/screenshot.js';
import { isWorkspaceTrusted, requireTrust } from '../../../../extension/trust.js';

describe('Restricted Mode (untrusted workspace)', () => {
  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('declares limited support in the packaged manifest', () => {
    const untrusted = weftExtension().packageJSON.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.match(String(untrusted?.description), /never executes workflow code/);
  });

  it('still activates and starts the language server', async () => {
    const api = await activateOn('orders.weft');
    assert.equal(api.languageClient.isRunning(), true);
  });

  it('still reports diagnostics', async () => {
    await openInEditor('broken.weft');
    const diagnostics = await waitForDiagnostics(workspaceUri('broken.weft'), hasErrors);
    assert.ok(diagnostics.some((d) => /shipp/.test(d.message)), formatDiagnostics(diagnostics));
    await screenshot('restricted-mode-diagnostics', '.squiggly-error');
  });

  it('still navigates across files', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('orders.weft'));
    const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', document.uri, positionOf(document, 'Order\n', 1, 2));
    const target = result?.[0];
    assert.ok(target, 'no definition');
    assert.match(('targetUri' in target ? target.targetUri : target.uri).path, /types\.weft$/);
  });

  it('refuses code-executing actions through the trust gate', () => {
    // extension/trust.ts is what run and debug call before executing anything.
    assert.equal(isWorkspaceTrusted(), false);
    assert.equal(requireTrust('Running a workflow'), false);
  });
});
