// Specification of the CST the Weft parser builds (language-server/parser/merged-rule-nodes.ts,
// compact-leaf.ts): no composite for a rule call whose AST node merged into its caller's, so an
// expression's CST node holds its tokens directly; and leaves whose line and column, looked up
// in the root's line table, are the document's own positions for every line-break style.
import assert from 'node:assert/strict';
import type { AstNode, CstNode, LeafCstNode } from 'langium';
import { AstUtils, CstUtils, EmptyFileSystem, isCompositeCstNode, isLeafCstNode } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BinaryExpression, Model, VarDeclaration } from '../../../language-server/generated/ast.js';
import { isBinaryExpression, isVarDeclaration } from '../../../language-server/generated/ast.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { loadCorpus } from '../robustness/support/corpus.js';

const parser = createWeftServices(EmptyFileSystem).Weft.parser.LangiumParser;
const parse = (text: string) => parser.parse<Model>(text);
const workflow = (body: string) => `workflow W {\n${body}\n}\n`;

/** The initial value of the var `b` declared in `text`. */
function initialOf(text: string): NonNullable<VarDeclaration['initial']> {
    const declaration = AstUtils.streamAst(parse(text).value).filter(isVarDeclaration).find(v => v.name === 'b');
    assert.ok(declaration?.initial);
    return declaration.initial;
}

const leaves = (node: CstNode): LeafCstNode[] => CstUtils.streamCst(node).filter(isLeafCstNode).toArray();

describe('CST shape of the Weft parser', () => {

    it('gives a literal expression one composite, holding its token', () => {
        const cst = initialOf(workflow('var b = 42')).$cstNode;
        assert.ok(cst && isCompositeCstNode(cst));
        assert.equal(cst.content.length, 1);
        assert.ok(isLeafCstNode(cst.content[0]));
        assert.equal(cst.content[0].text, '42');
    });

    it('gives a reference expression one composite, holding the name\'s (a data-type rule call)', () => {
        const cst = initialOf(workflow('var a = 1\nvar b = a')).$cstNode;
        assert.ok(cst && isCompositeCstNode(cst));
        assert.equal(cst.content.length, 1);
        const name = cst.content[0];
        assert.ok(isCompositeCstNode(name) && name.content.length === 1 && isLeafCstNode(name.content[0]));
        assert.equal(name.text, 'a');
    });

    it('puts the brackets and operands of `(a + 1) * 2` directly under the expression\'s own composites', () => {
        const initial = initialOf(workflow('var a = 1\nvar b = (a + 1) * 2'));
        assert.ok(isBinaryExpression(initial));
        const cst = initial.$cstNode as CstNode & { content: CstNode[] };
        // left operand (its own composite: the sum's), '*', right operand (the literal's composite)
        assert.deepEqual(cst.content.map(c => c.text), ['(a + 1)', '*', '2']);
        const sum = initial.left as BinaryExpression;
        assert.deepEqual((sum.$cstNode as CstNode & { content: CstNode[] }).content.map(c => c.text), ['(', 'a', '+', '1', ')']);
    });

    it('keeps every composite that is an AST node\'s CST node, and no other but data-type rule calls', () => {
        const text = workflow('var a = 1\nvar b = a + 2 - 3 * -a\nvar c = b > 1 ? "x${a}y" : [a, b].length');
        const result = parse(text);
        const owners = new Set<CstNode>();
        for (const node of [result.value, ...AstUtils.streamAst(result.value)] as AstNode[]) if (node.$cstNode) owners.add(node.$cstNode);
        for (const cst of CstUtils.streamCst(result.value.$cstNode!)) {
            if (!isCompositeCstNode(cst) || owners.has(cst)) continue;
            const rule = (cst.grammarSource as { rule?: { ref?: { dataType?: unknown; name?: string } } } | undefined);
            const source = cst.grammarSource as { terminal?: { rule?: { ref?: { name?: string } } } } | undefined;
            const called = rule?.rule?.ref?.name ?? source?.terminal?.rule?.ref?.name;
            assert.ok(called && ['Name', 'DeclName', 'FunctionName', 'HttpMethod', 'ConnectorKind', 'PrimitiveTypeName'].includes(called), `composite ${JSON.stringify(cst.text)} (${called}) belongs to no AST node`);
        }
        // `a + 2 - 3 * -a` builds two binary nodes from one infix rule: both keep a CST node in the tree.
        const binaries = AstUtils.streamAst(result.value).filter(isBinaryExpression).toArray();
        assert.ok(binaries.length >= 3);
        for (const binary of binaries) assert.ok(binary.$cstNode && binary.$cstNode.root === result.value.$cstNode, 'CST node in the tree');
    });

    for (const [style, lineBreak] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
        it(`places every token of every corpus text at the document's own positions (${style} line breaks)`, () => {
            let checked = 0;
            const multiLine = workflow('/* a\n   block */ var s = """one\n  two ${1}\nthree"""\n\n\tvar t = s');
            const texts = [multiLine, ...loadCorpus().flatMap(entry => Object.values(entry.files))];
            for (const original of texts) {
                const text = original.replace(/\r\n|\r|\n/g, lineBreak);
                const document = TextDocument.create('file:///t.weft', 'weft', 1, text);
                const root = parse(text).value.$cstNode!;
                for (const leaf of leaves(root)) {
                    assert.deepEqual(leaf.range, { start: document.positionAt(leaf.offset), end: document.positionAt(leaf.end) }, `${JSON.stringify(leaf.text)} at ${leaf.offset}`);
                    checked++;
                }
            }
            assert.ok(checked > 1000);
        });
    }

    it('tells comments (hidden, no grammar source) from tokens the grammar consumed', () => {
        const root = parse(`// about W\n${workflow('/** doc */ var a = 1 // trailing')}`).value.$cstNode!;
        const hidden = leaves(root).filter(leaf => leaf.hidden).map(leaf => leaf.text);
        assert.deepEqual(hidden, ['// about W', '/** doc */', '// trailing']);
        for (const leaf of leaves(root)) assert.equal(leaf.hidden, leaf.grammarSource === undefined);
    });
});
