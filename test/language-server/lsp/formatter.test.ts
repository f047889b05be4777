// Specification of the Weft formatter (language-server/lsp/weft-formatter.ts): the canonical
// layout rules, comment preservation, the documents it refuses to touch, range formatting, and
// idempotence over the samples and over randomly re-spaced variants of them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { expectFormatting, parseHelper } from 'langium/test';
import type { WeftFormatter } from '../../../language-server/lsp/weft-formatter.js';
import { lexTokens } from '../../../language-server/lsp/formatter/format-tokens.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { samplesDir } from '../../support/paths.js';
import { LANGUAGE_MD_TYPES, LANGUAGE_MD_WORKFLOW } from '../../support/language-md-example.js';

/** Constructs whose layout is easy to get wrong, for the idempotence properties. */
const TRICKY = [
    '// leading comment',
    'import "./a.weft"; import "./b.weft"',
    '',
    '/** Doc',
    ' *  with lines. */',
    'type T = list<map<string?>> | "a"',
    'type U { /* inline */ a: string, b: list<list<T>>? }',
    'workflow W {',
    '  input xs: list<number> = [1, -2, - 3] // trailing',
    '  var o = { "quoted key": xs?.[0] ?? -xs[1], nested: { deep: [[1], [2, 3]] } }',
    '  var f = xs.map((x, i) => x * -i).filter(x => not (x > 2 and x < 5)).sum()',
    '  var s = "a \\"${o.nested.deep[0][0]}\\" b ${ len("${xs}") } c"',
    '  var t = """',
    '      line ${xs.sum()}',
    '        indented',
    '      """',
    '  task run: script """',
    '    export default (input) => { return { ok: true } }',
    '  """ {',
    '    with { xs: xs }, limits { memory 64MB, cpu 2s, concurrency 2 }',
    '    retry 3 times every 250ms backoff 1.5 max 2s jitter unless Fatal, Bad',
    '    cache for 10m key xs',
    '  }',
    '  listen l { "a.done" correlate event.data.id == 1, "b.failed", timeout 1h }',
    '  foreach each in xs as x concurrency 2 until x > 3 {',
    '    set step { o = x }',
    '    start -> step -> end',
    '  }',
    '  region r exclusive { fork split',
    '    start -> split }',
    '  wait w for event "e" transient where event.data.ok correlate event.data.id == 1 timeout 5m',
    '  join j 2 cancel',
    '  start -> run -> [l, each] -> j; run -> w when run.ok; [r, w] -> j',
    '  l -> end on "a.done"',
    '  run -> end on error',
    '}',
].join('\n') + '\n';

const services = createWeftServices(EmptyFileSystem).Weft;
const formatter = services.lsp.Formatter as WeftFormatter;
const parse = parseHelper(services);
const formatting = expectFormatting(services);

async function format(text: string): Promise<string | undefined> {
    return formatter.layout(await parse(text))?.text;
}

