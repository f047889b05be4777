// Robustness specification over the wire: the bundled server (dist/language-server.cjs) started
// as a separate process over stdio, as an editor starts it, is sent hostile documents and every
// request it advertises; each gets a reply and the process is still alive at the end.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams, ServerCapabilities } from 'vscode-languageserver-protocol';
import { distDir } from '../../support/paths.js';
import { binaryGarbage, nestedExpression } from './support/bad-inputs.js';
import { ORDER_WORKFLOW } from './support/corpus.js';

const SERVER = path.join(distDir, 'language-server.cjs');
const REPLY_BOUND_MS = 20_000;

function withinBound<T>(what: string, promise: Promise<T>, ms = REPLY_BOUND_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no reply within ${ms} ms`)), ms); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Requests to send for a document, keyed by the capability that advertises them. */
function requestsFor(capabilities: ServerCapabilities, uri: string, text: string): Array<[string, unknown]> {
    const textDocument = { uri };
    const lines = text.split(/\r?\n/);
    const last = { line: lines.length - 1, character: lines.at(-1)!.length };
    const middle = { line: Math.floor(lines.length / 2), character: Math.min(5, lines[Math.floor(lines.length / 2)].length) };
    const requests: Array<[string, unknown]> = [];
    for (const position of [{ line: 0, character: 0 }, middle, last]) {
        if (capabilities.completionProvider) requests.push(['textDocument/completion', { textDocument, position }]);
        if (capabilities.hoverProvider) requests.push(['textDocument/hover', { textDocument, position }]);
        if (capabilities.definitionProvider) requests.push(['textDocument/definition', { textDocument, position }]);
        if (capabilities.referencesProvider) requests.push(['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }]);
        if (capabilities.documentHighlightProvider) requests.push(['textDocument/documentHighlight', { textDocument, position }]);
        if (capabilities.signatureHelpProvider) requests.push(['textDocument/signatureHelp', { textDocument, position }]);
    }
    const whole = { start: { line: 0, character: 0 }, end: last };
    if (capabilities.documentSymbolProvider) requests.push(['textDocument/documentSymbol', { textDocument }]);
    if (capabilities.documentFormattingProvider) requests.push(['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }]);
    if (capabilities.semanticTokensProvider) requests.push(['textDocument/semanticTokens/full', { textDocument }]);
    if (capabilities.foldingRangeProvider) requests.push(['textDocument/foldingRange', { textDocument }]);
    if (capabilities.codeActionProvider) requests.push(['textDocument/codeAction', { textDocument, range: whole, context: { diagnostics: [] } }]);
    if (capabilities.inlayHintProvider) requests.push(['textDocument/inlayHint', { textDocument, range: whole }]);
    if (capabilities.workspaceSymbolProvider) requests.push(['workspace/symbol', { query: '' }]);
    return requests;
}

describe('the language server process on hostile documents', function () {
    this.timeout(180_000);
    let child: ChildProcessWithoutNullStreams;
    let connection: MessageConnection;
    let capabilities: ServerCapabilities;
    let folder: string;
    const published = new Map<string, PublishDiagnosticsParams[]>();
    const waiters = new Map<string, Array<() => void>>();
    let stderr = '';

    before(async function () {
        if (!existsSync(SERVER)) this.skip();
        folder = mkdtempSync(path.join(tmpdir(), 'weft-robustness-'));
        child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: folder, stdio: 'pipe' });
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
        connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        connection.onRequest('client/registerCapability', () => null);
        connection.onRequest('window/workDoneProgress/create', () => null);
        connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
            for (const resolve of waiters.get(params.uri) ?? []) resolve();
            waiters.delete(params.uri);
        });
        connection.listen();
        const rootUri = pathToFileURL(folder).href;
        const result: InitializeResult = await withinBound('initialize', connection.sendRequest<InitializeResult>('initialize', {
            processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'robustness' }],
            capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
        }));
        capabilities = result.capabilities;
        await connection.sendNotification('initialized', {});
    });

    after(async () => {
        if (!connection) return;
        try {
            await withinBound('shutdown', connection.sendRequest('shutdown'), 10_000);
            await connection.sendNotification('exit');
        } finally {
            connection.dispose();
            child.kill();
            rmSync(folder, { recursive: true, force: true });
        }
    });

    /** Opens a document and waits for its diagnostics: the server's signal that it was built. */
    async function open(name: string, text: string): Promise<string> {
        const uri = pathToFileURL(path.join(folder, name)).href;
        const diagnosed = new Promise<void>(resolve => waiters.set(uri, [...(waiters.get(uri) ?? []), resolve]));
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'weft', version: 1, text } });
        await withinBound(`diagnostics of ${name}`, diagnosed);
        return uri;
    }

    const documents: Record<string, string> = {
        'half-typed.weft': 'workflow W {\n  task a: http GET "u"\n  a -> \n  a -> b when a.\n  var s = "never closed\n',
        'garbage.weft': binaryGarbage(8192, 7),
        'deep.weft': nestedExpression('(', ')', 400),
        'cycle-a.weft': 'import "./cycle-b.weft"\nimport "./missing.weft"\ntype A { b: B }\n',
        'cycle-b.weft': 'import "./cycle-a.weft"\ntype B { a: A? }\n',
        'orders.weft': ORDER_WORKFLOW,
    };

    for (const [name, text] of Object.entries(documents)) {
        it(`answers every advertised request about ${name}`, async () => {
            const uri = await open(name, text);
            assert.ok(published.get(uri)?.length, 'diagnostics were published');
            const requests = requestsFor(capabilities, uri, text);
            assert.ok(requests.length >= 5, `the server advertises the usual requests (${requests.map(r => r[0]).join(', ')})`);
            for (const [method, params] of requests) {
                await withinBound(`${method} on ${name}`, connection.sendRequest(method, params)).catch((error: unknown) => {
                    throw new Error(`${method} on ${name} failed: ${error instanceof Error ? error.message : String(error)}\nserver stderr:\n${stderr.slice(-2000)}`);
                });
            }
            assert.equal(child.exitCode, null, 'the server process is still running');
        });
    }

    it('survives an edit that turns a valid document into garbage and back', async () => {
        const uri = await open('edited.weft', ORDER_WORKFLOW);
        for (const [version, text] of [[2, binaryGarbage(4096, 11)], [3, ORDER_WORKFLOW.slice(0, 500)], [4, ORDER_WORKFLOW]] as const) {
            const before = published.get(uri)?.length ?? 0;
            const diagnosed = new Promise<void>(resolve => waiters.set(uri, [resolve]));
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
            await withinBound(`diagnostics of version ${version}`, diagnosed);
            assert.ok((published.get(uri)?.length ?? 0) > before);
            await withinBound('documentSymbol after the edit', connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
        }
        assert.equal(child.exitCode, null, 'the server process is still running');
    });
});
