// Parsing specification of the Weft grammar: the LANGUAGE.md examples parse without errors,
// and the lexical decisions (fan-in `[`, template strings, keywords as names, precedence)
// produce the intended trees. Parsing only: linking and validation have their own tests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type {
    BinaryExpression, EdgeChain, IndexExpression, LogicalExpression, MemberExpression, Model, TaskNode,
    TemplateLiteral, UnaryExpression, VarDeclaration, WhenGuard, Workflow,
} from '../../language-server/generated/ast.js';
import { WeftLanguageMetaData } from '../../language-server/generated/module.js';
import { createWeftServices } from '../../language-server/weft-module.js';
import { samplesDir } from '../support/paths.js';
import { LANGUAGE_MD_TYPES, LANGUAGE_MD_WORKFLOW } from '../support/language-md-example.js';

const services = createWeftServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Weft);

function errorsOf(document: LangiumDocument<Model>): string[] {
    return [
        ...document.parseResult.lexerErrors.map(e => `lexer ${e.line}:${e.column} ${e.message}`),
        ...document.parseResult.parserErrors.map(e => `parser ${e.token.startLine}:${e.token.startColumn} ${e.message}`),
    ];
}

async function parseClean(text: string): Promise<Model> {
    const document = await parse(text);
    assert.deepEqual(errorsOf(document), []);
    return document.parseResult.value;
}

function workflowOf(model: Model): Workflow {
    return model.declarations.find((d): d is Workflow => d.$type === 'Workflow')!;
}

/** The initial value of `var probe = …` in a workflow holding only that. */
async function probe(expression: string) {
    const model = await parseClean(`workflow W { var probe = ${expression} }`);
    return (workflowOf(model).members[0] as VarDeclaration).initial!;
}

