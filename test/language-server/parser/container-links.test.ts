// Specification of the parser's container linking (language-server/parser/container-links.ts):
// every node knows its container, and a syntax tree too deep for the services after the parser
// is refused with one parser error rather than overflowing the stack somewhere later.
import assert from 'node:assert/strict';
import { AstUtils, EmptyFileSystem } from 'langium';
import { MAX_AST_DEPTH } from '../../../language-server/parser/container-links.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

const parser = createWeftServices(EmptyFileSystem).Weft.parser.LangiumParser;
const memberChain = (length: number) => `workflow W { input o: any\n var x = o${'.a'.repeat(length)} }`;

describe('Parser container links', () => {

    it('links every node of a deep but acceptable tree to its container', () => {
        const result = parser.parse(memberChain(MAX_AST_DEPTH - 50));
        assert.deepEqual(result.parserErrors, []);
        let nodes = 0;
        for (const node of AstUtils.streamAst(result.value)) {
            nodes++;
            if (node === result.value) continue;
            const container = node.$container as unknown as Record<string, unknown>;
            const held = container[node.$containerProperty!];
            assert.equal(Array.isArray(held) ? held[node.$containerIndex!] : held, node);
        }
        assert.ok(nodes > MAX_AST_DEPTH - 50);
    });

    it(`refuses a tree deeper than ${MAX_AST_DEPTH} levels with one "nested too deeply" parser error`, () => {
        const result = parser.parse(memberChain(MAX_AST_DEPTH + 10));
        assert.equal(result.parserErrors.length, 1);
        assert.match(result.parserErrors[0].message, /nested too deeply/);
        assert.ok(AstUtils.streamAst(result.value).count() < 5);
    });
});
