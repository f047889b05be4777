// Every sample in samples/ runs end to end with `weft run --virtual-time` (the shipped bundle, a
// real process) against loopback stub servers, and ends as it is meant to: final status,
// outputs, error and the set of nodes that completed.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { samplesDir } from '../support/paths.js';
import { startSampleStubs, type SampleStubs } from '../support/sample-stubs.js';
import { sampleCases, samplePath } from './sample-cases.js';
import { jsonOf, runWeft } from './weft-process.js';

interface RunJson {
    status: string;
    outputs: Record<string, unknown>;
    error?: { name: string; message: string; node: string | null };
    trace: Array<{ node: string; status: string }>;
}

describe('weft run on every sample (virtual time, loopback stubs)', function () {
    this.timeout(60_000);
    let stubs: SampleStubs;
    let dir: string;

    before(async () => {
        stubs = await startSampleStubs();
        dir = mkdtempSync(path.join(tmpdir(), 'weft-samples-'));
    });
    after(async () => {
        await stubs.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it('covers every workflow file in samples/', () => {
        const files = readdirSync(samplesDir, { withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.weft') && f.name !== 'commerce-types.weft').map((f) => f.name).sort();
        assert.deepEqual(sampleCases.map((c) => c.file).sort(), files);
    });

    for (const c of sampleCases) {
        it(`${c.file} ends ${c.expected.status} with the expected outputs and nodes`, async () => {
            const args = ['run', samplePath(c), '--memory', '--virtual-time', '--json', '--input', JSON.stringify(c.inputs(stubs.url))];
            if (c.events) {
                const file = path.join(dir, `${c.file}.events.json`);
                writeFileSync(file, JSON.stringify(c.events));
                args.push('--events', `@${file}`);
            }
            const result = await runWeft(args, { env: stubs.env });
            const run = jsonOf<RunJson>(result);
            assert.equal(run.status, c.expected.status, result.stderr);
            assert.equal(result.code, c.expected.status === 'completed' ? 0 : 1);
            assert.deepEqual(run.outputs, c.expected.outputs);
            if (c.expected.error) {
                assert.equal(run.error?.name, c.expected.error.name);
                assert.equal(run.error?.node, c.expected.error.node);
            } else {
                assert.equal(run.error, undefined);
            }
            assert.deepEqual(run.trace.filter((t) => t.status === 'completed').map((t) => t.node).sort(), c.expected.completed);
        });
    }

    it('order-fulfilment charged the stub payments API with the secret key, which no output shows', async () => {
        const c = sampleCases.find((s) => s.file === 'order-fulfilment.weft')!;
        const before = stubs.requestsTo('/charges').length;
        const result = await runWeft(['run', samplePath(c), '--memory', '--virtual-time', '--input', JSON.stringify(c.inputs(stubs.url))], { env: stubs.env });
        const charges = stubs.requestsTo('/charges', 'POST').slice(before);
        assert.equal(charges.length, 1);
        assert.equal(charges[0]!.headers.authorization, `Bearer ${stubs.env.PAYMENTS_KEY}`);
        assert.ok(!result.stdout.includes(stubs.env.PAYMENTS_KEY!) && !result.stderr.includes(stubs.env.PAYMENTS_KEY!));
    });
});