describe('Weft grammar', () => {

    describe('the LANGUAGE.md examples', () => {
        it('parses the types of §2 without errors', async () => {
            const model = await parseClean(LANGUAGE_MD_TYPES);
            assert.equal(model.declarations.length, 3);
        });

        it('parses the workflow of §3 without errors', async () => {
            const model = await parseClean(LANGUAGE_MD_WORKFLOW);
            const workflow = workflowOf(model);
            assert.equal(workflow.name, 'OrderFulfilment');
            const edges = workflow.members.filter((m): m is EdgeChain => m.$type === 'EdgeChain');
            assert.equal(edges.length, 8);
        });

        it('parses every node kind of §3.2', async () => {
            await parseClean(`
              workflow Kinds {
                task a: script """
                  export default (w) => \`\${w.x}\`;
                """
                task b: workflow Kinds { with { } }
                wait t1 for 10m
                wait t2 until now()
                wait e1 for event "x.done" transient where event.data.ok correlate event.id == "1" timeout 5m
                listen l { "a.done" correlate event.data.id == 1, "b.failed", timeout 1h }
                emit em "thing.happened" { id: 1 }
                set s { }
                set s2 { n = 1, m = 2 }
                join j1 all cancel
                join j2 first
                join j3 2
                fork f
                fail boom "bad" code Broken
                terminate stop
                foreach fe in [1, 2, 3] as item concurrency 2 until item > 2 {
                  task inner: script "x.js" { with { item: item } }
                  start -> inner -> end
                }
                region r exclusive {
                  set rs { }
                }
                l -> a on "a.done"
                l -> b on "b.failed"
                a -> end on error
              }
            `);
        });

        it('accepts task options in any order, with or without commas', async () => {
            await parseClean(`
              workflow Options {
                var hits: number = 0
                task t: http GET "https://example.com" {
                  idempotent, lock "db"
                  cache for 5m key { id: 1 }
                  set hits = hits + 1
                  headers { "X-Id": "1" } query { q: "a" }
                  retry 3 times
                  with { a: 1 b: 2 }
                }
              }
            `);
        });
    });

    describe('fan-in after a guarded edge', () => {
        it('reads `[` on a new line as a fan-in group, not an index of the guard', async () => {
            const model = await parseClean(`
              workflow W {
                a -> b when ok
                [a, b] -> j
              }
            `);
            const chains = workflowOf(model).members as EdgeChain[];
            assert.equal(chains.length, 2);
            assert.equal((chains[0].guard as WhenGuard).condition.$type, 'ReferenceExpression');
            assert.deepEqual(chains[1].groups[0].endpoints.map(e => e.node?.$refText), ['a', 'b']);
        });

        it('reads `[` directly after a name as an index', async () => {
            const value = await probe('items[0]');
            assert.equal(value.$type, 'IndexExpression');
            assert.equal((value as IndexExpression).optional, false);
        });

        it('accepts `;` as a statement terminator', async () => {
            const model = await parseClean('workflow W { a -> b when ok; [a, b] -> j; }');
            assert.equal(workflowOf(model).members.length, 2);
        });
    });

    describe('template strings', () => {
        it('splits an interpolated string into text pieces and expressions', async () => {
            const value = await probe('"Order ${order.id} of ${ {a: 1}.a } done"') as TemplateLiteral;
            assert.equal(value.$type, 'TemplateLiteral');
            assert.equal(value.parts.length, 2);
            assert.equal(value.parts[1].$type, 'MemberExpression');
        });

        it('nests templates inside interpolations', async () => {
            const value = await probe('"a ${ "b ${c} d" } e"') as TemplateLiteral;
            assert.equal(value.parts[0].$type, 'TemplateLiteral');
        });

        it('handles adjacent interpolations, a lone `$`, escaped quotes and braces of objects inside', async () => {
            const value = await probe('"${a}${b} costs $5 \\"${ { k: { n: 1 } }.k.n }\\""') as TemplateLiteral;
            assert.equal(value.parts.length, 3);
            assert.deepEqual(value.parts.map(p => p.$type), ['ReferenceExpression', 'ReferenceExpression', 'MemberExpression']);
        });

        it('interpolates inside triple-quoted strings, quotes included', async () => {
            const value = await probe('"""\n  say "${name}" and ""${x}""\n"""') as TemplateLiteral;
            assert.equal(value.$type, 'TemplateLiteral');
            assert.equal(value.parts.length, 2);
        });

        it('decodes escapes of a plain string', async () => {
            const value = await probe('"tab\\tquote\\" dollar\\${x}"');
            assert.equal(value.$type, 'StringLiteral');
            assert.equal((value as { value: string }).value, 'tab\tquote" dollar${x}');
        });

        it('strips the common indentation of a triple-quoted string', async () => {
            const value = await probe('"""\n      line one\n        line two\n    """');
            assert.equal((value as { value: string }).value, 'line one\n  line two');
        });
    });

    describe('keywords as names', () => {
        it('allows keywords as member names and object keys', async () => {
            const value = await probe('{ timeout: charge.body.timeout, event: event.data, type: "x" }');
            assert.equal(value.$type, 'ObjectLiteral');
        });

        it('allows clause keywords as declared names and in expressions', async () => {
            const model = await parseClean(`
              workflow W {
                input timeout: duration
                secret key = env("KEY")
                var body = { key: key, timeout: timeout }
                wait w for event "x" correlate event.id == key
                timeout -> w
                fail code "broken" code Broken
                code -> end
              }
            `);
            assert.equal(workflowOf(model).members.length, 7);
        });

        it('allows keywords as type field names', async () => {
            await parseClean('type T { timeout: duration, type: string, event: any }');
        });
    });

    describe('precedence', () => {
        it('binds `*` tighter than `+` and `+` tighter than comparisons', async () => {
            const value = await probe('1 + 2 * 3 == 7') as BinaryExpression;
            assert.equal(value.operator, '==');
            const left = value.left as BinaryExpression;
            assert.equal(left.operator, '+');
            assert.equal((left.right as BinaryExpression).operator, '*');
        });

        it('binds `not` looser than comparisons and tighter than `and`', async () => {
            const value = await probe('not a == b and c') as LogicalExpression;
            assert.equal(value.operator, 'and');
            const negation = value.left as UnaryExpression;
            assert.equal(negation.operator, 'not');
            assert.equal((negation.operand as BinaryExpression).operator, '==');
        });

        it('binds `??` loosest of the binary operators', async () => {
            const value = await probe('a or b ?? c') as LogicalExpression;
            assert.equal(value.operator, '??');
        });

        it('parses lambdas, method calls and optional members', async () => {
            const value = await probe('order.items.map(i => i.qty).sum() + pairs.reduce((a, b) => a + b, 0) + x?.y') as BinaryExpression;
            assert.equal(value.operator, '+');
            const optional = value.right as MemberExpression;
            assert.equal(optional.optional, true);
        });

        it('calls standard-library functions whose names are keywords', async () => {
            const value = await probe('max(1, 2) + string(3).len() + join(["a"], ",").len() + xs.first() + number("4")');
            assert.equal(value.$type, 'BinaryExpression');
        });

        it('parses a ternary', async () => {
            const value = await probe('a > 1 ? "big" : "small"');
            assert.equal(value.$type, 'ConditionalExpression');
        });

        it('reads durations and sizes as their own literals', async () => {
            assert.equal((await probe('250ms')).$type, 'DurationLiteral');
            assert.equal((await probe('128MB')).$type, 'SizeLiteral');
            assert.equal((await probe('1e3')).$type, 'NumberLiteral');
        });
    });

    it('keeps script code verbatim', async () => {
        const model = await parseClean('workflow W { task s: script """\n  const x = `${1}`;\n""" }');
        const task = workflowOf(model).members[0] as TaskNode;
        assert.equal((task.target as { code: string }).code, 'const x = `${1}`;');
    });
});

