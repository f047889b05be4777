// Specification of import diagnostics: import-unresolved, import-cycle (spelled out) and
// duplicate-name across a direct import.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('import diagnostics', () => {
    it('reports an import that names no file, on its path', async () => {
        await expectDiagnostic('import «"./nowhere.weft"»\nworkflow W { }', 'import-unresolved', /Cannot find imported file '\.\/nowhere\.weft'/);
    });

    it('reports an import cycle with the cycle spelled out', async () => {
        await expectDiagnostic('import «"./b.weft"»\nworkflow A { }', 'import-cycle', /^Import cycle: a\.weft -> b\.weft -> c\.weft -> a\.weft$/, {
            others: { 'b.weft': 'import "./c.weft"', 'c.weft': 'import "./a.weft"' }, name: 'a.weft',
        });
    });

    it('accepts imports without a cycle', async () => {
        await expectNoDiagnostic('import "./b.weft"\nworkflow A { }', undefined, { 'b.weft': 'import "./c.weft"\ntype B { x: string }', 'c.weft': 'type C { y: string }' });
    });

    it('reports a type declared both here and in an imported file', async () => {
        await expectDiagnostic('import "./t.weft"\ntype «Order» { id: string }', 'duplicate-name', /the imported file t\.weft declares it too/, { others: { 't.weft': 'type Order { id: string }' } });
    });
});
