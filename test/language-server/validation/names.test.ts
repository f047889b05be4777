// Specification of name diagnostics: unknown-name (every kind of reference, with "did you
// mean"), invalid-set-target and duplicate-name, each at the range of the offending name.
import assert from 'node:assert/strict';
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('name diagnostics', () => {
    describe('unknown-name', () => {
        it('reports an undeclared name in an expression with a suggestion', async () => {
            const d = await expectDiagnostic('workflow W { input order: any\n var x = «ordr» }', 'unknown-name', /^Unknown name 'ordr'\. Did you mean 'order'\?$/);
            assert.deepEqual((d.data as { suggestions: string[] }).suggestions, ['order']);
        });

        it('reports an unknown edge endpoint, suggesting end', async () => {
            await expectDiagnostic('workflow W { set a { }\n start -> a -> «ende» }', 'unknown-name', /Unknown node 'ende'\. Did you mean 'end'\?/);
        });

        it('reports an unknown type, sub-workflow and compensation target', async () => {
            await expectDiagnostic('type Order { id: string }\nworkflow W { input o: «Ordr» }', 'unknown-name', /Unknown type 'Ordr'\. Did you mean 'Order'\?/);
            await expectDiagnostic('workflow Billing { }\nworkflow W { task t: workflow «Biling» }', 'unknown-name', /Unknown workflow 'Biling'\. Did you mean 'Billing'\?/);
            await expectDiagnostic('workflow W { task a: script "a.js" { compensate «undo» } }', 'unknown-name', /^Unknown node 'undo'\.$/);
        });

        it('reports result outside a node block and event outside where/correlate', async () => {
            await expectDiagnostic('workflow W { var x = «result» }', 'unknown-name', /only defined inside a node's own block/);
            await expectDiagnostic('workflow W { var x = «event» }', 'unknown-name', /only defined inside `where` and `correlate`/);
        });

        it('accepts declared names, result in a node block and event in a filter', async () => {
            await expectNoDiagnostic(`workflow W {
                input order: any
                output id: string
                task t: http GET "https://x.test/\${order}" { set id = result.body.id }
                wait e for event "a.b" where event.data.id == id
                start -> t -> e -> end
            }`, 'unknown-name');
        });
    });

    describe('invalid-set-target', () => {
        it('reports set on an input', async () => {
            await expectDiagnostic('workflow W { input n: number\n set s { «n» = 1 } }', 'invalid-set-target', /'n' is an input; only a var or an output can be set/);
        });

        it('accepts set on a var and an output', async () => {
            await expectNoDiagnostic('workflow W { var v: number = 0\n output o: number\n set s { v = 1, o = 2 } }', 'invalid-set-target');
        });
    });

    describe('duplicate-name', () => {
        it('reports a node named like an input (one namespace per workflow)', async () => {
            await expectDiagnostic('workflow W { input charge: any\n set «charge» { } }', 'duplicate-name', /Duplicate name 'charge': already declared as an input on line 1/);
        });

        it('reports a node of an inner graph named like an outer one', async () => {
            await expectDiagnostic('workflow W { set a { }\n region r { set «a» { } } }', 'duplicate-name', /Duplicate name 'a'/);
        });

        it('reports duplicate top-level declarations, type fields and object keys', async () => {
            await expectDiagnostic('type T { a: string }\ntype «T» { b: string }', 'duplicate-name', /Duplicate type 'T': already declared on line 1/);
            await expectDiagnostic('type T { a: string, «a»: number }', 'duplicate-name', /Duplicate field 'a'/);
            await expectDiagnostic('workflow W { var x = { k: 1, «k»: 2 } }', 'duplicate-name', /Duplicate key 'k'/);
        });

        it('lets sibling foreach bodies use the same item name (it is local, like a lambda parameter)', async () => {
            await expectNoDiagnostic('workflow W { foreach a in [1] as item { set x { } }\n foreach b in [2] as item { set y { } } }', 'duplicate-name');
        });

        it('accepts distinct names', async () => {
            await expectNoDiagnostic('type T { a: string, b: number }\nworkflow W { input a: any\n set b { }\n var x = { k: 1, l: 2 } }', 'duplicate-name');
        });
    });
});
