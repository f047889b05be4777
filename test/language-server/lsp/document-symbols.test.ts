// Specification of the Weft outline (language-server/lsp/weft-document-symbol-provider.ts) and
// of the symbol kinds shared with workspace symbols and completion.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { expectSymbols, expectWorkspaceSymbols, parseHelper } from 'langium/test';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const { shared, Weft } = createWeftServices(EmptyFileSystem);
const symbols = expectSymbols(Weft);

const FILE = `
/** An item. */
type Item { sku: string, qty: number? }
connector shop: http { baseUrl "https://shop.test" }
workflow Orders {
  input items: list<Item>
  output total: number
  var seen: number = 0
  secret key = env("KEY")
  trigger webhook POST "/orders"
  task price: shop.get("/prices") { with { items: items } }
  foreach each in items as item {
    task check: http GET "https://stock.test/\${item.sku}"
  }
  join done first
  start -> price -> each -> done -> end
}
`;

const kindName = (kind: SymbolKind) => Object.entries(SymbolKind).find(([, k]) => k === kind)?.[0];

function outline(list: DocumentSymbol[], depth = 0): string[] {
    return list.flatMap(s => [`${'  '.repeat(depth)}${s.name} (${s.detail}) ${kindName(s.kind)}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('Weft document symbols', () => {
    it('list types with fields, connectors and workflows with their declarations and nodes', async () => {
        await symbols({
            text: FILE,
            assert: list => assert.deepEqual(outline(list), [
                'Item (type) Struct',
                '  sku (string) Field',
                '  qty (number?) Field',
                'shop (connector: http) Interface',
                'Orders (workflow) Class',
                '  items (input: list<Item>) Variable',
                '  total (output: number) Property',
                '  seen (var: number) Variable',
                '  key (secret) Key',
                '  trigger webhook (POST /orders) Event',
                '  price (task · shop.get) Function',
                '  each (foreach as item) Function',
                '    check (task · http GET) Function',
                '  done (join first) Function',
            ]),
        });
    });

    it('select a symbol by its name', async () => {
        await symbols({
            text: 'workflow W {\n  task fetch: http GET "https://x.test"\n}',
            assert: list => {
                const fetch = list[0].children![0];
                assert.deepEqual(fetch.selectionRange, { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } });
                assert.deepEqual(fetch.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 39 } });
            },
        });
    });

    it('still outline the complete parts of a document with syntax errors', async () => {
        await symbols({
            text: 'type A { x: string }\nworkflow W {\n  input a: A\n  task t: http',
            assert: list => assert.deepEqual(outline(list).slice(0, 4), ['A (type) Struct', '  x (string) Field', 'W (workflow) Class', '  a (input: A) Variable']),
        });
    });
});

describe('Weft workspace symbols', () => {
    it('find top-level declarations of every file by name, with their kinds', async () => {
        await parseHelper(Weft)('type Invoice { id: string }\nworkflow Billing { start -> end }', { documentUri: 'file:///ws/billing.weft' });
        await expectWorkspaceSymbols(shared)({
            query: 'Bill',
            assert: found => {
                const billing = found.find(s => s.name === 'Billing');
                assert.ok(billing, `found ${found.map(s => s.name).join(', ')}`);
                assert.equal(billing.kind, SymbolKind.Class);
                assert.equal(billing.location.uri, 'file:///ws/billing.weft');
            },
        });
    });

    it('find the nodes of every workflow too, with their workflow as container', async () => {
        await parseHelper(Weft)('workflow Payments {\n  task chargeCard: http POST "https://pay.test"\n  start -> chargeCard -> end\n}', { documentUri: 'file:///ws/payments.weft' });
        await expectWorkspaceSymbols(shared)({
            query: 'chargeC',
            assert: found => assert.deepEqual(found.map(s => [s.name, s.containerName, SymbolKind.Function === s.kind, (s.location as { uri: string }).uri]),
                [['chargeCard', 'Payments', true, 'file:///ws/payments.weft']]),
        });
    });
});
