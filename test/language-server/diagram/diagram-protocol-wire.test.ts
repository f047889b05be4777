// The diagram protocol over a real JSON-RPC connection: a language server (the real Weft
// services) on in-process streams, a client that opens a document and receives
// `weft/diagramModelChanged`, then asks `weft/diagramModel`. Nothing is mocked but the pipe.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startLanguageServer } from 'langium/lsp';
import { EmptyFileSystem } from 'langium';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createWeftServices } from '../../../language-server/weft-module.js';
import {
  DiagramModelChangedNotification, DiagramModelRequest, type DiagramModelChangedParams, type DiagramModelRequestResult,
} from '../../../language-server/protocol/diagram-protocol.js';

const URI = 'file:///workspace/wire.weft';
const TEXT = 'workflow Wire {\n  set a { }\n  set b { }\n  start -> a -> b -> end\n}\n';

describe('diagram protocol over JSON-RPC', function () {
  this.timeout(20_000);
  let client: MessageConnection;
  const models: DiagramModelChangedParams[] = [];
  const waiters: Array<() => void> = [];

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(toServer, toClient);
    const { shared } = createWeftServices({ connection, ...EmptyFileSystem });
    startLanguageServer(shared);
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification(DiagramModelChangedNotification.method, (params: DiagramModelChangedParams) => {
      models.push(params);
      for (const w of waiters.splice(0)) w();
    });
    client.onRequest(() => null); // workspace/configuration and registrations
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
  });

  after(() => client?.dispose());

  async function nextModel(predicate: (p: DiagramModelChangedParams) => boolean): Promise<DiagramModelChangedParams> {
    for (;;) {
      const found = models.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  it('answers weft/diagramModel, then publishes a model with a growing stamp after each edit', async () => {
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'weft', version: 1, text: TEXT } });
    const first = (await client.sendRequest<DiagramModelRequestResult>(DiagramModelRequest.method, { uri: URI }))!;
    assert.equal(first.version, 1);
    assert.deepEqual(first.workflows[0]!.graph.nodes.map((n) => n.name), ['start', 'a', 'b', 'end']);
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: TEXT.replace('set b { }', 'set b { }\n  set c { }').replace('b -> end', 'b -> c -> end') }],
    });
    const second = await nextModel((p) => p.uri === URI && p.model.version === 2);
    assert.ok(second.stamp > first.stamp);
    assert.equal(models.filter((p) => p.uri === URI && p.model.version === 1).length, 0, 'nothing was pushed before the client asked');
    assert.equal(second.stamp, second.model.stamp);
    assert.deepEqual(second.model.workflows[0]!.graph.nodes.map((n) => n.name), ['start', 'a', 'b', 'c', 'end']);
  });

  it('pushes nothing for a document no client asked about', async () => {
    const other = 'file:///workspace/quiet.weft';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'weft', version: 1, text: TEXT.replace('Wire', 'Quiet') } });
    await client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: TEXT }] });
    await nextModel((p) => p.uri === URI && p.model.version === 3);
    assert.equal(models.filter((p) => p.uri === other).length, 0);
    const quiet = await client.sendRequest<DiagramModelRequestResult>(DiagramModelRequest.method, { uri: other });
    assert.equal(quiet?.workflows[0]?.id, 'Quiet', 'but it answers when asked');
  });

  it('answers weft/diagramModel with the latest model, and null for a file it does not know', async () => {
    const model = await client.sendRequest<DiagramModelRequestResult>(DiagramModelRequest.method, { uri: URI });
    assert.equal(model?.version, 3);
    assert.equal(await client.sendRequest<DiagramModelRequestResult>(DiagramModelRequest.method, { uri: 'file:///workspace/none.weft' }), null);
  });
});
