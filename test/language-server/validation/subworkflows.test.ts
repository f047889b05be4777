// Specification of sub-workflow calls: missing-input (with the missing names in data for the
// quick fix), unknown-input and input types.
import assert from 'node:assert/strict';
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

const CALLEE = 'workflow Pay { input amount: number\n input currency: string = "EUR"\n input note: string?\n output id: string }\n';

describe('sub-workflow calls', () => {
    it('reports a missing input on the with block, naming it and its type', async () => {
        const d = await expectDiagnostic(`${CALLEE}workflow W { task p: workflow Pay { with «{ currency: "USD" }» } }`, 'missing-input', /Missing input for workflow 'Pay': 'amount' \(number\)/);
        assert.deepEqual((d.data as { missing: unknown }).missing, [{ name: 'amount', type: 'number' }]);
    });

    it('reports missing inputs on the workflow name when there is no with', async () => {
        await expectDiagnostic(`${CALLEE}workflow W { task p: workflow «Pay» }`, 'missing-input', /'amount' \(number\)/);
    });

    it('reports an unknown input with a suggestion', async () => {
        await expectDiagnostic(`${CALLEE}workflow W { task p: workflow Pay { with { amount: 1, «currncy»: "USD" } } }`, 'unknown-input', /Workflow 'Pay' has no input 'currncy'\. Did you mean 'currency'\?/);
    });

    it('reports an input of the wrong type', async () => {
        await expectDiagnostic(`${CALLEE}workflow W { task p: workflow Pay { with { amount: «"ten"» } } }`, 'type-mismatch', /Input 'amount' of 'Pay' must be number, got "ten"/);
    });

    it('reports a call holding a lock that a task of the callee takes too (a self-deadlock)', async () => {
        await expectDiagnostic('workflow W { task c: workflow Inner { lock «"L"» }\n start -> c -> end }\nworkflow Inner { task t: workflow Leaf { lock "L" }\n start -> t -> end }\nworkflow Leaf { start -> end }',
            'lock-deadlock', /'c' holds lock "L" for the whole run of 'Inner', and task 't' in 'Inner' takes it too/);
    });

    it('reports the lock when a workflow the callee calls takes it, and on a recursive call', async () => {
        await expectDiagnostic('workflow W { task c: workflow Mid { lock «"L"» }\n start -> c -> end }\nworkflow Mid { task m: workflow Leaf\n start -> m -> end }\nworkflow Leaf { task t: workflow Nop { lock "L" }\n start -> t -> end }\nworkflow Nop { start -> end }',
            'lock-deadlock', /task 't' in 'Mid' → 'Leaf'/);
        await expectDiagnostic('workflow R { task again: workflow R { lock «"L"» }\n start -> again -> end }', 'lock-deadlock', /task 'again' in 'R'/);
    });

    it('accepts a call holding a lock its callee does not take (another lock, or none)', async () => {
        await expectNoDiagnostic('workflow W { task c: workflow Inner { lock "L" }\n start -> c -> end }\nworkflow Inner { task t: workflow Leaf { lock "M" }\n start -> t -> end }\nworkflow Leaf { start -> end }');
    });

    it('accepts a call giving every required input (defaults and optional ones may be left out)', async () => {
        await expectNoDiagnostic(`${CALLEE}workflow W { input a: number\n task p: workflow Pay { with { amount: a } }\n start -> p -> end }`);
    });
});
