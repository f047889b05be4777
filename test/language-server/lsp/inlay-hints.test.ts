// Specification of Weft inlay hints (language-server/lsp/weft-inlay-hint-provider.ts): where
// each hint stands and what it says.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import type { InlayHint } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;

async function hints(text: string): Promise<string[]> {
    const document = await parseHelper(services)(text);
    const end = document.textDocument.positionAt(text.length);
    const result: InlayHint[] = await services.lsp.InlayHintProvider!.getInlayHints(document, {
        textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end },
    }) ?? [];
    return result.map(h => `${h.position.line}:${h.position.character} ${h.label as string}`);
}

describe('Weft inlay hints', () => {
    it('show the effective retry schedule after a retry clause, capped by max', async () => {
        assert.deepEqual(await hints('workflow W {\n  task t: http GET "https://x.test" {\n    retry 6 times every 1s backoff 2 max 20s jitter\n  }\n}'), [
            '2:51 ⏱ 1s, 2s, 4s, 8s, 16s, 20s (jitter: each ½–1×)',
        ]);
    });

    it('use the one-second default delay when `every` is left out', async () => {
        assert.deepEqual(await hints('workflow W {\n  task t: http GET "https://x.test" { retry 2 times }\n}'), ['1:51 ⏱ 1s, 1s']);
    });

    it('show the inferred type of a var written without one, but not of a literal', async () => {
        assert.deepEqual(await hints('workflow W {\n  input xs: list<number>\n  var total = xs.sum()\n  var n = 0\n}'), ['2:11 : number']);
    });

    it('show the type of the value a set assigns', async () => {
        assert.deepEqual(await hints('workflow W {\n  input xs: list<string>\n  var out: any\n  set s { out = xs.map(x => len(x)) }\n}'), ['3:13 : list<number>']);
    });

    it('show the outputs of a sub-workflow after the call', async () => {
        assert.deepEqual(await hints('workflow Sub { output id: string  start -> end }\nworkflow W {\n  task s: workflow Sub\n}'), ['2:22 → { id: string }']);
    });
});
