// Specification of Weft semantic highlighting (language-server/lsp/weft-semantic-token-provider.ts):
// each `<|…|>` range is one expected token, checked for its type and modifiers.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { expectSemanticToken, highlightHelper } from 'langium/test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const services = createWeftServices(EmptyFileSystem).Weft;
const highlight = highlightHelper(services);
const modifierBits = services.lsp.SemanticTokenProvider!.tokenModifiers;

function modifiers(bits: number): string[] {
    return Object.entries(modifierBits).filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name).sort();
}

describe('Weft semantic tokens', () => {
    it('give node names, workflows, types, durations and the edge operator their types', async () => {
        const result = await highlight([
            'type <|Order|> { id: <|string|> }',
            'workflow <|W|> {',
            '  input order: <|Order|>',
            '  task <|fetch|>: http GET "https://x.test" { timeout <|5s|> }',
            '  start <|->|> <|fetch|> -> end',
            '}',
        ].join('\n'));
        const expected = [SemanticTokenTypes.type, SemanticTokenTypes.type, SemanticTokenTypes.class, SemanticTokenTypes.type,
            SemanticTokenTypes.function, SemanticTokenTypes.number, SemanticTokenTypes.operator, SemanticTokenTypes.function];
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(result, { rangeIndex, tokenType }));
        assert.deepEqual(result.tokens.filter(t => t.text === 'task').map(t => t.tokenType), [SemanticTokenTypes.keyword]);
    });

    it('tell inputs, vars, outputs and secrets apart by type and modifier where they are used', async () => {
        const result = await highlight([
            'workflow W {',
            '  input a: number',
            '  var b: number = 0',
            '  output c: number',
            '  secret d = env("D")',
            '  set s { <|c|> = <|a|> + <|b|> + len(<|d|>) }',
            '}',
        ].join('\n'));
        const byText = (text: string) => result.tokens.find(t => t.text === text && t.offset > 80)!;
        assert.deepEqual([byText('c').tokenType, modifiers(byText('c').tokenModifiers)], [SemanticTokenTypes.property, ['modification', 'output']]);
        assert.deepEqual([byText('a').tokenType, modifiers(byText('a').tokenModifiers)], [SemanticTokenTypes.parameter, ['input', 'readonly']]);
        assert.deepEqual([byText('b').tokenType, modifiers(byText('b').tokenModifiers)], [SemanticTokenTypes.variable, []]);
        assert.deepEqual([byText('d').tokenType, modifiers(byText('d').tokenModifiers)], [SemanticTokenTypes.variable, ['readonly', 'secret']]);
    });

    it('mark standard-library functions, context words and event types', async () => {
        const result = await highlight([
            'workflow W {',
            '  input xs: list<number>',
            '  trigger event <|"order.created"|> where <|event|>.data.total > 0',
            '  var n = <|len|>(xs) + xs.<|sum|>()',
            '}',
        ].join('\n'));
        expectSemanticToken(result, { rangeIndex: 0, tokenType: SemanticTokenTypes.event });
        expectSemanticToken(result, { rangeIndex: 1, tokenType: SemanticTokenTypes.variable });
        expectSemanticToken(result, { rangeIndex: 2, tokenType: SemanticTokenTypes.function });
        expectSemanticToken(result, { rangeIndex: 3, tokenType: SemanticTokenTypes.method });
        const len = result.tokens.find(t => t.text === 'len')!;
        assert.deepEqual(modifiers(len.tokenModifiers), ['defaultLibrary']);
    });

    it('publish the Weft modifiers in the legend after the standard ones', () => {
        const legend = services.lsp.SemanticTokenProvider!.semanticTokensOptions.legend.tokenModifiers;
        assert.deepEqual(legend.slice(-3), ['input', 'output', 'secret']);
    });
});