describe('Weft grammar self-check', () => {
    it('builds its lexer and parser with all chevrotain validations and parses the samples with no warnings', async () => {
        const warnings: unknown[][] = [];
        const original = { warn: console.warn, error: console.error, log: console.log };
        console.warn = (...args: unknown[]) => { warnings.push(args); };
        console.error = console.warn;
        console.log = console.warn;
        try {
            const checked = createWeftServices(EmptyFileSystem, {
                LanguageMetaData: () => ({ ...WeftLanguageMetaData, mode: 'development' }),
            });
            const parseChecked = parseHelper<Model>(checked.Weft);
            assert.deepEqual(errorsOf(await parseChecked(LANGUAGE_MD_WORKFLOW)), []);
            for (const file of readdirSync(samplesDir).filter(f => f.endsWith('.weft') && !f.startsWith('.'))) {
                assert.deepEqual(errorsOf(await parseChecked(readFileSync(path.join(samplesDir, file), 'utf8'))), [], file);
            }
        } finally {
            Object.assign(console, original);
        }
        assert.deepEqual(warnings, []);
    });
});

describe('Weft syntax error messages', () => {
    async function messages(text: string): Promise<string[]> {
        const document = await parse(text);
        return [
            ...document.parseResult.lexerErrors.map(e => e.message),
            ...document.parseResult.parserErrors.map(e => e.message),
        ];
    }

    it('names what was expected in words, with names collapsed', async () => {
        const [first] = await messages('workflow W {\n  task t: \n}');
        assert.equal(first, "Expected 'script', 'http', 'workflow' or a name but found '}'.");
    });

    it('explains that a `[` after a space is not an index', async () => {
        const [first] = await messages('workflow W {\n  input items: list<number>\n  var x = items [0]\n}');
        assert.match(first, /^Expected 'start', 'end' or a name but found '0'\. A `\[` after a space/);
    });

    it('calls an unterminated string by its name', async () => {
        const [first] = await messages('workflow W {\n  var s = "abc\n}');
        assert.match(first, /^Unterminated string/);
    });

    it('points at a brace that closes too early', async () => {
        const all = await messages('workflow W { }\n}');
        assert.match(all[0], /^Unexpected '}': only imports, types, connectors and workflows/);
    });
});
