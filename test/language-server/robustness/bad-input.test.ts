// Robustness specification: the language services answer every request about hostile text —
// unterminated strings and comments, half-typed edges, deleted and cyclic imports, a 1 MB file,
// binary garbage, deep nesting — without throwing and within a time bound.
import assert from 'node:assert/strict';
import { ScratchWorkspace } from './support/scratch-workspace.js';
import { runBattery, spreadOffsets, type RequestTiming } from './support/request-battery.js';
import { binaryGarbage, largeWorkflow, latin1Garbage, nestedExpression } from './support/bad-inputs.js';
import { ORDER_TYPES, ORDER_WORKFLOW } from './support/corpus.js';

/** Longest a request may take on a small document (2-core CI machine, cold paths included). */
const BOUND_MS = 2000;

async function answersEverything(text: string, options: { boundMs?: number; offsets?: number[] } = {}): Promise<RequestTiming[]> {
    const workspace = new ScratchWorkspace();
    try {
        const document = await workspace.write('main.weft', text);
        const timings = await runBattery(workspace.services, document, {
            offsets: options.offsets ?? spreadOffsets(text), boundMs: options.boundMs ?? BOUND_MS,
        });
        assert.ok(timings.some(t => t.request === 'completion'), 'completion was asked');
        return timings;
    } finally {
        await workspace.dispose();
    }
}

const workflow = (body: string) => `workflow W {\n  task a: http GET "https://example.com"\n  task b: http GET "https://example.com"\n${body}\n}\n`;

