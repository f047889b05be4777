// The sample scripts (samples/scripts/*.js) really run: each default export, called with the
// `with` object its workflow passes, returns the result the workflow reads, or throws the
// named error the workflow routes on.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../support/paths.js';

type Script = (input: Record<string, unknown>) => unknown;

async function script(name: string): Promise<Script> {
    const module = await import(pathToFileURL(fromRoot('samples/scripts', name)).href) as { default: Script };
    return module.default;
}

const order = {
    id: 'A-1001', customerId: 'C-7', total: 35, currency: 'EUR',
    items: [{ sku: 'pen', qty: 5, unitPrice: 3 }, { sku: 'pad', qty: 4, unitPrice: 5 }],
};

describe('sample scripts', () => {
    it('validate-order accepts a consistent order', async () => {
        assert.deepEqual((await script('validate-order.js'))({ order }), { ok: true, lines: 2, total: 35 });
    });

    it('validate-order throws InvalidOrder when the lines do not add up', async () => {
        const validate = await script('validate-order.js');
        assert.throws(() => validate({ order: { ...order, total: 99 } }), { name: 'InvalidOrder' });
    });

    it('ship-order returns a stable tracking number', async () => {
        const ship = await script('ship-order.js');
        const first = ship({ order }) as { tracking: string; parcels: number };
        assert.match(first.tracking, /^TRK-[0-9A-Z]{8}$/);
        assert.deepEqual(ship({ order }), first);
        assert.equal(first.parcels, 1);
    });

    it('normalize-records drops blank and duplicate ids and batches the rest', async () => {
        const normalize = await script('normalize-records.js');
        const records = [{ id: '1', email: 'A@X.ORG ' }, { id: '1' }, { id: ' ' }, { id: '2' }, { id: '3' }];
        const result = normalize({ records, batchSize: 2 }) as { count: number; skipped: number; batches: Array<Array<{ id: string; email: string }>> };
        assert.equal(result.count, 3);
        assert.equal(result.skipped, 2);
        assert.deepEqual(result.batches.map(b => b.map(r => r.id)), [['1', '2'], ['3']]);
        assert.equal(result.batches[0][0].email, 'a@x.org');
    });

    it('run-check fails the check a commit message asks to fail', async () => {
        const run = await script('run-check.js');
        assert.equal((run({ check: 'lint', commit: { sha: 'abc', message: 'fix' } }) as { passed: boolean }).passed, true);
        assert.equal((run({ check: 'lint', commit: { sha: 'abc', message: 'wip [fail lint]' } }) as { passed: boolean }).passed, false);
    });

    it('score-identity adds up the evidence', async () => {
        const score = await script('score-identity.js');
        const customer = { id: 'C-1', name: 'Ada Lovelace', email: 'ada@x', country: 'UK' };
        const result = score({ customer, documents: [{ kind: 'passport', name: 'Ada Lovelace' }, { kind: 'utility-bill', name: 'A. L.' }] });
        assert.deepEqual(result, { score: 100, reasons: ['government id', 'proof of address', 'name matches'] });
    });
});
