// Specification of the enclosing-statement parse of completion (language-server/lsp/
// completion-parse-text.ts): which text the completion parser reads, when it must read it all,
// and that completion offers exactly the same items either way — at every token of the corpus
// and at random positions of randomly edited files.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import type { CompletionList } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completionParseText } from '../../../language-server/lsp/completion-parse-text.js';
import type { WeftCompletionProvider } from '../../../language-server/lsp/weft-completion-provider.js';
import { loadCorpus } from '../robustness/support/corpus.js';
import { ScratchWorkspace } from '../robustness/support/scratch-workspace.js';

const WORKFLOW = [
    'type Order { id: string }',
    'workflow W {',
    '  input order: Order',
    '  task a: http GET "https://x.test/${order.id}" { timeout 5s }',
    '  task b: http GET "https://x.test"',
    '  start -> a -> b',
    '  b -> end',
    '}',
    '',
].join('\n');

async function completionBothWays(workspace: ScratchWorkspace, document: LangiumDocument, offset: number): Promise<[CompletionList | undefined, CompletionList | undefined]> {
    const provider = workspace.services.lsp.CompletionProvider as WeftCompletionProvider;
    const params = { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) };
    provider.enclosingStatementParse = true;
    const fast = await provider.getCompletion(document, params);
    provider.enclosingStatementParse = false;
    try {
        return [fast, await provider.getCompletion(document, params)];
    } finally {
        provider.enclosingStatementParse = true;
    }
}

/** Offsets where a user may ask for completion: the start and end of every token, and line ends. */
function tokenBoundaries(workspace: ScratchWorkspace, text: string): number[] {
    const offsets = new Set<number>();
    for (const token of workspace.services.parser.Lexer.tokenize(text).tokens) {
        offsets.add(token.startOffset);
        offsets.add(token.endOffset! + 1);
    }
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) offsets.add(i);
    return [...offsets].sort((a, b) => a - b);
}

describe('completion parses only the enclosing statement', function () {
    this.timeout(300_000);
    let workspace: ScratchWorkspace;
    beforeEach(() => { workspace = new ScratchWorkspace(); });
    afterEach(() => workspace.dispose());

    it('reads the workflow header and the statement holding the last token before the offset', async () => {
        const document = await workspace.write('w.weft', WORKFLOW);
        const offset = WORKFLOW.indexOf('  b -> end') + 2;
        assert.equal(completionParseText(document, offset), 'workflow W {\n  start -> a -> b\n  ');
    });

    it('reads the whole declaration when the offset is in its first statement or header', async () => {
        const document = await workspace.write('w.weft', WORKFLOW);
        const offset = WORKFLOW.indexOf('order: Order') + 'order: '.length;
        assert.equal(completionParseText(document, offset), 'workflow W {\n  input order: ');
    });

    it('reads everything when the text before the statement has a syntax error', async () => {
        const broken = WORKFLOW.replace('{ timeout 5s }', '{ timeout 5s');
        const document = await workspace.write('w.weft', broken);
        assert.ok(document.parseResult.parserErrors.length > 0);
        assert.equal(completionParseText(document, broken.indexOf('  b -> end') + 2), undefined);
    });

    it('still reads only the statement when the syntax error is in it or after it', async () => {
        const typing = WORKFLOW.replace('  b -> end', '  b -> end when');
        const document = await workspace.write('w.weft', typing);
        assert.ok(document.parseResult.parserErrors.length > 0);
        const offset = typing.indexOf('  b -> end') + 2;
        assert.equal(completionParseText(document, offset), 'workflow W {\n  start -> a -> b\n  ');
    });

    it('reads everything when the document changed since it was built', async () => {
        const document = await workspace.write('w.weft', WORKFLOW);
        const edited = TextDocument.create(document.uri.toString(), 'weft', 99, WORKFLOW.replace('task b', 'task c'));
        const stale = { uri: document.uri, parseResult: document.parseResult, textDocument: edited } as LangiumDocument;
        assert.equal(completionParseText(stale, WORKFLOW.indexOf('  b -> end') + 2), undefined);
    });

    it('offers the same items as parsing all the text before the cursor, at every token of the corpus', async () => {
        let compared = 0;
        let shortened = 0;
        for (const entry of loadCorpus()) {
            // One entry at a time: other entries' types would only lengthen every list.
            await workspace.dispose();
            for (const [file, text] of Object.entries(entry.files)) await workspace.write(`${entry.name}/${file}`, text);
            const document = workspace.document(`${entry.name}/${entry.main}`);
            for (const offset of tokenBoundaries(workspace, entry.files[entry.main])) {
                const [fast, full] = await completionBothWays(workspace, document, offset);
                assert.deepEqual(fast, full, `${entry.name} at ${JSON.stringify(document.textDocument.positionAt(offset))}`);
                compared++;
                if ((completionParseText(document, offset)?.length ?? offset) < offset / 2) shortened++;
            }
        }
        console.log(`      (${compared} positions, the shorter parse at ${shortened})`);
        assert.ok(compared > 1000, `only ${compared} positions compared`);
        assert.ok(shortened > compared / 3, `the shorter parse applied at only ${shortened} of ${compared} positions`);
    });

    it('offers the same items at random positions after random edits (property)', async () => {
        const corpus = loadCorpus();
        for (const entry of corpus) {
            for (const [file, text] of Object.entries(entry.files)) await workspace.write(`${entry.name}/${file}`, text);
        }
        const pieces = ['->', ' -> ', '{', '}', '"', '[', '(', ')', '\n', 'when ', 'task x: http GET "u" ', 'on error', '.', ';', ' x', 'otherwise'];
        await fc.assert(fc.asyncProperty(
            fc.nat({ max: corpus.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...pieces), fc.double({ min: 0, max: 1, noNaN: true }),
            async (which, editAt, piece, probeAt) => {
                const entry = corpus[which];
                const original = entry.files[entry.main];
                const at = Math.floor(editAt * original.length);
                const text = original.slice(0, at) + piece + original.slice(at);
                const document = await workspace.write(`${entry.name}/${entry.main}`, text);
                const offset = Math.floor(probeAt * text.length);
                const [fast, full] = await completionBothWays(workspace, document, offset);
                assert.deepEqual(fast, full, `${JSON.stringify(piece)} inserted at ${at}, completion at ${offset}`);
            }), { numRuns: 300, seed: 20261125 });
    });
});