describe('language services on hostile text', function () {
    this.timeout(120_000);

    describe('unterminated tokens', () => {
        const cases: Record<string, string> = {
            'a string': workflow('  var s = "never closed\n  a -> b'),
            'a string at the end of the file': 'workflow W { var s = "never closed',
            'a triple-quoted string': workflow('  ai x { prompt """\n    text that never ends\n  a -> b'),
            'an interpolation': workflow('  var s = "value ${a.body'),
            'an interpolation in a triple-quoted string': workflow('  ai x { prompt """ ${ a.body '),
            'an inline script': workflow('  task s: script """export default () => 1\n  a -> s'),
            'a block comment': workflow('  /* no end\n  a -> b'),
            'a doc comment': '/** documents nothing',
            'a block': 'workflow W { task a: http GET "u" { with { x: [1, 2, ',
            'an object in a guard': workflow('  a -> b when { x: '),
        };
        for (const [name, text] of Object.entries(cases)) {
            it(`answers with ${name}`, async () => { await answersEverything(text); });
        }
    });

    describe('half-typed edges', () => {
        const cases = ['a ->', '-> b', 'a -> [', 'a -> [b,', '[a, b] ->', 'a -> b when', 'a -> b when a.', 'a -> b on',
            'a -> b otherwise when', 'a -> -> b', 'a -> b -> when a.status ==', 'a -> b when a.body?.', 'start -> end -> start ->'];
        for (const edge of cases) {
            it(`answers with \`${edge}\``, async () => {
                const text = workflow(`  ${edge}`);
                await answersEverything(text, { offsets: [text.indexOf(edge) + edge.length, ...spreadOffsets(text, 2)] });
            });
        }
    });

    describe('parts cut short (found by the random-edits property)', () => {
        // The parser reports these; the type checker, the checks and the inlay hints must then
        // take the missing operand or type as unknown instead of failing (a failing check is
        // caught and logged, and loses its diagnostics).
        const cases: Record<string, string> = {
            'a binary operator without its right operand': workflow('  var x = 1 +\n  set s { x = x + }\n  a -> s'),
            'a lambda without a body in a call': workflow('  var xs = [1]\n  set s { xs = xs.map(i => ) }\n  a -> s'),
            'a unary operator without its operand': workflow('  var x = -\n  var y = not\n  set s { x = - }'),
            'a conditional without its else branch': workflow('  var x = true ? 1 :\n  set s { x = true ? 1 : }'),
            'an index without its index': workflow('  var x = [1][\n  set s { x = [1][ }'),
            'an object entry without its value': workflow('  var x = { k: }\n  set s { x = { k: } }'),
            'a list type without its element type': 'workflow W {\n  input i: list<\n  var v = i\n}\n',
            'an import path with a lone surrogate': 'import "./\uD800x"\nworkflow W { start -> end }\n',
        };
        for (const [name, text] of Object.entries(cases)) {
            it(`answers on ${name}, and no check fails`, async () => {
                const failures: string[] = [];
                const original = console.error;
                console.error = (...args: unknown[]) => { failures.push(args.map(String).join(' ')); };
                try {
                    await answersEverything(text);
                } finally {
                    console.error = original;
                }
                assert.deepEqual(failures.filter(f => f.startsWith('Weft validation:')), []);
            });
        }
    });

    describe('imports', () => {
        it('answers after an imported file is deleted', async () => {
            const workspace = new ScratchWorkspace();
            await workspace.write('types.weft', ORDER_TYPES);
            const before = await workspace.write('orders.weft', ORDER_WORKFLOW);
            assert.equal(before.diagnostics?.filter(d => d.severity === 1).length, 0, 'the order workflow is valid while its types exist');
            await workspace.remove('types.weft');
            const after = workspace.document('orders.weft');
            await runBattery(workspace.services, after, { offsets: spreadOffsets(ORDER_WORKFLOW, 10), boundMs: BOUND_MS });
            assert.ok((after.diagnostics ?? []).some(d => d.severity === 1), 'a deleted import leaves errors, not silence');
            await workspace.dispose();
        });

        it('answers with an import of a file that does not exist', async () => {
            await answersEverything('import "./nowhere.weft"\nimport "../../../../etc/passwd"\nimport ""\n' + workflow('  a -> b'));
        });

        it('answers with an import cycle through three files and a self-import', async () => {
            const workspace = new ScratchWorkspace();
            await workspace.write('a.weft', 'import "./b.weft"\ntype A { b: B }\n');
            await workspace.write('b.weft', 'import "./c.weft"\ntype B { c: C }\n');
            await workspace.write('self.weft', 'import "./self.weft"\ntype S { s: S? }\n');
            const c = await workspace.write('c.weft', 'import "./a.weft"\ntype C { a: A? }\nworkflow W { input a: A\n start -> end }\n');
            for (const name of ['a.weft', 'b.weft', 'c.weft', 'self.weft']) {
                const document = workspace.document(name);
                await runBattery(workspace.services, document, { offsets: spreadOffsets(document.textDocument.getText()), boundMs: BOUND_MS });
            }
            assert.ok(c.diagnostics !== undefined);
            await workspace.dispose();
        });
    });

    describe('size and garbage', () => {
        // Bounds for 1 MB are hang detectors, not performance targets (bench/language measures speed).
        it('answers on a 1 MB workflow within a larger bound', async () => {
            const text = largeWorkflow(1_000_000);
            assert.ok(text.length >= 990_000);
            await answersEverything(text, { boundMs: 60_000, offsets: [text.length >> 1] });
        });

        it('answers on 1 MB of one line', async () => {
            const text = 'workflow W { var x = "' + 'x'.repeat(1_000_000) + '" }';
            await answersEverything(text, { boundMs: 60_000, offsets: [0, 500_000, text.length] });
        });

        for (const seed of [1, 2, 3]) {
            it(`answers on 16 KB of random UTF-16 (seed ${seed})`, async () => {
                await answersEverything(binaryGarbage(16_384, seed), { boundMs: 10_000 });
            });
            it(`answers on 16 KB of random bytes read as Latin-1 (seed ${seed})`, async () => {
                await answersEverything(latin1Garbage(16_384, seed), { boundMs: 10_000 });
            });
        }

        it('answers on 64 KB of random UTF-16', async () => {
            await answersEverything(binaryGarbage(65_536, 4), { boundMs: 30_000, offsets: [0, 32_768, 65_536] });
        });

        it('answers on garbage inside a valid workflow', async () => {
            await answersEverything(workflow(`  ${binaryGarbage(2000, 9)}\n  a -> b`));
        });

        const oddities: Record<string, string> = {
            'an empty file': '',
            'only whitespace': ' \n\t\r\n   ',
            'only comments': '// a\n/* b */\n/** c */\n',
            'CRLF line ends': workflow('  a -> b').replace(/\n/g, '\r\n'),
            'lone CR line ends': workflow('  a -> b').replace(/\n/g, '\r'),
            'a byte order mark': '\uFEFF' + workflow('  a -> b'),
            'emoji and right-to-left names': workflow('  task 💥: http GET "🚀"\n  var שלום = "עולם"\n  a -> 💥'),
            'NUL characters': workflow('  a\u0000 -> b\u0000'),
            'every keyword in a row': 'import type connector workflow version input output var secret trigger manual webhook schedule tz event where http task script with timeout retry times every backoff max jitter unless limits cache for key compensate lock set idempotent body headers query ai model prompt system temperature maxTokens returns approval ask assignee wait transient correlate until listen emit join all first cancel fork fail code terminate foreach in as concurrency region exclusive start end when otherwise on error and or not true false null result list map string number boolean duration size any GET POST',
            'duplicate workflows and nodes': workflow('  task a: http GET "x"\n  a -> a') + workflow('  a -> b'),
            'a workflow without a name': 'workflow { start -> end }\nworkflow',
            'huge numbers and durations': workflow('  var n = 1e999999\n  task c: http GET "x" { timeout 99999999999999999999d retry 99999999999999999999 times every 0ms }'),
        };
        for (const [name, text] of Object.entries(oddities)) {
            it(`answers on ${name}`, async () => { await answersEverything(text); });
        }
    });

    describe('deep nesting', () => {
        const shapes: Record<string, [string, string]> = {
            parentheses: ['(', ')'],
            lists: ['[', ']'],
            objects: ['{ a: ', ' }'],
            'negations': ['not ', ''],
            'unary minus': ['- ', ''],
            'interpolations': ['"${', '}"'],
            'conditionals': ['true ? ', ' : 0'],
            'lambdas': ['x => ', ''],
        };
        for (const [name, [open, close]] of Object.entries(shapes)) {
            for (const depth of [200, 3000]) {
                it(`answers on ${name} nested ${depth} deep`, async () => {
                    await answersEverything(nestedExpression(open, close, depth), { boundMs: 10_000 });
                });
            }
        }

        it('reports brackets nested too deeply as one parser error at the deep bracket', async () => {
            const workspace = new ScratchWorkspace();
            const text = `workflow Deep {\n  task a: http GET "u"\n  var deep = ${'('.repeat(500)}1${')'.repeat(500)}\n  start -> a -> end\n}\n`;
            const document = await workspace.write('main.weft', text);
            const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
            const nesting = errors.find(d => /nested too deeply/.test(String(d.message)));
            assert.ok(nesting, `a nesting error among ${JSON.stringify(errors.map(e => String(e.message)))}`);
            assert.equal(nesting.range.start.line, 2);
            // The workflow's `{` is the first level, so the 33rd is the 32nd parenthesis.
            assert.equal(nesting.range.start.character, '  var deep = '.length + 31);
            const nodes = workspace.services.lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
            assert.ok(nodes !== undefined, 'the rest of the file is still read');
            await workspace.dispose();
        });

        it('answers on a flat chain of 20,000 operators', async () => {
            await answersEverything(`workflow W { var x = ${Array.from({ length: 20_000 }, (_, i) => String(i)).join(' + ')} }`, { boundMs: 10_000 });
        });

        it('answers on a chain of 5,000 member accesses', async () => {
            await answersEverything(`workflow W { input o: any\n var x = o${'.a'.repeat(5000)} }`, { boundMs: 10_000 });
        });
    });
});
