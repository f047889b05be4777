// Specification of Weft signature help (language-server/lsp/weft-signature-help-provider.ts and
// call-at-cursor.ts): the signature and active parameter for stdlib calls, method-style calls
// and connector actions, while the call is being typed.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import type { SignatureHelp } from 'vscode-languageserver';
import { callAtCursor } from '../../../language-server/lsp/call-at-cursor.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;

async function help(textWithCursor: string): Promise<SignatureHelp | undefined> {
    const offset = textWithCursor.indexOf('<|>');
    const document = await parseHelper(services)(textWithCursor.replace('<|>', ''));
    return services.lsp.SignatureHelp!.provideSignatureHelp(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
}

function activeLabel(result: SignatureHelp | undefined): string {
    const signature = result!.signatures[result!.activeSignature ?? 0];
    const [start, end] = signature.parameters![result!.activeParameter ?? 0].label as [number, number];
    return signature.label.slice(start, end);
}

describe('Weft signature help', () => {
    it('shows a stdlib function\'s signature with the parameter under the cursor', async () => {
        const result = await help('workflow W {\n  var s = replace("abc", "b", <|>)\n}');
        assert.equal(result?.signatures[0].label, 'replace(s: string, find: string, with: string): string');
        assert.equal(activeLabel(result), 'with: string');
    });

    it('counts the receiver of a method-style call as the first parameter', async () => {
        const result = await help('workflow W {\n  input xs: list<number>\n  var s = xs.map(<|>)\n}');
        assert.match(result!.signatures[0].label, /^map\(items: list<T>, fn: /);
        assert.equal(activeLabel(result), 'fn: (item: T, index: number) => U');
    });

    it('shows a connector action\'s signature inside its argument string', async () => {
        const result = await help('workflow W {\n  connector pay: http { baseUrl "https://p.test" }\n  task c: pay.post("/ch<|>")\n}');
        assert.equal(result?.signatures[0].label, 'post(path: string)');
        assert.equal(activeLabel(result), 'path: string');
    });

    it('answers nothing outside a call', async () => {
        assert.equal(await help('workflow W {\n  var s = (1 + <|>2)\n}'), undefined);
    });

    it('finds the enclosing call past nested calls, lists, objects and strings with commas', () => {
        const text = 'f(a, g(1, 2), [3, 4], { x: 5, y: "6,7" }, ';
        assert.deepEqual(callAtCursor(text, text.length), { callee: 'f', receiver: undefined, method: false, argument: 4 });
    });
});
