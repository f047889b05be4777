// The shipped language server (dist/language-server.cjs) announces and answers the editor
// features over real JSON-RPC on stdio: capabilities after `initialize`, then completion,
// hover, formatting, semantic tokens, inlay hints, signature help and folding on an open file.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { InitializeResult } from 'vscode-languageserver';
import { fromRoot } from '../../support/paths.js';

const URI = 'file:///wiring/main.weft';
const TEXT = 'workflow W {\n input xs: list<number>\n  var total = xs.sum()\n  task t: http GET "https://x.test" {\n    retry 2 times every 1s\n  }\n  start -> t -> end\n}\n';

describe('Weft language server over JSON-RPC', function () {
    this.timeout(30_000);
    let server: ChildProcess;
    let connection: MessageConnection;
    let capabilities: InitializeResult['capabilities'];

    before(async () => {
        server = spawn(process.execPath, [fromRoot('dist', 'language-server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
        connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
        connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
        connection.onRequest('client/registerCapability', () => null);
        connection.onNotification(() => undefined);
        connection.listen();
        const result = await connection.sendRequest<InitializeResult>('initialize', {
            processId: process.pid, rootUri: null, workspaceFolders: null,
            capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
        });
        capabilities = result.capabilities;
        await connection.sendNotification('initialized', {});
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'weft', version: 1, text: TEXT } });
    });

    after(async () => {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
        connection.dispose();
        server.kill();
    });

    const at = (line: number, character: number) => ({ textDocument: { uri: URI }, position: { line, character } });

    it('announces every editor feature', () => {
        assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['.']);
        for (const feature of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'documentSymbolProvider',
            'workspaceSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider',
            'renameProvider', 'inlayHintProvider'] as const) {
            assert.ok(capabilities[feature], feature);
        }
        assert.deepEqual(capabilities.signatureHelpProvider?.triggerCharacters, ['(']);
        assert.deepEqual(capabilities.semanticTokensProvider?.legend.tokenModifiers.slice(-3), ['input', 'output', 'secret']);
    });

    it('answers completion, hover, formatting, semantic tokens, inlay hints, signature help and folding', async () => {
        const completion = await connection.sendRequest<{ items: Array<{ label: string }> }>('textDocument/completion', at(2, 17));
        assert.ok(completion.items.some(i => i.label === 'sum'), 'stdlib methods after `xs.`');
        const hover = await connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', at(6, 11));
        assert.match(hover.contents.value, /task · http GET/);
        const edits = await connection.sendRequest<Array<{ newText: string }>>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 4, insertSpaces: true } });
        assert.deepEqual(edits.map(e => e.newText), ['\n  '], 'only the one-space indentation of line 2 changes');
        const tokens = await connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
        assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
        const hints = await connection.sendRequest<Array<{ label: string }>>('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } } });
        assert.deepEqual(hints.map(h => h.label).sort(), [': number', '⏱ 1s, 1s']);
        const signature = await connection.sendRequest<{ signatures: Array<{ label: string }> }>('textDocument/signatureHelp', at(2, 21));
        assert.match(signature.signatures[0].label, /^sum\(items: list<number>/);
        const folding = await connection.sendRequest<Array<{ startLine: number }>>('textDocument/foldingRange', { textDocument: { uri: URI } });
        assert.deepEqual(folding.map(f => f.startLine), [0, 3]);
    });
});
