// Specification of Weft completion (language-server/lsp/weft-completion-provider.ts): what is
// proposed at the `<|>` marker — keywords in context, names with types, members after `.`,
// stdlib functions, connector actions, event types, node and option snippets.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { expectCompletion } from 'langium/test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const completion = expectCompletion(createWeftServices(EmptyFileSystem).Weft);

const labels = (list: CompletionList) => list.items.map(i => i.label);
const item = (list: CompletionList, label: string): CompletionItem => {
    const found = list.items.find(i => i.label === label);
    assert.ok(found, `no '${label}' among ${labels(list).join(', ')}`);
    return found;
};

describe('Weft completion', () => {
    it('proposes the fields of a declared type after `.`, with their types and docs', async () => {
        await completion({
            text: 'type Order {\n  /** Shop order id. */\n  id: string\n  total: number\n  note: string?\n}\nworkflow W {\n  input order: Order\n  var x = order.<|>\n}',
            index: 0,
            assert: list => {
                assert.deepEqual(labels(list).slice(0, 3), ['id', 'total', 'note']);
                assert.equal(item(list, 'note').detail, 'note?: string');
                assert.equal(item(list, 'id').kind, CompletionItemKind.Field);
                assert.deepEqual(item(list, 'id').documentation, { kind: 'markdown', value: 'Shop order id.' });
            },
        });
    });

    it('proposes the result fields of a node and the stdlib methods of its type after `.`', async () => {
        await completion({
            text: 'workflow W {\n  task fetch: http GET "https://x.test"\n  var s = fetch.<|>\n}',
            index: 0,
            assert: list => assert.deepEqual(labels(list).filter(l => ['status', 'headers', 'body'].includes(l)), ['status', 'headers', 'body']),
        });
        await completion({
            text: 'workflow W {\n  input xs: list<number>\n  var s = xs.<|>\n}',
            index: 0,
            assert: list => {
                const sum = item(list, 'sum');
                assert.equal(sum.kind, CompletionItemKind.Method);
                assert.match(sum.detail!, /^sum\(/);
                assert.equal(list.items.some(i => i.label === 'upper'), false, 'string methods are not offered on a list');
            },
        });
    });

    it('proposes the actions of an http connector after its name in a task target', async () => {
        await completion({
            text: 'workflow W {\n  connector pay: http { baseUrl "https://p.test" }\n  task charge: pay.<|>\n}',
            index: 0,
            assert: list => {
                assert.deepEqual(labels(list), ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
                assert.equal(item(list, 'post').insertTextFormat, InsertTextFormat.Snippet);
            },
        });
    });

    it('proposes names in scope with their role and type, stdlib functions and expression words in an expression', async () => {
        await completion({
            text: 'workflow W {\n  input limit: number\n  var b = <|>\n}',
            index: 0,
            assert: list => {
                assert.equal(item(list, 'limit').detail, 'input: number');
                assert.equal(item(list, 'len').detail, 'len(x: list|string|map): number');
                assert.ok(labels(list).includes('not') && labels(list).includes('true'));
                assert.equal(labels(list).includes('task'), false, 'no node kinds inside an expression');
                assert.equal(labels(list).includes('env'), false, 'env() only in secrets');
            },
        });
    });

    it('proposes node kinds, declarations and node snippets where a member starts, without expression words', async () => {
        await completion({
            text: 'workflow W {\n  var a = 1\n  <|>\n}',
            index: 0,
            assert: list => {
                for (const keyword of ['input', 'var', 'secret', 'trigger', 'task', 'ai', 'wait', 'join', 'start']) assert.ok(labels(list).includes(keyword), keyword);
                for (const word of ['and', 'or', 'in', 'not', 'true']) assert.equal(labels(list).includes(word), false, word);
                const http = item(list, 'task (http)');
                assert.equal(http.kind, CompletionItemKind.Snippet);
                assert.match(http.insertText!, /^task \$\{1:name\}: http \$\{2\|GET,POST/);
            },
        });
    });

    it('proposes task options with snippets inside a task block', async () => {
        await completion({
            text: 'workflow W {\n  task t: http GET "https://x.test" {\n    <|>\n  }\n}',
            index: 0,
            assert: list => {
                for (const option of ['with', 'timeout', 'retry', 'limits', 'cache', 'compensate', 'lock', 'idempotent']) assert.ok(labels(list).includes(option), option);
                assert.equal(item(list, 'retry … times every …').insertText, 'retry ${1:3} times every ${2:1s} backoff ${3:2} max ${4:30s}');
                assert.equal(labels(list).includes('task'), false);
            },
        });
    });

    it('proposes type names and built-in types after `:`', async () => {
        await completion({
            text: 'type Order { id: string }\nworkflow W {\n  input o: <|>\n}',
            index: 0,
            assert: list => {
                for (const type of ['Order', 'string', 'number', 'list', 'map', 'any']) assert.ok(labels(list).includes(type), type);
                assert.equal(item(list, 'Order').kind, CompletionItemKind.Struct);
            },
        });
    });

    it('proposes the event types already used in the file where an event type goes', async () => {
        await completion({
            text: 'workflow W {\n  trigger event "order.created"\n  emit e "order.shipped" { id: 1 }\n  wait w for event <|>\n}',
            index: 0,
            assert: list => assert.deepEqual(labels(list), ['"order.created"', '"order.shipped"']),
        });
    });

    it('proposes the inputs a sub-workflow still needs as keys of its `with` block', async () => {
        await completion({
            text: 'workflow Sub {\n  /** Who pays. */\n  input payer: string\n  input amount: number\n  input note: string = ""\n  start -> end\n}\nworkflow W {\n  task s: workflow Sub {\n    with { amount: 1, <|> }\n  }\n}',
            index: 0,
            assert: list => {
                assert.deepEqual(labels(list), ['payer', 'note']);
                assert.equal(item(list, 'payer').detail, 'input: string');
                assert.equal(item(list, 'note').detail, 'input: string (optional)');
                assert.equal(item(list, 'payer').insertText, 'payer: $1');
            },
        });
    });
});
