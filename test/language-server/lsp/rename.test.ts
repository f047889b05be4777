// Specification of Weft rename (language-server/lsp/weft-rename-provider.ts): renames across
// files, renames type fields with the member accesses that read them, and refuses invalid
// names, keywords and names already declared beside the renamed one.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import type { LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { ResponseError } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;
const parse = parseHelper(services);
let counter = 0;

async function files(types: string, main: string) {
    const dir = `file:///rename${counter++}`;
    return {
        types: await parse(types, { documentUri: `${dir}/types.weft` }),
        main: await parse(main, { documentUri: `${dir}/main.weft` }),
    };
}

async function rename(document: LangiumDocument, text: string, newName: string, delta = 1): Promise<WorkspaceEdit | undefined> {
    const offset = document.textDocument.getText().indexOf(text) + delta;
    return services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset), newName });
}

/** The edits of a workspace edit as `file:line:col` strings. */
function places(edit: WorkspaceEdit | undefined): string[] {
    return Object.entries(edit?.changes ?? {}).flatMap(([uri, edits]) =>
        edits.map(e => `${uri.split('/').pop()}:${e.range.start.line}:${e.range.start.character}=${e.newText}`)).sort();
}

describe('Weft rename', () => {
    it('renames a type in its file and in the files importing it', async () => {
        const { main } = await files('type Order { id: string }\n', 'import "./types.weft"\nworkflow W {\n  input a: Order\n  var b: list<Order> = []\n}\n');
        assert.deepEqual(places(await rename(main, 'Order\n', 'Purchase')), ['main.weft:2:11=Purchase', 'main.weft:3:14=Purchase', 'types.weft:0:5=Purchase']);
    });

    it('renames a node with its edges and the expressions reading its result', async () => {
        const document = await parse('workflow W {\n  task fetch: http GET "https://x.test"\n  var s = fetch.status\n  start -> fetch -> end\n}');
        assert.deepEqual(places(await rename(document, 'fetch:', 'load', 0)).map(p => p.replace(/^.*?:/, '')), ['1:7=load', '2:10=load', '3:11=load']);
    });

    it('renames a type field together with the member accesses that read it', async () => {
        const { types } = await files('type Order { id: string, total: number }\n', 'import "./types.weft"\nworkflow W {\n  input o: Order\n  var t = o.total * 2\n  var u = o.id\n}\n');
        assert.deepEqual(places(await rename(types, 'total', 'amount')), ['main.weft:3:12=amount', 'types.weft:0:25=amount']);
    });

    for (const [name, message] of [
        ['task', /'task' is a Weft keyword/],
        ['2fast', /'2fast' is not a valid Weft name/],
        ['my-name', /not a valid Weft name/],
        ['other', /'other' is already declared in workflow W/],
    ] as const) {
        it(`refuses '${name}' with a clear message`, async () => {
            const document = await parse('workflow W {\n  input limit: number\n  var other = limit\n}');
            await assert.rejects(rename(document, 'limit:', name), (error: unknown) => {
                assert.ok(error instanceof ResponseError);
                assert.match(error.message, message);
                return true;
            });
        });
    }

    it('renames a sub-workflow input together with the `with` keys of the calls that give it', async () => {
        const { types, main } = await files(
            'workflow Refund {\n  input orderId: string\n  var x = orderId\n  start -> end\n}\n',
            'import "./types.weft"\nworkflow W {\n  task r: workflow Refund { with { orderId: "o-1" } }\n}\n');
        const expected = ['main.weft:2:35=id', 'types.weft:1:8=id', 'types.weft:2:10=id'];
        assert.deepEqual(places(await rename(types, 'orderId:', 'id', 0)), expected);
        assert.deepEqual(places(await rename(main, 'orderId:', 'id', 0)), expected, 'from the key of the call');
    });
});
