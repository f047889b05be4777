// Lowering specification: what the IR of a checked workflow contains — units, scopes of names,
// edges expanded from chains and groups, error routes, options, inner graphs, sub-workflows and
// types across imports, ranges — and that every bundle conforms to runtime/ir/schema.json.
import assert from 'node:assert/strict';
import type { Expr } from '../../runtime/ir/expression.js';
import type { NodeDefinition, WorkflowBundle, WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import { bundleHash, canonicalJson } from '../../runtime/ir/bundle-hash.js';
import { schemaErrors } from './support/bundle-schema.js';
import { buildFiles, problemsOf, WORKSPACE_DIR } from './support/in-memory-workspace.js';

async function compile(files: Record<string, string>, entryFile = Object.keys(files).at(-1)!, workflow?: string): Promise<WorkflowBundle> {
    // Lowering needs a linked AST, not a validated one: validation has its own tests.
    const { services, documents } = await buildFiles(files, false);
    for (const [name, doc] of Object.entries(documents)) assert.deepEqual(problemsOf(doc), [], `problems in ${name}`);
    const bundle = services.lowering.WorkflowLowerer.lowerBundle(documents[entryFile], workflow);
    assert.deepEqual(schemaErrors(bundle), []);
    return bundle;
}

async function compileWorkflow(body: string): Promise<WorkflowDefinition> {
    const bundle = await compile({ 'w.weft': `workflow W {\n${body}\n}` });
    return bundle.workflows.W;
}

function node<K extends NodeDefinition['kind']>(w: WorkflowDefinition | { nodes: NodeDefinition[] }, id: string, kind?: K): Extract<NodeDefinition, { kind: K }> {
    const n = w.nodes.find(x => x.id === id);
    assert.ok(n, `no node ${id}`);
    if (kind) assert.equal(n.kind, kind);
    return n as Extract<NodeDefinition, { kind: K }>;
}

/** An Expr without its ranges, for structural comparison. */
function shape(e: unknown): unknown {
    return JSON.parse(JSON.stringify(e, (k, v) => (k === 'range' || k === 'nameRange' ? undefined : v)));
}

describe('Weft lowering', () => {

    describe('workflow shape', () => {
        it('gives every workflow start and end nodes, version, options and source', async () => {
            const w = await compileWorkflow('fork f\nstart -> f -> end');
            assert.deepEqual(w.nodes.map(n => n.id), ['start', 'f', 'end']);
            assert.equal(w.version, '0.0.0');
            assert.deepEqual(w.options, { stepBudget: 10000, timeZone: 'UTC' });
            assert.equal(w.sourceUri, `file://${WORKSPACE_DIR}/w.weft`);
        });

        it('records the version, doc comments and name ranges (0-based)', async () => {
            const bundle = await compile({ 'w.weft': '/** Does things. */\nworkflow W {\n  version "2.1.0"\n  /** The gate. */\n  fork gate\n}' });
            const w = bundle.workflows.W;
            assert.equal(w.version, '2.1.0');
            assert.equal(w.doc, 'Does things.');
            const gate = node(w, 'gate', 'fork');
            assert.equal(gate.doc, 'The gate.');
            assert.deepEqual(gate.nameRange.start, { line: 4, character: 7 });
            assert.deepEqual(gate.nameRange.end, { line: 4, character: 11 });
        });

        it('lowers inputs, outputs, vars and secrets with their roles and types', async () => {
            const w = await compileWorkflow(`
              input n: number = 3
              input tags: list<string>?
              output out: map<any>
              var state: "new" | "done" = "new"
              var loose
              secret key = env("API_KEY")`);
            assert.deepEqual(shape(w.variables), [
                { name: 'n', role: 'input', type: { kind: 'number' }, initial: { kind: 'literal', value: 3 } },
                { name: 'tags', role: 'input', type: { kind: 'optional', of: { kind: 'list', of: { kind: 'string' } } } },
                { name: 'out', role: 'output', type: { kind: 'map', of: { kind: 'any' } } },
                { name: 'state', role: 'var', type: { kind: 'union', options: [{ kind: 'literal', value: 'new' }, { kind: 'literal', value: 'done' }] }, initial: { kind: 'literal', value: 'new' } },
                { name: 'loose', role: 'var', type: { kind: 'any' } },
                { name: 'key', role: 'secret', type: { kind: 'string' }, secretSource: { kind: 'env', name: 'API_KEY' } },
            ]);
        });

        it('lowers every trigger kind', async () => {
            const w = await compileWorkflow(`
              trigger manual
              trigger webhook PUT "/hook"
              trigger schedule "0 2 * * *" tz "Europe/Paris"
              trigger event "order.created" where event.data.total > 0`);
            assert.deepEqual(shape(w.triggers), [
                { kind: 'manual' },
                { kind: 'webhook', method: 'PUT', path: '/hook' },
                { kind: 'schedule', cron: '0 2 * * *', timeZone: 'Europe/Paris' },
                { kind: 'event', eventType: 'order.created', where: {
                    kind: 'binary', op: '>', right: { kind: 'literal', value: 0 },
                    left: { kind: 'member', property: 'total', optional: false, object: { kind: 'member', property: 'data', optional: false, object: { kind: 'ref', name: 'event', scope: 'event' } } },
                } },
            ]);
        });
    });

    describe('expressions', () => {
        async function valueOf(expression: string, declarations = ''): Promise<Expr> {
            const w = await compileWorkflow(`${declarations}\nvar probe = ${expression}`);
            return w.variables.find(v => v.name === 'probe')!.initial!;
        }

        it('converts durations to milliseconds and sizes to bytes', async () => {
            assert.deepEqual(shape(await valueOf('[250ms, 5s, 10m, 2h, 1d, 1.5s, 64KB, 128MB, 1GB]')), { kind: 'list', items: [
                { kind: 'duration', ms: 250 }, { kind: 'duration', ms: 5000 }, { kind: 'duration', ms: 600000 },
                { kind: 'duration', ms: 7200000 }, { kind: 'duration', ms: 86400000 }, { kind: 'duration', ms: 1500 },
                { kind: 'size', bytes: 65536 }, { kind: 'size', bytes: 134217728 }, { kind: 'size', bytes: 1073741824 },
            ] });
        });

        it('gives every name the scope it denotes', async () => {
            const value = await valueOf('[i, o, v, s, t, c, trigger, items.map(x => x)]', `
              input i: number
              output o: number
              var v = 1
              secret s = env("S")
              task t: script "t.js"
              connector c: http { baseUrl "http://x" }
              input items: list<number>`);
            const scopes = (value as Extract<Expr, { kind: 'list' }>).items.slice(0, 7).map(e => `${(e as { name: string }).name}:${(e as { scope: string }).scope}`);
            assert.deepEqual(scopes, ['i:input', 'o:output', 'v:var', 's:secret', 't:node', 'c:connector', 'trigger:trigger']);
            const lambda = ((value as Extract<Expr, { kind: 'list' }>).items[7] as Extract<Expr, { kind: 'method' }>).args[0];
            assert.deepEqual(shape(lambda), { kind: 'lambda', params: ['x'], body: { kind: 'ref', name: 'x', scope: 'local' } });
        });

        it('lowers template strings to text and expression parts', async () => {
            assert.deepEqual(shape(await valueOf('"Hello ${n}, ${n + 1}!"', 'input n: number')), { kind: 'template', parts: [
                'Hello ', { kind: 'ref', name: 'n', scope: 'input' }, ', ',
                { kind: 'binary', op: '+', left: { kind: 'ref', name: 'n', scope: 'input' }, right: { kind: 'literal', value: 1 } }, '!',
            ] });
        });

        it('strips the common indentation of a multi-line template', async () => {
            const value = await valueOf('"""\n      Dear ${n},\n        thanks.\n    """', 'input n: string');
            assert.deepEqual(shape(value), { kind: 'template', parts: ['Dear ', { kind: 'ref', name: 'n', scope: 'input' }, ',\n  thanks.'] });
        });

        it('lowers members, optional members, indexes, calls, methods, unary, ternary and objects', async () => {
            const value = await valueOf('{ a: x?.b[0], "b-c": len(x), d: not x.ok ? -1 : x.items?.sum() ?? 0 }', 'input x: any');
            assert.deepEqual(shape(value), { kind: 'object', entries: [
                { key: 'a', value: { kind: 'index', optional: false, index: { kind: 'literal', value: 0 },
                    object: { kind: 'member', property: 'b', optional: true, object: { kind: 'ref', name: 'x', scope: 'input' } } } },
                { key: 'b-c', value: { kind: 'call', callee: 'len', args: [{ kind: 'ref', name: 'x', scope: 'input' }] } },
                { key: 'd', value: { kind: 'conditional',
                    test: { kind: 'unary', op: 'not', operand: { kind: 'member', property: 'ok', optional: false, object: { kind: 'ref', name: 'x', scope: 'input' } } },
                    then: { kind: 'unary', op: '-', operand: { kind: 'literal', value: 1 } },
                    else: { kind: 'binary', op: '??', right: { kind: 'literal', value: 0 },
                        left: { kind: 'method', method: 'sum', args: [], optional: true, object: { kind: 'member', property: 'items', optional: false, object: { kind: 'ref', name: 'x', scope: 'input' } } } } } },
            ] });
        });

        it('lowers an optional index `a?.[i]`', async () => {
            assert.deepEqual(shape(await valueOf('x?.[1]', 'input x: any')), {
                kind: 'index', optional: true, object: { kind: 'ref', name: 'x', scope: 'input' }, index: { kind: 'literal', value: 1 },
            });
        });

        it('puts a range on every expression', async () => {
            const value = await valueOf('a + 1', 'input a: number');
            assert.ok(value.range);
            assert.ok((value as Extract<Expr, { kind: 'binary' }>).left.range);
        });
    });

    describe('edges', () => {
        it('expands chains, fan-outs and fan-ins into one edge per pair, in source order', async () => {
            const w = await compileWorkflow(`
              fork a
              fork b
              fork c
              join j
              start -> a -> [b, c] -> j -> end`);
            assert.deepEqual(w.edges.map(e => `${e.id} ${e.kind} ${e.order}`), [
                'start->a#0 always 0', 'a->b#0 always 0', 'a->c#0 always 1', 'b->j#0 always 0', 'c->j#0 always 0', 'j->end#0 always 0',
            ]);
        });

        it('applies a guard to the last arrow of its chain and numbers guarded edges in order', async () => {
            const w = await compileWorkflow(`
              input n: number
              fork a
              fork b
              start -> a -> b when n > 1
              a -> end otherwise
              a -> b`);
            assert.deepEqual(w.edges.map(e => `${e.id} ${e.kind} ${e.order}`), [
                'start->a#0 always 0', 'a->b#0 when 0', 'a->end#0 otherwise 1', 'a->b#1 always 2',
            ]);
            assert.equal(w.edges[1].condition?.kind, 'binary');
        });

        it('derives error handlers from `on` edges', async () => {
            const w = await compileWorkflow(`
              task t: script "t.js"
              listen l { "a.done", "b.done" }
              fail f "failed"
              t -> f on Declined
              t -> f on error
              t -> f on timeout
              l -> t on "a.done"`);
            assert.deepEqual(w.edges.map(e => [e.kind, e.error ?? e.event ?? null]), [
                ['error', 'Declined'], ['error', '*'], ['timeout', null], ['event', 'a.done'],
            ]);
            assert.deepEqual(w.errorHandlers, [
                { node: 't', on: 'Declined', target: 'f', edge: 't->f#0' },
                { node: 't', on: '*', target: 'f', edge: 't->f#1' },
                { node: 't', on: 'timeout', target: 'f', edge: 't->f#2' },
            ]);
        });

        it('gives each edge the range from its source to its guard', async () => {
            const w = await compileWorkflow('fork a\nfork b\na -> b when true');
            assert.deepEqual(w.edges[0].range.start, { line: 3, character: 0 });
            assert.deepEqual(w.edges[0].range.end, { line: 3, character: 16 });
        });
    });

    describe('nodes', () => {
        it('lowers task options to IR units', async () => {
            const w = await compileWorkflow(`
              output out: string
              task undo: script "undo.js"
              task t: script "scripts/t.js" {
                with { a: 1 }
                timeout 30s
                retry 5 times every 1s backoff 2 max 30s jitter unless Declined, Invalid
                limits { memory 64MB, cpu 2s, concurrency 3 }
                cache for 10m key { a: 1 }
                compensate undo
                lock "ledger"
                set out = result.id
                idempotent
              }`);
            const t = node(w, 't', 'script');
            assert.deepEqual(t.script, { path: `${WORKSPACE_DIR}/scripts/t.js` });
            const o = shape(t.options) as Record<string, unknown>;
            assert.equal(o.timeoutMs, 30000);
            assert.deepEqual(o.retry, { maxRetries: 5, delayMs: 1000, backoff: 2, maxDelayMs: 30000, jitter: true, unless: ['Declined', 'Invalid'] });
            assert.deepEqual(o.limits, { memoryBytes: 67108864, cpuMs: 2000, concurrency: 3 });
            assert.deepEqual(o.cache, { ttlMs: 600000, key: { kind: 'object', entries: [{ key: 'a', value: { kind: 'literal', value: 1 } }] } });
            assert.equal(o.compensate, 'undo');
            assert.equal(o.lock, 'ledger');
            assert.equal(o.idempotent, true);
            // A script's result is `any`: the engine checks the value against `out`'s type.
            assert.deepEqual(o.sets, [{ target: 'out', value: { kind: 'member', property: 'id', optional: false, object: { kind: 'ref', name: 'result', scope: 'result' } }, check: { kind: 'string' } }]);
        });

        it('attaches the declared type to assignments the checker cannot prove, and only to those', async () => {
            const w = await compileWorkflow(`
              input maybe: number?
              input n: number
              output count: number
              output anything: any
              output pair: { a: number, b: string? }
              var loose = 0
              var later: duration = 1s
              task s: script "s.js" { set count = result
                set anything = result
                set loose = result }
              task h: http GET "https://x/y" { set pair = result.body }
              set proven { count = n + 1, pair = { a: n, b: null }, later = 2 * 5s, count = maybe }
              set unproven { pair = { a: maybe } }
              start -> s -> h -> proven -> unproven -> end`);
            const checks = (id: string) => {
                const n = node(w, id, id === 's' ? 'script' : id === 'h' ? 'http' : 'set');
                const list = 'assignments' in n ? n.assignments : n.options.sets;
                return list.map(a => [a.target, a.check ?? null]);
            };
            assert.deepEqual(checks('s'), [['count', { kind: 'number' }], ['anything', null], ['loose', null]]);
            assert.deepEqual(checks('h'), [['pair', { kind: 'object', fields: [{ name: 'a', type: { kind: 'number' }, optional: false }, { name: 'b', type: { kind: 'string' }, optional: true }] }]]);
            // A `T?` into a `T` is proven at the top (null is what an unset output holds), not inside.
            assert.deepEqual(checks('proven'), [['count', null], ['pair', null], ['later', null], ['count', null]]);
            assert.deepEqual(checks('unproven').map(([target, check]) => [target, check !== null]), [['pair', true]]);
        });

        it('refuses counts that are not whole numbers', async () => {
            const { services, documents } = await buildFiles({ 'w.weft': 'workflow W { task t: script "t.js" { retry 2.5 times } }' }, false);
            assert.throws(() => services.lowering.WorkflowLowerer.lowerBundle(documents['w.weft']), /A retry count must be a whole number, got 2.5/);
        });

        it('defaults a retry without `every` to 1s and no backoff', async () => {
            const w = await compileWorkflow('task t: script "t.js" { retry 2 times }');
            assert.deepEqual(node(w, 't', 'script').options.retry, { maxRetries: 2, delayMs: 1000, backoff: 1, jitter: false, unless: [] });
        });

        it('keeps inline script code and lowers http tasks with their blocks', async () => {
            const w = await compileWorkflow(`
              task inline: script """
                export default () => 1;
              """
              task call: http POST "https://x/y" { headers { a: "1" } query { q: 2 } body { z: 3 } }`);
            assert.deepEqual(node(w, 'inline', 'script').script, { code: 'export default () => 1;' });
            const call = node(w, 'call', 'http');
            assert.equal(call.method, 'POST');
            assert.deepEqual(shape(call.url), { kind: 'literal', value: 'https://x/y' });
            assert.deepEqual([call.headers?.kind, call.query?.kind, call.body?.kind], ['object', 'object', 'object']);
        });

        it('lowers ai and approval nodes', async () => {
            const bundle = await compile({ 'w.weft': `
              type Verdict { ok: boolean }
              workflow W {
                ai judge { model "m" system "be fair" prompt "judge" temperature 0.2 maxTokens 100 returns Verdict timeout 1m }
                approval sign { ask "sign?" assignee "ops" timeout 2d }
              }` });
            const judge = node(bundle.workflows.W, 'judge', 'ai');
            assert.deepEqual(judge.returns, { kind: 'named', name: 'Verdict' });
            assert.equal(judge.options.timeoutMs, 60000);
            assert.deepEqual(shape([judge.model, judge.system, judge.temperature, judge.maxTokens]), [
                { kind: 'literal', value: 'm' }, { kind: 'literal', value: 'be fair' }, { kind: 'literal', value: 0.2 }, { kind: 'literal', value: 100 },
            ]);
            assert.deepEqual(Object.keys(bundle.types), ['Verdict']);
            const sign = node(bundle.workflows.W, 'sign', 'approval');
            assert.equal(sign.options.timeoutMs, 172800000);
            assert.deepEqual(shape(sign.assignee), { kind: 'literal', value: 'ops' });
        });

        it('lowers waits, listens, emits, sets, joins, fails and terminates', async () => {
            const w = await compileWorkflow(`
              var v = 0
              wait t1 for 10m
              wait t2 until now()
              wait e for event "x" transient where event.ok correlate event.id == 1 timeout 1h
              listen l { "a" correlate event.id == 2, "b", timeout 5m }
              emit em "done" { v: v }
              set s { v = v + 1 }
              join j1
              join j2 first cancel
              join j3 2
              fail f "bad ${'$'}{v}" code Broken
              terminate stop`);
            assert.deepEqual(shape(node(w, 't1', 'timer')), { kind: 'timer', id: 't1', mode: 'for', value: { kind: 'duration', ms: 600000 } });
            assert.equal(node(w, 't2', 'timer').mode, 'until');
            const e = node(w, 'e', 'event-wait');
            assert.deepEqual([e.eventType, e.transient, e.timeoutMs, !!e.where, !!e.correlate], ['x', true, 3600000, true, true]);
            const l = node(w, 'l', 'listen');
            assert.deepEqual(l.alternatives.map(a => [a.eventType, !!a.correlate]), [['a', true], ['b', false]]);
            assert.equal(l.timeoutMs, 300000);
            assert.equal(node(w, 'em', 'emit').data?.kind, 'object');
            assert.equal(node(w, 's', 'set').assignments[0].target, 'v');
            assert.deepEqual([node(w, 'j1', 'join').policy, node(w, 'j1', 'join').cancel], ['all', false]);
            assert.deepEqual([node(w, 'j2', 'join').policy, node(w, 'j2', 'join').cancel], ['first', true]);
            assert.deepEqual([node(w, 'j3', 'join').policy, node(w, 'j3', 'join').n], ['count', 2]);
            assert.equal(node(w, 'f', 'fail').code, 'Broken');
            assert.equal(node(w, 'stop').kind, 'terminate');
        });

        it('lowers foreach and region bodies as inner graphs with their own start and end', async () => {
            const w = await compileWorkflow(`
              input items: list<number>
              foreach each in items as item concurrency 4 until item > 3 {
                task inner: script "t.js" { with { v: item } }
                start -> inner -> end
              }
              region r exclusive { set s { } }`);
            const each = node(w, 'each', 'foreach');
            assert.equal(each.as, 'item');
            assert.equal(each.concurrency, 4);
            assert.ok(each.until);
            assert.deepEqual(each.body.nodes.map(n => n.id), ['start', 'inner', 'end']);
            assert.deepEqual(each.body.edges.map(e => e.id), ['start->inner#0', 'inner->end#0']);
            const item = (node(each.body, 'inner', 'script').options.with as Extract<Expr, { kind: 'object' }>).entries[0].value;
            assert.deepEqual(shape(item), { kind: 'ref', name: 'item', scope: 'local' });
            const r = node(w, 'r', 'region');
            assert.equal(r.exclusive, true);
            assert.deepEqual(r.body.nodes.map(n => n.id), ['start', 's', 'end']);
        });
    });

    describe('bundles', () => {
        it('includes sub-workflows and named types across imports, transitively', async () => {
            const bundle = await compile({
                'types.weft': 'type Order { id: string, lines: list<Line> }\ntype Line { sku: string }\ntype Unused { x: number }',
                'child.weft': 'import "./types.weft"\nworkflow Child { input order: Order\n task again: workflow Child }',
                'main.weft': 'import "./child.weft"\nimport "./types.weft"\nworkflow Parent { input o: Order\n task c: workflow Child { with { order: o } } }',
            });
            assert.equal(bundle.entry, 'Parent');
            assert.deepEqual(Object.keys(bundle.workflows).sort(), ['Child', 'Parent']);
            assert.deepEqual(Object.keys(bundle.types).sort(), ['Line', 'Order']);
            assert.equal(bundle.workflows.Child.sourceUri, `file://${WORKSPACE_DIR}/child.weft`);
            assert.equal(node(bundle.workflows.Parent, 'c', 'subworkflow').workflow, 'Child');
        });

        it('selects the workflow to compile by name', async () => {
            const bundle = await compile({ 'w.weft': 'workflow A { }\nworkflow B { }' }, 'w.weft', 'B');
            assert.equal(bundle.entry, 'B');
            assert.deepEqual(Object.keys(bundle.workflows), ['B']);
        });

        it('adds the file-level connectors a workflow uses to its connectors', async () => {
            const bundle = await compile({
                'conn.weft': 'connector shop: http { baseUrl "https://shop"\n header "X-Key" = "k" }',
                'w.weft': 'import "./conn.weft"\nworkflow W { task get: shop.get("/orders", 1) }',
            });
            const w = bundle.workflows.W;
            assert.deepEqual(shape(w.connectors), [{ name: 'shop', kind: 'http', settings: [
                { key: 'baseUrl', value: { kind: 'literal', value: 'https://shop' } },
                { key: 'header', name: 'X-Key', value: { kind: 'literal', value: 'k' } },
            ] }]);
            const get = node(w, 'get', 'connector');
            assert.deepEqual([get.connector, get.action, get.args.length], ['shop', 'get', 2]);
        });

        it('hashes the canonical JSON: key order does not matter, content does', async () => {
            const bundle = await compile({ 'w.weft': 'workflow W { fork f }' });
            const reordered = JSON.parse(canonicalJson(bundle)) as WorkflowBundle;
            assert.equal(bundleHash(reordered), bundleHash(bundle));
            assert.match(bundleHash(bundle), /^[0-9a-f]{64}$/);
            const changed = structuredClone(bundle);
            changed.workflows.W.version = '9.9.9';
            assert.notEqual(bundleHash(changed), bundleHash(bundle));
            assert.equal(bundleHash({ ...bundle, hash: 'x' }), bundleHash(bundle));
        });
    });
});
