// Specification of the parser's shortcuts (language-server/parser/weft-parser.ts): the Weft
// parser does Langium's per-node bookkeeping its own cheaper way, so on every text — the samples,
// the benchmark workflow, and thousands of randomly edited variants — it must produce exactly
// what Langium's own parser produces: the same AST, container links, CST and errors; the one
// difference is that it builds no composite CST node that ends up belonging to no AST node and
// no data-type rule (Langium's tree with those dissolved is what it is compared with).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LangiumParser } from 'langium';
import { EmptyFileSystem, createLangiumParser } from 'langium';
import { generateSingleFile } from '../../../bench/language/generate-workflows.js';
import { WeftParser } from '../../../language-server/parser/weft-parser.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { loadCorpus } from '../robustness/support/corpus.js';
import { withoutMergedComposites } from './support/merged-composites.js';
import { describeParse } from './support/parse-description.js';

const services = createWeftServices(EmptyFileSystem).Weft;
const weft = services.parser.LangiumParser;
const langium: LangiumParser = createLangiumParser(services);

function assertSameParse(text: string, label: string): void {
    assert.deepEqual(describeParse(weft.parse(text)), describeParse(withoutMergedComposites(langium.parse(text))), label);
}

describe('Weft parser shortcuts', function () {
    // 600 edited texts, each parsed twice with full comparisons: ~14 s on a quiet 2-core machine,
    // which a slow stretch of the host (up to 3×, docs/benchmarks.md "Session 11") took past the
    // suite's 20 s default in one clean-clone CI run of session 12.
    this.timeout(120_000);

    it('is the Weft parser (the shortcuts are in use)', () => {
        assert.ok(weft instanceof WeftParser);
        assert.ok(!(langium instanceof WeftParser));
    });

    it('builds every parser and infix rule with the Weft rule builder', () => {
        assert.deepEqual((weft as WeftParser).rulesLeftToLangium, []);
    });

    it('parses every corpus text exactly as Langium\'s parser does', () => {
        const corpus = loadCorpus();
        let texts = 0;
        for (const entry of corpus) for (const [file, text] of Object.entries(entry.files)) {
            assertSameParse(text, `${entry.name}/${file}`);
            texts++;
        }
        assert.ok(texts >= 10);
    });

    it('parses the 1,000-node benchmark workflow exactly as Langium\'s parser does', () => {
        assertSameParse(generateSingleFile(1000).text, 'bench');
    });

    it('parses randomly edited corpus texts (broken ones included) exactly as Langium\'s parser does', () => {
        const texts = loadCorpus().flatMap(entry => Object.values(entry.files));
        const edit = fc.record({
            text: fc.constantFrom(...texts),
            // Uniform positions (fc.double is weighted towards tiny values, i.e. the start of the text).
            at: fc.integer({ min: 0, max: 999_999 }).map(n => n / 1_000_000),
            length: fc.integer({ min: 0, max: 40 }),
            insert: fc.oneof(fc.constantFrom('->', '{', '}', '"', '${', '[', ']', '(', 'task', ',', '.', ' when ', '= 1'), fc.string({ maxLength: 8 })),
        });
        fc.assert(fc.property(edit, ({ text, at, length, insert }) => {
            const from = Math.floor(at * text.length);
            const edited = text.slice(0, from) + insert + text.slice(Math.min(text.length, from + length));
            assertSameParse(edited, JSON.stringify(edited.slice(Math.max(0, from - 20), from + 20)));
        }), { numRuns: 600, seed: 20261125 });
    });
});
