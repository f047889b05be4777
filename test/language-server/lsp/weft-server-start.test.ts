// Specification of the server start (language-server/lsp/weft-server-start.ts): after an edit,
// the document's diagnostics are written to the wire before the server lowers it for an open
// diagram, and the document-wide answers an editor asks for after a change wait for validation.
// A real JSON-RPC server on in-process streams; the order is observed where the server writes.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { DocumentState, EmptyFileSystem, type LangiumDocument } from 'langium';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { AFTER_VALIDATION, startWeftLanguageServer } from '../../../language-server/lsp/weft-server-start.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

const URI = 'file:///workspace/order.weft';
/** Long enough that its build spans several turns of the event loop (Langium yields every 10 ms). */
const STEPS = 300;
const TEXT = [
    'workflow Order {',
    '  input id: string',
    ...Array.from({ length: STEPS }, (_, i) => `  task fetch${i}: http GET "https://x.test/\${id}/${i}" { timeout 5s retry 2 times every 1s }`),
    `  start -> ${Array.from({ length: STEPS }, (_, i) => `fetch${i}`).join(' -> ')} -> end`,
    '}',
    '',
].join('\n');

describe('Weft server start', function () {
    this.timeout(20_000);
    let client: MessageConnection;
    /** What the server did, in order: `wrote <method>`, `lowered`, `symbols (<document state>)`, `folding (…)`, `tokens (…)`. */
    const events: string[] = [];
    let version = 1;

    before(async () => {
        const toServer = new PassThrough();
        const toClient = new PassThrough();
        const write = toClient.write.bind(toClient) as (chunk: unknown, ...rest: unknown[]) => boolean;
        toClient.write = ((chunk: unknown, ...rest: unknown[]) => {
            const method = /"method":"([^"]+)"/.exec(String(chunk))?.[1];
            if (method) events.push(`wrote ${method}`);
            return write(chunk, ...rest);
        }) as typeof toClient.write;
        const connection = createConnection(toServer, toClient);
        const { shared, Weft } = createWeftServices({ connection, ...EmptyFileSystem });
        /** Records `event` when `target[name]` is called (with the state of a document argument). */
        const spy = <T extends object>(target: T, name: keyof T & string, event: string) => {
            const original = (target[name] as (...args: unknown[]) => unknown).bind(target);
            (target as Record<string, unknown>)[name] = (...args: unknown[]) => {
                const document = args[0] as Partial<LangiumDocument>;
                events.push(document?.state === undefined ? event : `${event} (${DocumentState[document.state]})`);
                return original(...args);
            };
        };
        spy(Weft.lowering.WorkflowLowerer, 'lowerWorkflow', 'lowered');
        spy(Weft.lsp.DocumentSymbolProvider!, 'getSymbols', 'symbols');
        spy(Weft.lsp.FoldingRangeProvider!, 'getFoldingRanges', 'folding');
        spy(Weft.lsp.SemanticTokenProvider!, 'semanticHighlight', 'tokens');
        startWeftLanguageServer(shared);
        client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
        client.onRequest(() => null);
        client.onNotification(() => undefined);
        client.listen();
        await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
        await client.sendNotification('initialized', {});
        await client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'weft', version, text: TEXT } });
        await client.sendRequest('weft/diagramModel', { uri: URI });
    });

    after(() => client?.dispose());

    /** Edits the document and sends, with the change, what an editor asks after one. */
    async function editWithEditorRequests(): Promise<string[]> {
        events.length = 0;
        const published = new Promise<void>(resolve => {
            const done = client.onNotification('weft/diagramModelChanged', () => { done.dispose(); resolve(); });
        });
        version++;
        await client.sendNotification('textDocument/didChange', {
            textDocument: { uri: URI, version }, contentChanges: [{ text: TEXT.replace('5s', `${version}s`) }],
        });
        const textDocument = { uri: URI };
        await Promise.all([
            client.sendRequest('textDocument/documentSymbol', { textDocument }),
            client.sendRequest('textDocument/foldingRange', { textDocument }),
            client.sendRequest('textDocument/semanticTokens/full', { textDocument }),
            published,
        ]);
        return [...events];
    }

    it('writes the diagnostics before lowering the document for its open diagram', async () => {
        const seen = await editWithEditorRequests();
        const diagnostics = seen.indexOf('wrote textDocument/publishDiagnostics');
        assert.ok(diagnostics >= 0, seen.join(', '));
        assert.ok(seen.indexOf('lowered') > diagnostics, seen.join(', '));
    });

    it('computes symbols, folding ranges and semantic tokens only once the document is validated', async () => {
        const seen = await editWithEditorRequests();
        for (const request of ['symbols', 'folding', 'tokens']) {
            assert.deepEqual(seen.filter(e => e.startsWith(request)), [`${request} (Validated)`], seen.join(', '));
        }
    });

    it('leaves the requests a user waits for (completion, hover, definition) at Langium\'s states', () => {
        for (const interactive of ['CompletionProvider', 'HoverProvider', 'DefinitionProvider', 'SignatureHelp']) {
            assert.equal(interactive in AFTER_VALIDATION, false, interactive);
        }
    });
});
