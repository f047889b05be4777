// Specification of Weft navigation: go to definition (names, imported types and connectors,
// members -> fields, imports -> files, sub-workflows), find references (also of type fields),
// and document highlights. Cross-file cases use two documents in one workspace.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import type { LangiumDocument } from 'langium';
import { expectGoToDefinition, expectHighlight, parseHelper } from 'langium/test';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;
const parse = parseHelper(services);
const goToDefinition = expectGoToDefinition(services);
const highlight = expectHighlight(services);

const TYPES = '/** An order. */\ntype Order { id: string, total: number }\nconnector pay: http { baseUrl "https://pay.test" }\nworkflow Refund { input id: string  start -> end }\n';
const MAIN = 'import "./types.weft"\nworkflow W {\n  input order: Order\n  var sum = order.total + order.total\n  task c: pay.post("/x")\n  task r: workflow Refund { with { id: order.id } }\n  start -> c -> r -> end\n}\n';

let loaded: Promise<{ types: LangiumDocument; main: LangiumDocument }> | undefined;

/** The two-file workspace, loaded once for the tests that read it. */
function workspace(): Promise<{ types: LangiumDocument; main: LangiumDocument }> {
    loaded ??= (async () => {
        const types = await parse(TYPES, { documentUri: 'file:///nav/types.weft' });
        const main = await parse(MAIN, { documentUri: 'file:///nav/main.weft' });
        return { types, main };
    })();
    return loaded;
}

function at(document: LangiumDocument, text: string, delta = 1) {
    const offset = document.textDocument.getText().indexOf(text);
    assert.ok(offset >= 0, `'${text}' not found`);
    return { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset + delta) };
}

describe('Weft go to definition', () => {
    it('goes from a node name in an edge to the node', async () => {
        await goToDefinition({
            text: 'workflow W {\n  task <|fetch|>: http GET "https://x.test"\n  start -> <|>fetch -> end\n}',
            index: 0,
            rangeIndex: 0,
        });
    });

    it('goes from a variable in an expression to its declaration', async () => {
        await goToDefinition({
            text: 'workflow W {\n  var <|count|> = 0\n  set s { count = <|>count + 1 }\n}',
            index: 0,
            rangeIndex: 0,
        });
    });

    it('goes to an imported type, connector and sub-workflow in the other file', async () => {
        const { main } = await workspace();
        for (const [text, target] of [['Order\n', 'Order {'], ['pay.post', 'pay: http'], ['Refund {', 'Refund {']] as const) {
            const links = await services.lsp.DefinitionProvider!.getDefinition(main, at(main, text));
            assert.equal(links?.[0]?.targetUri, 'file:///nav/types.weft', text);
            const line = TYPES.split('\n').findIndex(l => l.includes(target));
            assert.equal(links![0].targetSelectionRange.start.line, line, text);
        }
    });

    it('goes from a member access to the field of the declared type', async () => {
        const { main } = await workspace();
        const links = await services.lsp.DefinitionProvider!.getDefinition(main, at(main, 'total +'));
        assert.deepEqual(links?.map(l => [l.targetUri, l.targetSelectionRange]), [
            ['file:///nav/types.weft', { start: { line: 1, character: 25 }, end: { line: 1, character: 30 } }],
        ]);
    });

    it('goes from an import to the imported file', async () => {
        const { main } = await workspace();
        const links = await services.lsp.DefinitionProvider!.getDefinition(main, at(main, '"./types.weft"'));
        assert.equal(links?.[0]?.targetUri, 'file:///nav/types.weft');
        assert.deepEqual(links![0].originSelectionRange, { start: { line: 0, character: 7 }, end: { line: 0, character: 21 } });
    });
});

describe('Weft find references', () => {
    it('finds every use of a node: edges, expressions and compensate targets', async () => {
        const document = await parse('workflow W {\n  task refund: http POST "https://x.test"\n  task charge: http POST "https://x.test" { compensate refund }\n  start -> refund -> end\n  var x = refund.status\n}');
        const locations = await services.lsp.ReferencesProvider!.findReferences(document, { ...at(document, 'refund:', 0), context: { includeDeclaration: false } });
        assert.deepEqual(locations.map(l => l.range.start.line), [2, 3, 4]);
    });

    it('finds the member accesses of a type field across files, from the field', async () => {
        const { types } = await workspace();
        const locations = await services.lsp.ReferencesProvider!.findReferences(types, { ...at(types, 'total:'), context: { includeDeclaration: true } });
        assert.deepEqual(locations.map(l => `${l.uri.split('/').pop()}:${l.range.start.line}:${l.range.start.character}`),
            ['types.weft:1:25', 'main.weft:3:18', 'main.weft:3:32']);
    });
});

describe('Weft sub-workflow inputs given by `with` keys', () => {
    it('go from a key to the input, and find the keys among the input\'s references', async () => {
        const document = await parse('workflow Sub {\n  input amount: number\n  start -> end\n}\nworkflow W {\n  task s: workflow Sub { with { amount: 1 } }\n  task t: workflow Sub { with { amount: 2 } }\n}');
        const links = await services.lsp.DefinitionProvider!.getDefinition(document, at(document, 'amount: 1', 0));
        assert.deepEqual(links?.map(l => l.targetSelectionRange.start), [{ line: 1, character: 8 }]);
        const locations = await services.lsp.ReferencesProvider!.findReferences(document, { ...at(document, 'amount:', 0), context: { includeDeclaration: true } });
        assert.deepEqual(locations.map(l => `${l.range.start.line}:${l.range.start.character}`), ['1:8', '5:32', '6:32']);
        const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, 'amount: 2', 0));
        assert.match((hover?.contents as { value: string }).value, /^```weft\ninput amount: number\n```/);
    });
});

describe('Weft document highlights', () => {
    it('highlights the declaration and every use of a name in the file', async () => {
        await highlight({
            text: 'workflow W {\n  input <|limit|>: number\n  var a = <|li<|>mit|> * 2\n  set s { a = <|limit|> }\n}',
            index: 0,
            rangeIndex: [0, 1, 2],
        });
    });

    it('highlights a type field and the member accesses reading it in the file', async () => {
        await highlight({
            text: 'type P { <|x|>: number, y: number }\nworkflow W {\n  input p: P\n  var a = p.<|x|> + p.y + p.<|<|>x|>\n}',
            index: 0,
            rangeIndex: [0, 1, 2],
        });
    });
});
