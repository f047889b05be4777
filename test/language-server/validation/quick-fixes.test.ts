// Specification of the quick fixes: each one, applied to the text, makes its diagnostic go
// away and leaves the text the user would have written.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { services, validate } from './validation-test-support.js';

async function fixesFor(source: string, code: string, others: Record<string, string> = {}) {
    const { document, diagnostics } = await validate(source, others);
    const diagnostic = diagnostics.find(d => d.code === code);
    assert.ok(diagnostic, `no ${code} in the fixture`);
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as CodeAction[];
    return { document, actions };
}

/** Applies `action` and returns the new text. */
function apply(text: string, uri: string, action: CodeAction): string {
    const edits = action.edit?.changes?.[uri] ?? [];
    return TextDocument.applyEdits(TextDocument.create(uri, 'weft', 1, text), edits);
}

async function codesAfter(text: string, others: Record<string, string> = {}): Promise<string[]> {
    return (await validate(text, others)).diagnostics.map(d => String(d.code));
}

describe('quick fixes', () => {
    it('did-you-mean replaces an unknown name with the suggestion', async () => {
        const source = 'workflow W { input order: any\n var x = ordr }';
        const { document, actions } = await fixesFor(source, 'unknown-name');
        const fix = actions.find(a => a.title === "Change to 'order'");
        assert.ok(fix?.isPreferred);
        const fixed = apply(source, document.textDocument.uri, fix);
        assert.equal(fixed, 'workflow W { input order: any\n var x = order }');
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('did-you-mean repairs a misspelt member', async () => {
        const source = 'type O { total: number }\nworkflow W { input o: O\n var x = o.totl }';
        const { document, actions } = await fixesFor(source, 'unknown-member');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.match(fixed, /o\.total \}/);
        assert.ok(!(await codesAfter(fixed)).includes('unknown-member'));
    });

    it('adds `A -> end otherwise` after the last guarded edge', async () => {
        const source = 'workflow W {\n  input x: number\n  set a { }\n  start -> a\n  a -> end when x > 1\n}';
        const { document, actions } = await fixesFor(source, 'missing-otherwise');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.equal(fixed, 'workflow W {\n  input x: number\n  set a { }\n  start -> a\n  a -> end when x > 1\n  a -> end otherwise\n}');
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('declares a missing variable with the type of the value set to it', async () => {
        const source = 'workflow W {\n  input n: number\n  set s { total = n * 2 }\n  start -> s -> end\n}';
        const { document, actions } = await fixesFor(source, 'unknown-name');
        const fix = actions.find(a => a.title.startsWith('Declare'));
        assert.equal(fix?.title, "Declare 'var total: number'");
        const fixed = apply(source, document.textDocument.uri, fix!);
        assert.equal(fixed, 'workflow W {\n  input n: number\n  var total: number\n  set s { total = n * 2 }\n  start -> s -> end\n}');
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('declares a name used as a guard as boolean', async () => {
        const source = 'workflow W {\n  set a { }\n  start -> a\n  a -> end when ready\n  a -> end otherwise\n}';
        const { actions } = await fixesFor(source, 'unknown-name');
        assert.ok(actions.some(a => a.title === "Declare 'var ready: boolean'"));
    });

    it('adds the missing inputs of a sub-workflow call with placeholders of their types', async () => {
        const callee = 'workflow Pay { input amount: number\n input label: string\n input level: "low" | "high"\n start -> end }\n';
        const source = `${callee}workflow W {\n  task p: workflow Pay { with { label: "x" } }\n  start -> p -> end\n}`;
        const { document, actions } = await fixesFor(source, 'missing-input');
        assert.equal(actions[0].title, "Add missing inputs 'amount', 'level'");
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.match(fixed, /with \{ label: "x", amount: 0, level: "low" \}/);
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('adds a with block to a call that has none', async () => {
        const source = 'workflow Pay { input amount: number\n start -> end }\nworkflow W {\n  task p: workflow Pay\n  start -> p -> end\n}';
        const { document, actions } = await fixesFor(source, 'missing-input');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.match(fixed, /task p: workflow Pay \{ with \{ amount: 0 \} \}/);
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('removes a duplicate declaration with its line', async () => {
        const source = 'workflow W {\n  input a: number\n  var a: number = 1\n  start -> end\n}';
        const { document, actions } = await fixesFor(source, 'duplicate-name');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.equal(fixed, 'workflow W {\n  input a: number\n  start -> end\n}');
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('removes an option given twice', async () => {
        const source = 'workflow W {\n  task c: http GET "https://x.test" { timeout 1s timeout 2s }\n  start -> c -> end\n}';
        const { document, actions } = await fixesFor(source, 'duplicate-option');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.equal(fixed, 'workflow W {\n  task c: http GET "https://x.test" { timeout 1s }\n  start -> c -> end\n}');
        assert.deepEqual(await codesAfter(fixed), []);
    });

    it('adds the missing prompt of an ai node', async () => {
        const source = 'workflow W {\n  ai c { model "m" }\n  start -> c -> end\n}';
        const { document, actions } = await fixesFor(source, 'missing-setting');
        const fixed = apply(source, document.textDocument.uri, actions[0]);
        assert.equal(fixed, 'workflow W {\n  ai c { prompt "" model "m" }\n  start -> c -> end\n}');
        assert.deepEqual(await codesAfter(fixed), []);
    });
});
