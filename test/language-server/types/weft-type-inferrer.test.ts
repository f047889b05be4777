// Specification of the type inferrer: every expression form, node results, context words,
// lambda parameters and member lookup yield the TypeRef LANGUAGE.md implies.
import assert from 'node:assert/strict';
import type { MemberExpression, TypeField } from '../../../language-server/generated/ast.js';
import { inferrer, parseModel, typeOf, varInitial } from './type-test-support.js';

const TYPES = `
type Order { id: string, total: number, items: list<Item>, note: string? }
type Item { sku: string, qty: number }
type Risk { level: "low" | "medium" | "high", reason: string }
`;

describe('type inferrer', () => {
    describe('literals and operators', () => {
        it('types literals: numbers, durations, sizes, booleans, null, string literals', async () => {
            assert.equal(await typeOf('42'), 'number');
            assert.equal(await typeOf('5s'), 'duration');
            assert.equal(await typeOf('64MB'), 'size');
            assert.equal(await typeOf('true'), 'boolean');
            assert.equal(await typeOf('null'), 'null');
            assert.equal(await typeOf('"high"'), '"high"');
        });

        it('types a template string as string', async () => {
            assert.equal(await typeOf('"n=${1 + 2}"'), 'string');
        });

        it('types arithmetic on numbers, durations and strings', async () => {
            assert.equal(await typeOf('1 + 2 * 3'), 'number');
            assert.equal(await typeOf('2 * 5s'), 'duration');
            assert.equal(await typeOf('now() + 5m'), 'number');
            assert.equal(await typeOf('"a" + 1'), 'string');
        });

        it('types comparisons, logic and membership as boolean', async () => {
            assert.equal(await typeOf('1 < 2 and not false'), 'boolean');
            assert.equal(await typeOf('"a" in ["a", "b"]'), 'boolean');
        });

        it('joins the branches of a conditional and strips null with ??', async () => {
            assert.equal(await typeOf('true ? "a" : "b"'), '"a" | "b"');
            assert.equal(await typeOf('order.note ?? "none"', 'input order: Order', TYPES), 'string');
        });

        it('types list and object literals structurally', async () => {
            assert.equal(await typeOf('[1, 2]'), 'list<number>');
            assert.equal(await typeOf('[]'), 'list<any>');
            assert.equal(await typeOf('{ a: 1, b: "x" }'), '{ a: number, b: "x" }');
        });
    });

    describe('names and members', () => {
        it('reads declared types of inputs through members and indexes', async () => {
            assert.equal(await typeOf('order', 'input order: Order', TYPES), 'Order');
            assert.equal(await typeOf('order.items', 'input order: Order', TYPES), 'list<Item>');
            assert.equal(await typeOf('order.items[0].qty', 'input order: Order', TYPES), 'number');
            assert.equal(await typeOf('order.note', 'input order: Order', TYPES), 'string?');
        });

        it('gives an unknown member the type any (the checker reports it)', async () => {
            assert.equal(await typeOf('order.nope', 'input order: Order', TYPES), 'any');
        });

        it('types a secret as string and an untyped var from its initial value, widened', async () => {
            assert.equal(await typeOf('key', 'secret key = env("K")'), 'string');
            assert.equal(await typeOf('v', 'var v = "x"'), 'string');
        });

        it('finds the declaration of a member for go-to-definition', async () => {
            const document = await parseModel(`${TYPES}\nworkflow W { input order: Order\nvar probe = order.total }`);
            const member = varInitial(document.parseResult.value) as MemberExpression;
            const declaration = inferrer.memberDeclaration(member) as TypeField;
            assert.equal(declaration.$type, 'TypeField');
            assert.equal(declaration.name, 'total');
        });

        it('lists the members of a named type for completion', async () => {
            const document = await parseModel(`${TYPES}\nworkflow W { input order: Order\nvar probe = order }`);
            const type = inferrer.inferType(varInitial(document.parseResult.value));
            assert.deepEqual(inferrer.membersOf(type).map(f => f.name), ['id', 'total', 'items', 'note']);
        });
    });

    describe('standard library calls and lambdas', () => {
        it('binds lambda parameters to the element type of the receiver', async () => {
            assert.equal(await typeOf('order.items.map(i => i.qty)', 'input order: Order', TYPES), 'list<number>');
            assert.equal(await typeOf('order.items.map(i => i.qty).sum()', 'input order: Order', TYPES), 'number');
            assert.equal(await typeOf('order.items.filter(i => i.qty > 1)', 'input order: Order', TYPES), 'list<Item>');
            assert.equal(await typeOf('order.items.find(i => i.qty > 1)', 'input order: Order', TYPES), 'Item?');
        });

        it('types an expression inside a lambda even when asked before the call around it', async () => {
            const document = await parseModel(`${TYPES}\nworkflow W { input order: Order\nvar probe = order.items.map(i => i.qty + 1) }`);
            const call = varInitial(document.parseResult.value) as MemberExpression;
            const body = (call.args[0] as unknown as { body: never }).body as never;
            assert.equal(inferrer.printType(inferrer.inferType(body)), 'number');
            assert.equal(inferrer.printType(inferrer.inferType(call)), 'list<number>');
        });

        it('infers a chain thousands of operators long without exhausting the stack', async () => {
            assert.equal(await typeOf(`1${' + 1'.repeat(2500)}`), 'number');
        });

        it('types plain calls from their signature', async () => {
            assert.equal(await typeOf('len("abc")'), 'number');
            assert.equal(await typeOf('upper("abc")'), 'string');
            assert.equal(await typeOf('keys({ a: 1 })'), 'list<string>');
        });

        it('reports argument problems without failing inference', async () => {
            const document = await parseModel('workflow W { var probe = upper(1) }');
            const call = varInitial(document.parseResult.value);
            const resolution = inferrer.resolveCall(call as never);
            assert.equal(resolution?.problems.length, 1);
            assert.match(resolution!.problems[0].message, /must be string, got number/);
            assert.equal(inferrer.printType(inferrer.inferType(call)), 'string');
        });

        it('offers list functions as methods on a list and not on a number', async () => {
            const names = (t: string) => inferrer.methodsFor({ kind: t } as never).map(s => s.name);
            assert.ok(inferrer.methodsFor({ kind: 'list', of: { kind: 'number' } }).some(s => s.name === 'map'));
            assert.ok(!names('number').includes('map'));
            assert.ok(names('string').includes('upper'));
        });
    });

    describe('node results and context words', () => {
        it('types node results by kind', async () => {
            const body = `
              task h: http GET "https://x.test"
              approval a { ask "ok?" }
              ai c { model "m" prompt "p" returns Risk }
              ai d { model "m" prompt "p" }
              wait t for 5s
              wait e for event "x.y"
              emit m "x.z" { a: 1 }
              join j
            `;
            assert.equal(await typeOf('h', body, TYPES), '{ status: number, headers: map<string>, body: any }');
            assert.equal(await typeOf('a', body, TYPES), '{ approved: boolean, by: string, comment: string? }');
            assert.equal(await typeOf('c.level', body, TYPES), '"low" | "medium" | "high"');
            assert.equal(await typeOf('d', body, TYPES), 'string');
            assert.equal(await typeOf('t', body, TYPES), 'null');
            assert.equal(await typeOf('e.data', body, TYPES), 'any');
            assert.equal(await typeOf('m', body, TYPES), 'string');
            assert.equal(await typeOf('j', body, TYPES), 'list<any>');
        });

        it('types a sub-workflow task as an object of the callee outputs', async () => {
            const prelude = 'workflow Callee { input x: number\noutput total: number\noutput label: string }';
            assert.equal(await typeOf('sub', 'task sub: workflow Callee { with { x: 1 } }', prelude), '{ total: number, label: string }');
        });

        it('binds result inside a node block and event inside where/correlate', async () => {
            const document = await parseModel(`
              workflow W {
                output s: number
                task h: http GET "https://x.test" { set s = result.status }
                wait e for event "x.y" where event.data.ok
              }`);
            const workflow = document.parseResult.value.declarations[0] as { members: Array<{ $type: string; options?: Array<{ assignment?: { value: never } }>; where?: never }> };
            const setValue = workflow.members.find(m => m.$type === 'TaskNode')!.options![0].assignment!.value;
            assert.equal(inferrer.printType(inferrer.inferType(setValue)), 'number');
            const where = workflow.members.find(m => m.$type === 'WaitNode')!.where!;
            assert.equal(inferrer.printType(inferrer.inferType(where)), 'any');
        });

        it('types a foreach item from the element type of its list', async () => {
            const document = await parseModel(`${TYPES}
              workflow W {
                input order: Order
                foreach each in order.items as item { set s { } }
                var probe = 1
              }`);
            const foreach = (document.parseResult.value.declarations.at(-1) as { members: Array<{ $type: string; item?: never }> }).members.find(m => m.$type === 'ForeachNode')!;
            assert.equal(inferrer.printType(inferrer.typeOfDeclaration(foreach.item!)), 'Item');
        });
    });
});
