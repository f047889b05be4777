// Robustness property: random edits (inserts, deletes, replacements of random text and of
// grammar-shaped snippets) applied to the corpus one after another never make a request throw
// or exceed its bound. Seeded; WEFT_FUZZ_RUNS / WEFT_FUZZ_SEED lengthen or vary the soak.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCorpus } from './support/corpus.js';
import { runBattery } from './support/request-battery.js';
import { ScratchWorkspace } from './support/scratch-workspace.js';

/** Runs of the property; each applies 1–8 edits (4.5 on average), so the default is about 1,800 edits. */
const RUNS = Number(process.env.WEFT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.WEFT_FUZZ_SEED ?? 20261125);
const BOUND_MS = 2000;

/** Pieces of Weft a user types, whole or in part. */
const SNIPPETS = [
    '->', ' -> ', '[', ']', '{', '}', '(', ')', '"', '"""', '${', '}', '/*', '*/', '/**', '//', ',', ';', ':', '.', '?.', '??',
    'when ', 'otherwise', 'on error', 'on timeout', 'on PaymentDeclined', 'start', 'end', 'task x: http GET "u"',
    'task y: script "s.js" { with { a: 1 } retry 3 times every 1s backoff 2 max 30s jitter }', 'ai z { returns Risk }',
    'join j first cancel', 'fork f', 'wait w for 5m', 'wait e for event "t" correlate event.data.id == 1 timeout 1h',
    'listen l { "a" , timeout 1h }', 'emit m "t" { a: 1 }', 'set s { x = 1 }', 'fail f "msg" code E', 'terminate t',
    'foreach i in [1, 2] as it { start -> end }', 'region r exclusive { start -> end }', 'import "./types.weft"',
    'import "./missing.weft"', 'type T { a: string? }', 'input i: list<map<number>>', 'output o: string', 'var v = 1',
    'secret k = env("K")', 'trigger webhook POST "/x"', 'connector c: http { baseUrl "u" }', 'workflow X { start -> end }',
    'order.items.map(i => i.qty).sum()', 'a ? b : c', 'not x and y or z', 'x in [1, 2]', '"${order.id}"', '250ms', '64MB',
    '1e3', 'true', 'null', 'result', 'event.data', 'trigger.event', 'compensate refund', 'limits { memory 64MB, cpu 2s }',
];

const snippet = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SNIPPETS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    // Any UTF-16 code units, lone surrogates and NULs included (cheaper than fc's 'binary' unit).
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }).map(units => String.fromCharCode(...units)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\s{}()[\]"$\\\-><=.,:;?|a-z0-9]{1,10}$/) },
);

/** A position in [0, 1), uniform: fc.double is weighted towards tiny values (the start of the text). */
const fraction = fc.integer({ min: 0, max: 999_999 }).map(n => n / 1_000_000);

type Edit = { kind: 'insert' | 'delete' | 'replace'; at: number; length: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
    kind: fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const),
    at: fraction,
    length: fc.integer({ min: 1, max: 60 }),
    text: snippet,
});

function apply(text: string, e: Edit): { text: string; cursor: number } {
    const at = Math.floor(e.at * text.length);
    const end = Math.min(text.length, at + e.length);
    switch (e.kind) {
        case 'insert': return { text: text.slice(0, at) + e.text + text.slice(at), cursor: at + e.text.length };
        case 'delete': return { text: text.slice(0, at) + text.slice(end), cursor: at };
        case 'replace': return { text: text.slice(0, at) + e.text + text.slice(end), cursor: at + e.text.length };
    }
}

describe('language services under random edits', function () {
    this.timeout(Math.max(300_000, RUNS * 2_000));

    it(`answer every request after each of ~${RUNS * 4.5} random edits to the corpus (seed ${SEED})`, async () => {
        const corpus = loadCorpus();
        assert.ok(corpus.length >= 2);
        const workspace = new ScratchWorkspace();
        let edits = 0;
        try {
            for (const entry of corpus) {
                for (const [file, text] of Object.entries(entry.files)) await workspace.write(`${entry.name}/${file}`, text);
            }
            await fc.assert(fc.asyncProperty(fc.nat({ max: corpus.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), fraction,
                async (which, script, probe) => {
                    const entry = corpus[which];
                    const path = `${entry.name}/${entry.main}`;
                    let text = entry.files[entry.main];
                    for (const [index, e] of script.entries()) {
                        const next = apply(text, e);
                        text = next.text;
                        const document = await workspace.write(path, text);
                        await runBattery(workspace.services, document, {
                            offsets: [next.cursor, Math.floor(probe * text.length)], boundMs: BOUND_MS,
                            // Document-wide requests (symbols, formatting, tokens, …) after the last edit of a run.
                            documentWide: index === script.length - 1,
                        });
                        edits++;
                    }
                    // Leave the file as it was for the next run.
                    await workspace.write(path, entry.files[entry.main]);
                }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
            assert.ok(edits >= RUNS, `${edits} edits applied`);
        } finally {
            await workspace.dispose();
        }
    });
});
