// Linking specification: which declaration each name in a .weft file resolves to — workflow
// names, imported types and connectors, locals, context words — and the import graph
// (closure, cycles). Member names after `.` are deliberately not references.
import assert from 'node:assert/strict';
import { AstUtils } from 'langium';
import type { ConnectorTarget, ContextExpression, EdgeChain, NamedType, ReferenceExpression, TaskNode, Workflow } from '../../language-server/generated/ast.js';
import { isContextExpression, isEdgeChain, isInputDeclaration, isReferenceExpression, isWorkflow } from '../../language-server/generated/ast.js';
import { contextTarget } from '../../language-server/scope/context-references.js';
import { buildFiles, problemsOf } from './support/in-memory-workspace.js';

/** Linking only: validation checks have their own tests. */
const buildLinked = (files: Record<string, string>) => buildFiles(files, false);

function references(node: Workflow): ReferenceExpression[] {
    return AstUtils.streamAllContents(node).filter(isReferenceExpression).toArray();
}

function contextWords(node: Workflow): ContextExpression[] {
    return AstUtils.streamAllContents(node).filter(isContextExpression).toArray();
}

function firstWorkflow(model: { declarations: unknown[] }): Workflow {
    return model.declarations.find(d => isWorkflow(d as Workflow)) as Workflow;
}

