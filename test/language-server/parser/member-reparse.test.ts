// Specification of the member-only re-parse after an edit (language-server/parser/member-reparse.ts):
// when it answers, its result is indistinguishable from a full parse of the new text (AST, CST
// positions, container links, errors); it keeps every other member's nodes; and it declines
// whenever it cannot be sure.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParseResult } from 'langium';
import { EmptyFileSystem } from 'langium';
import { generateSingleFile } from '../../../bench/language/generate-workflows.js';
import type { Model, Workflow } from '../../../language-server/generated/ast.js';
import { isWorkflow } from '../../../language-server/generated/ast.js';
import { reparseMember } from '../../../language-server/parser/member-reparse.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { loadCorpus } from '../robustness/support/corpus.js';
import { describeParse } from './support/parse-description.js';

const parser = createWeftServices(EmptyFileSystem).Weft.parser.LangiumParser;
const parse = (text: string) => parser.parse<Model>(text);
const workflowOf = (result: ParseResult<Model>) => result.value.declarations.find(isWorkflow) as Workflow;

const bench = generateSingleFile(70).text;
const editAt = bench.indexOf('step: 5 }') + 'step: '.length;
const edited = (text: string, at: number, remove: number, insert: string) => text.slice(0, at) + insert + text.slice(at + remove);

describe('Member-only re-parse', function () {
    // The random-edit comparison takes ~8 s alone: more room than mocha's 20 s default on a loaded machine.
    this.timeout(120_000);

    it('re-parses an edit inside one member as a full parse would', () => {
        const text = edited(bench, editAt, 1, '42');
        const result = reparseMember(parser, parse(bench), text);
        assert.ok(result);
        assert.deepEqual(describeParse(result), describeParse(parse(text)));
    });

    it('keeps the nodes of every other member and gives a new root and workflow', () => {
        const previous = parse(bench);
        const before = [...workflowOf(previous).members];
        const result = reparseMember(parser, previous, edited(bench, editAt, 1, '7'))!;
        const after = workflowOf(result).members;
        const changed = after.filter((member, i) => member !== before[i]);
        assert.equal(changed.length, 1);
        assert.equal(after.length, before.length);
        assert.notEqual(result.value, previous.value);
        assert.notEqual(workflowOf(result), workflowOf(previous));
    });

    it('shifts the positions after the member by added lines and characters', () => {
        const text = edited(bench, editAt, 1, '1,\n   extra: 2\n  ');
        const result = reparseMember(parser, parse(bench), text);
        assert.ok(result);
        assert.deepEqual(describeParse(result), describeParse(parse(text)));
    });

    it('counts lines as a full parse does in a file with CRLF line ends', () => {
        const crlf = bench.replace(/\n/g, '\r\n');
        const at = crlf.indexOf('step: 5 }') + 'step: '.length;
        const text = edited(crlf, at, 1, '1,\r\n   extra: 2\r\n  ');
        const result = reparseMember(parser, parse(crlf), text);
        assert.ok(result);
        assert.deepEqual(describeParse(result), describeParse(parse(text)));
    });

    it('declines an edit that spans two members, touches a member edge, or breaks the member', () => {
        const between = bench.indexOf('  task enrich5');
        assert.equal(reparseMember(parser, parse(bench), edited(bench, between - 3, 6, '')), undefined, 'spans two members');
        assert.equal(reparseMember(parser, parse(bench), edited(bench, between + 2, 0, 'x')), undefined, 'at a member start');
        assert.equal(reparseMember(parser, parse(bench), edited(bench, editAt, 1, '{')), undefined, 'syntax error');
        assert.equal(reparseMember(parser, parse(bench), bench), undefined, 'no change');
    });

    it('declines when the previous parse had errors', () => {
        const broken = edited(bench, editAt, 1, '{');
        assert.ok(parse(broken).parserErrors.length > 0);
        assert.equal(reparseMember(parser, parse(broken), edited(broken, 10, 0, ' ')), undefined);
    });

    it('answers exactly as a full parse on random edits of the corpus and the benchmark workflow', () => {
        const texts = [...loadCorpus().flatMap(entry => Object.values(entry.files)), bench].filter(t => parse(t).parserErrors.length === 0 && parse(t).lexerErrors.length === 0);
        let incremental = 0;
        let runs = 0;
        const edit = fc.record({
            text: fc.constantFrom(...texts),
            // Uniform positions (fc.double is weighted towards tiny values, i.e. the start of the text).
            at: fc.integer({ min: 0, max: 999_999 }).map(n => n / 1_000_000),
            remove: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
            insert: fc.oneof(
                // Typing: one character (most edits while a user types).
                { weight: 3, arbitrary: fc.constantFrom('1', 'x', 'a', '_', ' ', '0', 'e') },
                fc.constantFrom('1', 'x', ' ', '\n', '"', '${a}', '[', ']', '{', '}', ',', '.b', ' + 2', '\n  task t: http GET "u"\n', '/* c */', '// c\n', 'when ', '->'),
                fc.string({ maxLength: 6 }),
            ),
        });
        fc.assert(fc.property(edit, ({ text, at, remove, insert }) => {
            const from = Math.floor(at * text.length);
            const next = edited(text, from, remove, insert);
            const result = reparseMember(parser, parse(text), next);
            runs++;
            if (!result) return;
            incremental++;
            assert.deepEqual(describeParse(result), describeParse(parse(next)), JSON.stringify(next.slice(Math.max(0, from - 30), from + 30)));
        }), { numRuns: 1500, seed: 20261125 });
        // Most random edits break the member (a full parse then reports the error) or fall between members.
        assert.ok(incremental > runs / 10, `only ${incremental} of ${runs} edits were re-parsed member-only`);
    });
});
