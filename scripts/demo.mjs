// `npm run demo`: runs samples/order-fulfilment.weft end to end with the `weft` CLI on the
// embedded defaults (SQLite store `.weft/runs.db` next to the workflow, virtual time), against
// local stub services this script starts on loopback (payments, hooks, an OpenAI-compatible
// endpoint), then lists the stored run. The samples are copied to a demo folder under the OS temp
// folder first, so the repository stays clean. `npm run demo` builds first.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startSampleStubs } = await import(path.join(root, 'out/test/support/sample-stubs.js'));
const weftBin = path.join(root, 'bin', 'weft.cjs');

// A fresh copy of the samples: the run's store lands in <workspace>/.weft/runs.db, the default.
const workspace = path.join(tmpdir(), 'weft-demo');
rmSync(workspace, { recursive: true, force: true });
cpSync(path.join(root, 'samples'), workspace, { recursive: true, filter: (src) => !src.endsWith(`${path.sep}.weft`) });

function weft(args, env) {
    console.log(`\n$ weft ${args.map((a) => (a.includes(' ') || a.includes('{') ? `'${a}'` : a)).join(' ')}`);
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [weftBin, ...args], { cwd: workspace, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 1));
    });
}

const stubs = await startSampleStubs();
const dir = mkdtempSync(path.join(tmpdir(), 'weft-demo-'));
let code = 1;
try {
    const inputs = path.join(dir, 'order.json');
    writeFileSync(inputs, JSON.stringify({
        order: { id: 'ord-1001', customerId: 'cus-42', total: 59.8, currency: 'EUR', note: 'gift wrap', items: [{ sku: 'TEA-GREEN', qty: 2, unitPrice: 12.4 }, { sku: 'MUG-BLUE', qty: 1, unitPrice: 35 }] },
        paymentsUrl: stubs.url, hooksUrl: stubs.url,
    }));
    const events = path.join(dir, 'events.json');
    // The payment provider reports the settlement 10 minutes (of virtual time) after the start.
    writeFileSync(events, JSON.stringify([{ type: 'payment.settled', data: { orderId: 'ord-1001' }, at: '10m' }]));
    console.log(`Stub services on ${stubs.url}, OpenAI-compatible endpoint on ${stubs.openai.baseUrl}`);
    code = await weft(['run', 'order-fulfilment.weft', '--input', `@${inputs}`, '--events', `@${events}`, '--virtual-time'], stubs.env);
    if (code === 0) {
        await weft(['runs', '--limit', '3'], {});
        console.log(`\nCharges received by the payments stub: ${stubs.requestsTo('/charges', 'POST').length}, order hooks: ${stubs.requestsTo('/orders', 'POST').length}, model calls: ${stubs.openai.requests.length}`);
        console.log(`See the run in detail with: node bin/weft.cjs show <runId> --store ${path.join(workspace, '.weft', 'runs.db')}`);
    }
} finally {
    await stubs.close();
    rmSync(dir, { recursive: true, force: true });
}
process.exitCode = code;