describe('Weft linking', () => {

    it('resolves inputs, vars, secrets and node results in expressions', async () => {
        const { documents } = await buildLinked({
            'a.weft': `
              workflow W {
                input order: any
                var count: number = 0
                secret key = env("KEY")
                task fetch: http GET "https://x/\${order}" { headers { auth: key } }
                set bump { count = count + fetch.status }
              }`,
        });
        const doc = documents['a.weft'];
        assert.deepEqual(problemsOf(doc), []);
        const targets = references(firstWorkflow(doc.parseResult.value)).map(r => `${r.target.$refText}:${r.target.ref?.$type}`);
        assert.deepEqual(targets, ['order:InputDeclaration', 'key:SecretDeclaration', 'count:VarDeclaration', 'fetch:TaskNode']);
    });

    it('reports a name that is not declared', async () => {
        const { documents } = await buildLinked({ 'a.weft': 'workflow W { var x: number = missing + 1 }' });
        assert.equal(problemsOf(documents['a.weft']).length, 1);
        assert.match(problemsOf(documents['a.weft'])[0], /missing/);
    });

    it('resolves edge endpoints to nodes and keeps start and end implicit', async () => {
        const { documents } = await buildLinked({
            'a.weft': 'workflow W { fork f\n join j\n start -> f -> [j] -> end }',
        });
        assert.deepEqual(problemsOf(documents['a.weft']), []);
        const chain = firstWorkflow(documents['a.weft'].parseResult.value).members.find(isEdgeChain) as EdgeChain;
        const names = chain.groups.flatMap(g => g.endpoints.map(e => e.builtin ?? e.node?.ref?.$type));
        assert.deepEqual(names, ['start', 'ForkNode', 'JoinNode', 'end']);
    });

    it('does not treat member names after `.` as references', async () => {
        const { documents } = await buildLinked({
            'a.weft': 'workflow W { input order: any\n var v = order.timeout.event.whatever }',
        });
        assert.deepEqual(problemsOf(documents['a.weft']), []);
    });

    it('makes the types and connectors of an imported file visible', async () => {
        const { documents } = await buildLinked({
            'common.weft': 'type Order { id: string }\nconnector shop: http { baseUrl "https://shop" }',
            'main.weft': 'import "./common.weft"\nworkflow W { input o: Order\n task get: shop.get("/x") }',
        });
        assert.deepEqual(problemsOf(documents['main.weft']), []);
        const w = firstWorkflow(documents['main.weft'].parseResult.value);
        const input = w.members.find(isInputDeclaration)!;
        assert.equal((input.type as NamedType).type.ref?.name, 'Order');
        const task = w.members.find(m => m.$type === 'TaskNode') as TaskNode;
        assert.equal((task.target as ConnectorTarget).connector.ref?.$container.$type, 'Model');
    });

    it('resolves an import written without the .weft extension', async () => {
        const { documents } = await buildLinked({
            'common.weft': 'type Order { id: string }',
            'main.weft': 'import "./common"\nworkflow W { input o: Order }',
        });
        assert.deepEqual(problemsOf(documents['main.weft']), []);
    });

    it('hides the names of files that are not imported', async () => {
        const { documents } = await buildLinked({
            'common.weft': 'type Order { id: string }',
            'main.weft': 'workflow W { input o: Order }',
        });
        assert.equal(problemsOf(documents['main.weft']).length, 1);
    });

    it('makes only direct imports visible, not their imports', async () => {
        const { documents } = await buildLinked({
            'deep.weft': 'type Deep { id: string }',
            'middle.weft': 'import "./deep.weft"\ntype Middle { d: Deep }',
            'main.weft': 'import "./middle.weft"\nworkflow W { input m: Middle\n input d: Deep }',
        });
        const problems = problemsOf(documents['main.weft']);
        assert.equal(problems.length, 1);
        assert.match(problems[0], /Deep/);
    });

    it('resolves sub-workflows across imports', async () => {
        const { documents } = await buildLinked({
            'child.weft': 'workflow Child { input n: number }',
            'main.weft': 'import "./child.weft"\nworkflow Parent { task c: workflow Child { with { n: 1 } } }',
        });
        assert.deepEqual(problemsOf(documents['main.weft']), []);
    });

    it('binds lambda parameters and the foreach item only inside their bodies', async () => {
        const { documents } = await buildLinked({
            'a.weft': `
              workflow W {
                input items: list<number>
                var total = items.map(i => i * 2).sum()
                foreach each in items as item {
                  task t: script "t.js" { with { v: item } }
                }
                var leak = item
              }`,
        });
        const problems = problemsOf(documents['a.weft']);
        assert.equal(problems.length, 1);
        assert.match(problems[0], /item/);
        const refs = references(firstWorkflow(documents['a.weft'].parseResult.value));
        const kinds = refs.filter(r => r.target.ref).map(r => `${r.target.$refText}:${r.target.ref!.$type}`);
        assert.ok(kinds.includes('i:LambdaParameter'));
        assert.ok(kinds.includes('item:ForeachItem'));
    });

    it('keeps the nodes of a region inside it', async () => {
        const { documents } = await buildLinked({
            'a.weft': 'workflow W { region r { set inner { } }\n var x = inner }',
        });
        assert.equal(problemsOf(documents['a.weft']).length, 1);
    });

    it('binds `result` to the node whose block holds it and `event` to its where/correlate', async () => {
        const { documents } = await buildLinked({
            'a.weft': `
              workflow W {
                output id: string
                trigger event "x" where event.data.ok
                task t: script "t.js" { set id = result.id }
                wait w for event "y" correlate event.id == t.id
                var bad = result
              }`,
        });
        const words = contextWords(firstWorkflow(documents['a.weft'].parseResult.value));
        const owners = words.map(w => `${w.keyword}:${contextTarget(w)?.$type ?? 'unbound'}`);
        assert.deepEqual(owners, ['event:Trigger', 'result:TaskNode', 'event:WaitNode', 'result:unbound']);
    });

    describe('the import graph', () => {
        it('lists the loaded closure of a document', async () => {
            const { services, documents } = await buildLinked({
                'a.weft': 'import "./b.weft"',
                'b.weft': 'import "./c.weft"\nimport "./missing.weft"',
                'c.weft': '',
            });
            const resolver = services.references.ImportResolver;
            const closure = resolver.importClosure(documents['a.weft']).map(d => d.uri.path);
            assert.deepEqual(closure, ['/workspace/a.weft', '/workspace/b.weft', '/workspace/c.weft']);
            assert.deepEqual(resolver.missingImports(documents['a.weft']).map(u => u.path), ['/workspace/missing.weft']);
        });

        it('spells out an import cycle through a document', async () => {
            const { services, documents } = await buildLinked({
                'a.weft': 'import "./b.weft"',
                'b.weft': 'import "./c.weft"',
                'c.weft': 'import "./a.weft"',
                'd.weft': 'import "./a.weft"',
            });
            const resolver = services.references.ImportResolver;
            assert.deepEqual(resolver.findImportCycle(documents['b.weft'])?.map(u => u.path),
                ['/workspace/b.weft', '/workspace/c.weft', '/workspace/a.weft', '/workspace/b.weft']);
            assert.equal(resolver.findImportCycle(documents['d.weft']), undefined);
        });
    });
});