describe('Weft formatter', () => {
    describe('layout', () => {
        it('indents workflow bodies by two spaces and puts one member per line', async () => {
            await formatting({
                before: 'workflow W {input a: number   output b: number\n      task t: http GET "https://x.test" start -> t -> end}',
                after: 'workflow W {\n  input a: number\n  output b: number\n  task t: http GET "https://x.test"\n  start -> t -> end\n}\n',
            });
        });

        it('keeps a block written on one line on one line, spaced canonically', async () => {
            await formatting({
                before: 'type Item {sku:string,qty :number}\n',
                after: 'type Item { sku: string, qty: number }\n',
            });
        });

        it('breaks a block written over several lines into one entry per line', async () => {
            await formatting({
                before: 'type Order { id: string, total: number\n  items: list< Item >  }\ntype Item { sku: string }\n',
                after: 'type Order {\n  id: string,\n  total: number\n  items: list<Item>\n}\ntype Item { sku: string }\n',
            });
        });

        it('nests broken blocks and keeps inline ones inside them', async () => {
            await formatting({
                before: [
                    'workflow W {',
                    'task charge: payments.post( "/charges" ) {',
                    '     with { amount: 1 , currency: "EUR" }',
                    '   retry 5 times every 1s backoff 2 max 30s jitter unless PaymentDeclined',
                    '}',
                    '  connector payments: http { baseUrl "https://p.test" }',
                    '}',
                ].join('\n'),
                after: [
                    'workflow W {',
                    '  task charge: payments.post("/charges") {',
                    '    with { amount: 1, currency: "EUR" }',
                    '    retry 5 times every 1s backoff 2 max 30s jitter unless PaymentDeclined',
                    '  }',
                    '  connector payments: http { baseUrl "https://p.test" }',
                    '}',
                    '',
                ].join('\n'),
            });
        });

        it('spaces operators, and writes calls, members, indexes, unary minus and optionals tightly', async () => {
            await formatting({
                before: 'workflow W { var x: number? = - len( a . b[0] ) +a?.c*2 ?? 1   var y = a?b:c  var z = (i)=>i.qty }',
                after: 'workflow W {\n  var x: number? = -len(a.b[0]) + a?.c * 2 ?? 1\n  var y = a ? b : c\n  var z = (i) => i.qty\n}\n',
            });
        });

        it('keeps one edge per line, fan-in groups spaced as lists', async () => {
            await formatting({
                before: 'workflow W { start->a->[ b,c ]->j   a -> end when x.ok ; [b, c] -> end }',
                after: 'workflow W {\n  start -> a -> [b, c] -> j\n  a -> end when x.ok;\n  [b, c] -> end\n}\n',
            });
        });

        it('breaks only at the separators of the block, not at commas inside an entry', async () => {
            await formatting({
                before: 'workflow W {\ntask t: http GET "https://x.test" {\n  retry 2 times unless Fatal, Bad, timeout 5s\n}\n}',
                after: 'workflow W {\n  task t: http GET "https://x.test" {\n    retry 2 times unless Fatal, Bad,\n    timeout 5s\n  }\n}\n',
            });
        });

        it('keeps at most one blank line between members and none at the edges of a block', async () => {
            await formatting({
                before: 'workflow W {\n\n\n  input a: number\n\n\n\n  input b: number\n\n}\n\n\n',
                after: 'workflow W {\n  input a: number\n\n  input b: number\n}\n',
            });
        });

        it('writes template interpolations without inner spaces', async () => {
            await formatting({
                before: 'workflow W { fail f "Order ${ order.id } of ${ customer }" }',
                after: 'workflow W {\n  fail f "Order ${order.id} of ${customer}"\n}\n',
            });
        });

        it('moves a triple-quoted string with its block without changing its text', async () => {
            await formatting({
                before: 'workflow W {\nai a {\nprompt """\n        Rate this order.\n          ${order}\n    """\n}\n}',
                after: 'workflow W {\n  ai a {\n    prompt """\n      Rate this order.\n        ${order}\n    """\n  }\n}\n',
            });
        });

        it('leaves a triple-quoted string whose first line holds text as written', async () => {
            await formatting({
                before: 'workflow W {\nvar s = """a\n   b"""\n}',
                after: 'workflow W {\n  var s = """a\n   b"""\n}\n',
            });
        });

        it('leaves a file that is already formatted unchanged (the LANGUAGE.md types)', async () => {
            const text = LANGUAGE_MD_TYPES.trimStart().replace('note: string?            // optional', 'note: string? // optional');
            assert.equal(await format(text), text);
        });
    });

    describe('comments', () => {
        it('keeps line, block and doc comments with their text, on their own line or trailing', async () => {
            await formatting({
                before: [
                    '// file header',
                    '/** An item. */',
                    'type Item {',
                    '  sku: string    // the stock unit',
                    '      /* quantity',
                    '         ordered */',
                    '  qty: number',
                    '}',
                ].join('\n'),
                after: [
                    '// file header',
                    '/** An item. */',
                    'type Item {',
                    '  sku: string // the stock unit',
                    '  /* quantity',
                    '     ordered */',
                    '  qty: number',
                    '}',
                    '',
                ].join('\n'),
            });
        });

        it('breaks a one-line block that ends in a line comment', async () => {
            await formatting({
                before: 'type T { a: string // note\n}',
                after: 'type T {\n  a: string // note\n}\n',
            });
        });

        it('keeps a comment that is the last thing in a block inside it', async () => {
            await formatting({
                before: 'workflow W {\n  input a: number\n      // later: more inputs\n}',
                after: 'workflow W {\n  input a: number\n  // later: more inputs\n}\n',
            });
        });
    });

    describe('documents it does not change', () => {
        it('returns no edits for a document with syntax errors', async () => {
            const document = await parse('workflow W {\n   input a: \n task t: http GET "x"');
            assert.deepEqual(await formatter.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } }), []);
        });

        it('returns no edits for a formatted document', async () => {
            const document = await parse('workflow W {\n  input a: number\n}\n');
            assert.deepEqual(await formatter.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } }), []);
        });
    });

    describe('range formatting', () => {
        it('changes only the lines inside the range', async () => {
            await formatting({
                before: 'workflow W {\ninput   a: number\ninput   b: number\n}\n',
                range: { start: { line: 2, character: 0 }, end: { line: 2, character: 16 } },
                after: 'workflow W {\ninput   a: number\ninput b: number\n}\n',
            });
        });
    });

    describe('idempotence', () => {
        const corpus = [
            { name: 'LANGUAGE.md', text: LANGUAGE_MD_TYPES + LANGUAGE_MD_WORKFLOW.replace('import "./types.weft"', '') },
            { name: 'tricky constructs', text: TRICKY },
            ...sampleFiles().map(file => ({ name: path.basename(file), text: readFileSync(file, 'utf8') })),
        ];

        for (const { name, text } of corpus) {
            it(`formatting ${name} twice gives the same text as once`, async () => {
                const once = await format(text);
                assert.ok(once !== undefined, `${name} could not be formatted`);
                assert.equal(await format(once), once);
            });
        }

        it('holds for random re-spacings of the corpus, which format to the same program', async () => {
            const tokenised = corpus.map(({ text }) => ({ text, tokens: lexTokens(services.parser.Lexer, text)! }));
            const gapChoices = [' ', '  ', '\n', '\n\n\n', ' \n    ', '\t', '\n  \n'];
            await fc.assert(fc.asyncProperty(
                fc.integer({ min: 0, max: tokenised.length - 1 }),
                fc.array(fc.integer({ min: 0, max: gapChoices.length - 1 }), { minLength: 50, maxLength: 50 }),
                fc.integer({ min: 1, max: 5 }),
                async (which, picks, every) => {
                    const { text, tokens } = tokenised[which];
                    let out = '';
                    tokens.forEach((token, i) => {
                        const prevEnd = i === 0 ? 0 : tokens[i - 1].end;
                        const gap = text.slice(prevEnd, token.start);
                        let replacement = gap;
                        if (gap !== '' && i % every === 0) {
                            replacement = gapChoices[picks[i % picks.length]];
                            if (gap.includes('\n') && tokens[i - 1]?.type === 'SL_COMMENT' && !replacement.includes('\n')) replacement = '\n';
                        }
                        out += replacement + token.image;
                    });
                    const document = await parse(out);
                    fc.pre(document.parseResult.parserErrors.length === 0);
                    const once = formatter.layout(document)?.text;
                    assert.ok(once !== undefined, 'a parsable re-spacing could not be formatted');
                    assert.equal(await format(once), once);
                },
            ), { numRuns: 150 });
        });
    });
});

function sampleFiles(): string[] {
    try {
        return readdirSync(samplesDir, { recursive: true, encoding: 'utf8' })
            .filter(f => f.endsWith('.weft') && !f.startsWith('.')).map(f => path.join(samplesDir, f)).sort();
    } catch {
        return [];
    }
}
