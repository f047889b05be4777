// Specification of Weft hover (language-server/lsp/weft-hover-provider.ts): at each `<|>`, the
// markdown shown — declarations with doc comments and types, node kinds with result types,
// members, context words, stdlib signatures and the effective retry schedule.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { expectHover, parseHelper } from 'langium/test';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;
const hover = expectHover(services);

const FILE = `
/** An order as received from the shop. */
type Order {
  id: string
  /** Gross amount in EUR. */
  total: number
}
/** Takes a paid order to shipment. */
workflow Ship {
  /** The order to ship. */
  input order: Order
  output trackingId: string
  secret key = env("KEY")
  task charge: http POST "https://pay.test" {
    body { amount: order.<|>total }
    retry 5 times every 1s backoff 2 max 10s
  }
  start -> <|>charge -> end
  trigger event "x" where <|>event.data.ok
  var n = <|>len(order.id)
  <|>task fetch: http GET "https://x.test"
}
`;

describe('Weft hover', () => {
    it('shows a reference\'s declaration, doc comment and type', async () => {
        await hover({
            text: 'workflow W {\n  /** Max attempts. */\n  input limit: number = 3\n  var x = <|>limit + 1\n}',
            index: 0,
            hover: '```weft\ninput limit: number = 3\n```\n\nMax attempts.\n\n**Type:** `number`',
        });
    });

    it('shows a node\'s declaration up to its block, whole when its URL interpolates a value', async () => {
        await hover({
            text: 'workflow W {\n  input id: string\n  task fetch: http GET "https://x.test/${id}" { timeout 5s }\n  start -> <|>fetch -> end\n}',
            index: 0,
            hover: /^```weft\ntask fetch: http GET "https:\/\/x\.test\/\$\{id\}"\n```/,
        });
    });

    it('shows a declared type\'s doc comment and structure at its uses', async () => {
        await hover({ text: FILE.replace('input order: Order', 'input order: <|>Order'), index: 0, hover: /^```weft\ntype Order\n```\n\nAn order as received from the shop\.\n\n\*\*Type:\*\* `\{ id: string, total: number \}`$/ });
    });

    it('shows a member\'s type and the doc comment of its field', async () => {
        await hover({ text: FILE, index: 0, hover: '```weft\n(field) total: number\n```\n\nGross amount in EUR.' });
    });

    it('shows a node\'s kind, result type and effective retry schedule at a reference', async () => {
        await hover({
            text: FILE, index: 1,
            hover: /\*\*task · http POST\*\*[^]*\*\*Result:\*\* `\{ status: number, headers: map<string>, body: any \}`[^]*\*\*Retry schedule:\*\* 6 attempts; waits 1s, 2s, 4s, 8s, 10s; at most 25s waiting in all/,
        });
    });

    it('shows the type of a context word', async () => {
        await hover({ text: FILE, index: 2, hover: /^```weft\nevent: \{ id: string, type: string, source: string, time: string, data: any \}\n```/ });
    });

    it('shows a standard-library function\'s signature and documentation', async () => {
        await hover({ text: FILE, index: 3, hover: /^```weft\nlen\(x: list\|string\|map\): number\n```\n\n\S/ });
    });

    it('shows what a node kind does and its result on the kind keyword', async () => {
        await hover({ text: FILE, index: 4, hover: /^\*\*task · http GET\*\* — Runs a script[^]*\*\*Result:\*\* `\{ status: number/ });
    });

    it('shows a workflow\'s doc comment, inputs and outputs on its name', async () => {
        const document = await parseHelper(services)(FILE.replace(/<\|>/g, ''));
        const offset = document.textDocument.getText().indexOf('Ship {') + 1;
        const result = await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
        assert.equal((result?.contents as { value: string }).value,
            '```weft\nworkflow Ship\n```\n\nTakes a paid order to shipment.\n\n**Inputs:** `{ order: Order }`\n\n**Outputs:** `{ trackingId: string }`');
    });

    it('explains task options and edge guards on their keywords', async () => {
        await hover({
            text: 'workflow W {\n  task a: http GET "https://x.test" { <|>timeout 5s, <|>compensate b }\n  task b: http GET "https://x.test"\n  a -> b <|>otherwise\n}',
            index: 0,
            hover: /^`timeout d` — an attempt running longer fails with `timeout`/,
        });
        await hover({ text: 'workflow W {\n  task a: http GET "https://x.test" { <|>compensate b }\n  task b: http GET "https://x.test"\n}', index: 0, hover: /^`compensate node` — when the run fails later/ });
        await hover({ text: 'workflow W {\n  task a: http GET "https://x.test"\n  a -> end <|>otherwise\n}', index: 0, hover: /^`otherwise` — taken when no guarded edge/ });
    });
});
