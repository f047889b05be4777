// Specification of the script runner (runtime/executors/script/): JavaScript in real worker
// threads with memory and cpu-time limits, and the failures it reports — both in the engine's
// process (script-pool.ts) and isolated in a script host process (script-host-client.ts), which
// must keep the engine's environment away from scripts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { splitsCommas } from '../../../../runtime/executors/script/script-host-client.js';
import { ScriptFailure, ScriptHostPool, ScriptWorkerPool, type ScriptPool, type ScriptPoolOptions, type ScriptRunOptions } from '../../../../runtime/executors/script/script-runner.js';
import { fromRoot } from '../../../support/paths.js';
import { folderOutsideTemp } from '../../../support/outside-temp.js';

async function failure(p: Promise<unknown>): Promise<ScriptFailure> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ScriptFailure, `expected a ScriptFailure, got ${String(err)}`);
    return err;
  }
  assert.fail('the script was expected to fail');
}

const kinds: Array<[string, (o?: ScriptPoolOptions) => ScriptPool]> = [
  ['in the engine\'s process', (o) => new ScriptWorkerPool(o)],
  ['in a script host process', (o) => new ScriptHostPool(o)],
];

for (const [kind, make] of kinds) describe(`script runner, ${kind}`, function () {
  this.timeout(20000);
  let pool: ScriptPool;
  let dir: string;
  const run = (o: Partial<ScriptRunOptions> & { code?: string }) => pool.run({ input: null, ...o });

  beforeEach(async () => {
    pool = make();
    dir = await mkdtemp(path.join(tmpdir(), 'weft-script-'));
  });
  afterEach(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns what the default export returns for the input', async () => {
    const r = await run({ code: 'export default (input) => ({ total: input.items.reduce((s, i) => s + i.qty, 0) })', input: { items: [{ qty: 2 }, { qty: 3 }] } });
    assert.deepEqual(r.value, { total: 5 });
  });

  it('awaits an async default export and normalises undefined to null', async () => {
    assert.equal((await run({ code: 'export default async () => { await Promise.resolve(); return 7 }' })).value, 7);
    assert.equal((await run({ code: 'export default () => {}' })).value, null);
  });

  it('runs a module file given by path and sees edits to it', async () => {
    const file = path.join(dir, 'validate.js');
    await writeFile(file, 'export default (o) => o.id.length > 0;\n');
    assert.equal((await pool.run({ path: file, input: { id: 'o-1' } })).value, true);
    await writeFile(file, 'export default (o) => "edited:" + o.id; // a different size\n');
    assert.equal((await pool.run({ path: file, input: { id: 'o-1' } })).value, 'edited:o-1');
  });

  it('captures console output as logs with levels, in order', async () => {
    const seen: string[] = [];
    const r = await run({
      code: 'export default () => { console.log("hello", { a: 1 }); console.warn("careful"); console.error("bad"); console.debug("dbg"); return 1 }',
      onLog: (l) => seen.push(l.message),
    });
    assert.deepEqual(r.logs.map((l) => [l.level, l.message]), [['info', 'hello { a: 1 }'], ['warn', 'careful'], ['error', 'bad'], ['debug', 'dbg']]);
    assert.deepEqual(seen, ['hello { a: 1 }', 'careful', 'bad', 'dbg']);
    assert.ok(r.logs.every((l) => typeof l.at === 'number' && l.at > 0));
  });

  it('keeps the name of an error the script throws so it can be routed', async () => {
    const err = await failure(run({ code: 'class PaymentDeclined extends Error { name = "PaymentDeclined" }\nexport default () => { console.log("charging"); throw new PaymentDeclined("card expired") }' }));
    assert.equal(err.name, 'PaymentDeclined');
    assert.equal(err.message, 'card expired');
    assert.deepEqual(err.logs.map((l) => l.message), ['charging']);
    assert.ok(err.matches('PaymentDeclined'));
  });

  it('reports a thrown non-error value as Error with its text', async () => {
    const err = await failure(run({ code: 'export default () => { throw "plain text" }' }));
    assert.equal(err.name, 'Error');
    assert.equal(err.message, 'plain text');
  });

  it('gives the script an empty environment: no parent variables, no secrets', async () => {
    process.env.WEFT_TEST_PARENT_SECRET = 'do-not-leak';
    try {
      const r = await run({ code: 'export default () => ({ keys: Object.keys(process.env), secret: process.env.WEFT_TEST_PARENT_SECRET ?? null })' });
      assert.deepEqual(r.value, { keys: [], secret: null });
    } finally {
      delete process.env.WEFT_TEST_PARENT_SECRET;
    }
  });

  it('fails with MemoryLimitExceeded when the script outgrows its memory and discards the worker', async () => {
    const err = await failure(run({ code: 'export default () => { const a = []; for (;;) a.push(new Array(100000).fill(a.length)) }', memoryBytes: 16 * 1024 * 1024 }));
    assert.equal(err.name, 'MemoryLimitExceeded');
    assert.match(err.message, /memory limit of 16 MB/);
    assert.equal(pool.size, 0);
  });

  it('fails with CpuLimitExceeded when the script burns more CPU than allowed', async () => {
    const err = await failure(run({ code: 'export default () => { for (;;) {} }', cpuMs: 100, timeoutMs: 15000 }));
    assert.equal(err.name, 'CpuLimitExceeded');
    assert.ok(err.cpuMs > 100, `cpu ${err.cpuMs}`);
    assert.equal(pool.size, 0);
  });

  it('does not count waiting as CPU time', async () => {
    const r = await run({ code: 'export default async () => { for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r)); return "ok" }', cpuMs: 1000 });
    assert.equal(r.value, 'ok');
  });

  it('fails with Timeout when the script does not finish in time', async () => {
    const err = await failure(run({ code: 'export default () => new Promise(() => {})', timeoutMs: 150 }));
    assert.equal(err.name, 'Timeout');
    assert.equal(pool.size, 0);
  });

  it('stops a running script when its signal aborts', async () => {
    const ac = new AbortController();
    const p = run({ code: 'export default () => { console.log("started"); return new Promise(() => {}) }', signal: ac.signal, onLog: () => ac.abort() });
    const err = await failure(p);
    assert.equal(err.name, 'Cancelled');
    assert.equal(pool.size, 0);
  });

  it('reports cpu time and peak memory of a run', async () => {
    const r = await run({ code: 'export default () => { const big = new Array(2_000_000).fill(1.5); let s = 0; for (let i = 0; i < 3e7; i++) s += i % 7; return big.length + (s > 0 ? 0 : 1) }' });
    assert.equal(r.value, 2_000_000);
    assert.ok(r.cpuMs > 5, `cpu ${r.cpuMs}`);
    assert.ok(r.maxMemoryBytes > 16_000_000, `memory ${r.maxMemoryBytes}`);
  });

  it('reuses a warm worker after successes and clean failures', async () => {
    const code = 'globalThis.n = (globalThis.n ?? 0) + 1; export default () => ++globalThis.runs || (globalThis.runs = 1)';
    assert.equal((await run({ code })).value, 1);
    await failure(run({ code: 'export default () => { throw new Error("x") }' }));
    assert.equal((await run({ code })).value, 2);
    assert.equal(pool.size, 1);
  });

  it('runs scripts concurrently on separate workers', async () => {
    const code = 'export default async (x) => { await new Promise((r) => setTimeout(r, 20)); return x * 2 }';
    const results = await Promise.all([1, 2, 3, 4].map((x) => run({ code, input: x })));
    assert.deepEqual(results.map((r) => r.value), [2, 4, 6, 8]);
  });

  it('runs at most maxConcurrent scripts at once; the others wait their turn', async () => {
    const limited = make({ maxConcurrent: 1 });
    try {
      const events: string[] = [];
      const code = 'export default async (name) => { console.log(name + "-start"); await new Promise((r) => setTimeout(r, 50)); return name }';
      const runOne = (name: string) => limited.run({ code, input: name, onLog: (l) => events.push(l.message) }).then((r) => { events.push(`${r.value}-done`); });
      await Promise.all([runOne('a'), runOne('b')]);
      assert.deepEqual(events, ['a-start', 'a-done', 'b-start', 'b-done']);
      assert.equal(limited.size, 1);
    } finally {
      await limited.close();
    }
  });

  it('cancels a run that is still waiting for a worker', async () => {
    const limited = make({ maxConcurrent: 1 });
    try {
      const ac = new AbortController();
      const first = limited.run({ code: 'export default () => { console.log("busy"); return new Promise(() => {}) }', input: null, onLog: () => ac.abort() });
      const second = limited.run({ code: 'export default () => 1', input: null, signal: ac.signal });
      const err = await failure(second);
      assert.equal(err.name, 'Cancelled');
      assert.match(err.message, /waiting for a worker/);
      await limited.close();
      assert.equal((await failure(first)).name, 'Cancelled');
    } finally {
      await limited.close();
    }
  });

  it('explains a missing file, a missing default export and a syntax error', async () => {
    const missing = await failure(pool.run({ path: path.join(dir, 'nope.js'), input: null }));
    assert.equal(missing.name, 'ScriptLoadError');
    assert.match(missing.message, /script file not found: .*nope\.js/);
    const noDefault = await failure(run({ code: 'export const x = 1' }));
    assert.equal(noDefault.name, 'ScriptLoadError');
    assert.match(noDefault.message, /no default export function/);
    const syntax = await failure(run({ code: 'export default () => {' }));
    assert.equal(syntax.name, 'ScriptLoadError');
    assert.match(syntax.message, /SyntaxError/);
  });

  it('rejects a result that is not JSON data', async () => {
    const err = await failure(run({ code: 'export default () => ({ n: 10n })' }));
    assert.equal(err.name, 'ScriptResultInvalid');
  });

  it('reports a script that exits its worker as a crash', async () => {
    const err = await failure(run({ code: 'export default () => { process.exit(3) }' }));
    assert.equal(err.name, 'ScriptCrashed');
    assert.match(err.message, /exited with code 3/);
  });

  it('captures direct writes to stdout and stderr', async () => {
    const r = await run({ code: 'export default async () => { process.stdout.write("out line\\n"); process.stderr.write("err line\\n"); await new Promise((r) => setTimeout(r, 20)); return 1 }' });
    assert.deepEqual(r.logs.map((l) => [l.level, l.message]).sort(), [['error', 'err line'], ['info', 'out line']]);
  });

  it('counts Buffers against the memory limit and in the peak memory', async () => {
    const err = await failure(run({ code: 'export default () => { const bufs = []; for (let i = 0; i < 12; i++) bufs.push(Buffer.alloc(64 * 1024 * 1024, 1)); return bufs.length }', memoryBytes: 32 * 1024 * 1024, timeoutMs: 15000 }));
    assert.equal(err.name, 'MemoryLimitExceeded');
    assert.match(err.message, /memory limit of 32 MB/);
    const r = await run({ code: 'export default () => Buffer.alloc(40 * 1024 * 1024, 1).length' });
    assert.ok(r.maxMemoryBytes > 40 * 1024 * 1024, `memory ${r.maxMemoryBytes}`);
  });

  it('refuses to let a script send a signal (to its host, the engine or any process)', async () => {
    // Signal 0 only checks: a refused one proves the guard without ending this test's process.
    for (const call of ['process.kill(process.pid, 0)', 'process.kill(process.ppid, 0)', 'process._kill(process.pid, 0)']) {
      const err = await failure(run({ code: `export default () => { ${call}; return "sent" }` }));
      assert.equal(err.message, 'scripts may not send signals to processes', call);
    }
    assert.equal((await run({ code: 'export default () => "still here"' })).value, 'still here');
  });

  it('refuses to let a script start a worker thread (its CPU would escape the limit)', async () => {
    const err = await failure(run({ code: 'import { Worker } from "node:worker_threads"; export default () => new Worker("1", { eval: true, execArgv: [] })' }));
    assert.match(err.message, /scripts may not start worker threads|ERR_ACCESS_DENIED|restricted/);
  });

  it('never shares a warm worker between groups (workflows), nor reuses one that was given a secret', async () => {
    const keep = 'export default (x) => { const seen = globalThis.kept ?? null; globalThis.kept = x; return seen }';
    assert.equal((await run({ code: keep, input: 'w1 data', group: 'w1' })).value, null);
    assert.equal((await run({ code: keep, input: 'more', group: 'w1' })).value, 'w1 data', 'reused within its group');
    assert.equal((await run({ code: keep, input: 'x', group: 'w2' })).value, null, 'not across groups');
    assert.equal((await run({ code: keep, input: 'tok-secret-1', group: 'w3', secretInput: true })).value, null);
    assert.equal((await run({ code: keep, input: 'y', group: 'w3' })).value, null, 'the secret\'s worker was discarded');
    assert.equal((await run({ code: keep, input: 'z', group: 'w1' })).value, 'more', 'the group\'s warm worker is still there');
  });
});

describe('script runner processes and bundles', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'weft-script-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('does not keep the host process alive with its idle warm workers', async () => {
    const runner = pathToFileURL(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../runtime/executors/script/script-runner.js')).href;
    const main = `const m = await import(${JSON.stringify(runner)}); const r = await m.runScript({ code: 'export default (x) => x * 3', input: 5 }); console.log(r.value);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', main], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    assert.equal(code, 0, 'the child exited by itself');
    assert.equal(out.trim(), '15');
  });

  it('finds its worker next to a CommonJS bundle, as laid out in dist/', async () => {
    const entry = path.join(dir, 'entry.ts');
    await writeFile(entry, `import { runScript } from ${JSON.stringify(fromRoot('runtime/executors/script/script-runner.ts'))};
      runScript({ code: 'export default (x) => x + 1', input: 41 }).then((r) => console.log(JSON.stringify(r.value)));`);
    const cjs = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node22', logLevel: 'silent' as const,
      // The same define and banner as esbuild.mjs uses for dist/*.cjs.
      define: { 'import.meta.url': '__weft_bundle_url' },
      banner: { js: 'const __weft_bundle_url = require("url").pathToFileURL(__filename).href;' } };
    await esbuild.build({ ...cjs, entryPoints: [entry], outfile: path.join(dir, 'cli.cjs') });
    await esbuild.build({ ...cjs, entryPoints: [fromRoot('runtime/executors/script/script-worker.ts')], outfile: path.join(dir, 'script-worker.cjs') });
    await esbuild.build({ ...cjs, entryPoints: [fromRoot('runtime/executors/script/script-host.ts')], outfile: path.join(dir, 'script-host.cjs') });
    const child = spawn(process.execPath, [path.join(dir, 'cli.cjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    assert.equal(out.trim(), '42');
  });

  it('works from the CommonJS bundle that ships in dist/', async () => {
    const bundled = path.join(dir, 'script-worker.cjs');
    await esbuild.build({
      entryPoints: [fromRoot('runtime/executors/script/script-worker.ts')], outfile: bundled,
      bundle: true, platform: 'node', format: 'cjs', target: 'node22', logLevel: 'silent',
    });
    const host = path.join(dir, 'script-host.cjs');
    await esbuild.build({
      entryPoints: [fromRoot('runtime/executors/script/script-host.ts')], outfile: host,
      bundle: true, platform: 'node', format: 'cjs', target: 'node22', logLevel: 'silent',
    });
    const file = path.join(dir, 'ship.mjs');
    await writeFile(file, 'export default (o) => ({ tracking: "T-" + o.id })');
    for (const bundledPool of [new ScriptWorkerPool({ workerPath: bundled }), new ScriptHostPool({ workerPath: bundled, hostPath: host })]) {
      try {
        assert.deepEqual((await bundledPool.run({ path: file, input: { id: 9 } })).value, { tracking: 'T-9' });
        assert.equal((await bundledPool.run({ code: 'export default () => "inline"', input: null })).value, 'inline');
      } finally {
        await bundledPool.close();
      }
    }
  });
});

describe('script host isolation', function () {
  this.timeout(30000);
  let pool: ScriptHostPool;
  let dir: string;
  const secret = 'zq-engine-secret-4711';
  beforeEach(async () => {
    pool = new ScriptHostPool();
    dir = await mkdtemp(path.join(tmpdir(), 'weft-script-host-'));
    process.env.WEFT_TEST_ENGINE_SECRET = secret;
  });
  afterEach(async () => {
    delete process.env.WEFT_TEST_ENGINE_SECRET;
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the engine\'s environment from a script reading /proc/self/environ and /proc/<ppid>/environ', async () => {
    const code = `import fs from 'node:fs';
      const read = (f) => { try { return fs.readFileSync(f, 'latin1') } catch (e) { return 'denied ' + e.code } };
      export default () => ({ self: read('/proc/self/environ'), parent: read('/proc/' + process.ppid + '/environ'), engine: read('/proc/${process.pid}/environ'), env: process.env })`;
    const r = await pool.run({ code, input: null, folder: dir });
    const text = JSON.stringify(r.value);
    assert.ok(!text.includes(secret), text.slice(0, 300));
    const v = r.value as { self: string; parent: string; engine: string };
    assert.equal(v.self, 'denied ERR_ACCESS_DENIED');
    assert.equal(v.parent, 'denied ERR_ACCESS_DENIED');
    assert.equal(v.engine, 'denied ERR_ACCESS_DENIED');
    assert.ok(pool.isolated);
  });

  it('lets a script import its sibling modules and read and write its workflow\'s folder (its working folder), nothing else', async () => {
    await writeFile(path.join(dir, 'rates.mjs'), 'export const vat = 0.2;\n');
    await writeFile(path.join(dir, 'data.json'), '{"n": 3}');
    const file = path.join(dir, 'task.mjs');
    await writeFile(file, `import fs from 'node:fs';
      import { vat } from './rates.mjs';
      const tryRead = (f) => { try { fs.readFileSync(f); return 'read' } catch (e) { return e.code } };
      export default () => {
        fs.writeFileSync(new URL('./out.txt', import.meta.url), 'written');
        return { vat, n: JSON.parse(fs.readFileSync(new URL('./data.json', import.meta.url), 'utf8')).n, relative: fs.readFileSync('out.txt', 'utf8'), passwd: tryRead('/etc/passwd') };
      }`);
    const r = await pool.run({ path: file, input: null, folder: dir });
    assert.deepEqual(r.value, { vat: 0.2, n: 3, relative: 'written', passwd: 'ERR_ACCESS_DENIED' });
  });

  it('carries a large result and many log lines over its channel, in order', async () => {
    const logs: string[] = [];
    const r = await pool.run({ code: 'export default () => { for (let i = 0; i < 300; i++) console.log("line " + i); return "x".repeat(8 * 1024 * 1024) + "end" }', input: null, onLog: (l) => logs.push(l.message) });
    assert.equal((r.value as string).length, 8 * 1024 * 1024 + 3);
    assert.ok((r.value as string).endsWith('end'));
    assert.deepEqual(logs, Array.from({ length: 300 }, (_, i) => `line ${i}`));
  });

  it('refuses a script starting a process', async () => {
    const err = await failure(pool.run({ code: 'import { execSync } from "node:child_process"; export default () => String(execSync("env"))', input: null }));
    assert.equal(err.message, 'access denied (ChildProcess /bin/sh): a script may read only its workflow\'s folder and the temp folder, write only those, and start no process');
  });

  it('fails a script that ends its host with ScriptCrashed and starts a new host for the next', async () => {
    // Closing the host's channel (fd 3) ends it: what is left of "crash your host" once signals are refused.
    const err = await failure(pool.run({ code: 'import fs from "node:fs"; export default () => { fs.closeSync(3); return new Promise(() => {}) }', input: null }));
    assert.equal(err.name, 'ScriptCrashed');
    assert.match(err.message, /script host exited/);
    assert.equal((await pool.run({ code: 'export default () => "again"', input: null })).value, 'again');
  });

  it('fails only the script that ends its host: one in flight beside it (another run of the workflow) runs again alone and finishes', async () => {
    const group = 'snoop.weft#Snoop';
    let started!: () => void;
    const sleeperStarted = new Promise<void>((r) => { started = r; });
    const sleeperLogs: string[] = [];
    const sleeper = pool.run({ code: 'export default async (x) => { console.log("sleeping"); await new Promise((r) => setTimeout(r, 200)); return x + " slept" }', input: 'run 1', group, folder: dir,
      onLog: (l) => { sleeperLogs.push(`${l.level}: ${l.message}`); started(); } });
    await sleeperStarted;
    // Signals are refused (above); closing the host's channel still ends the host.
    const crasher = failure(pool.run({ code: 'import fs from "node:fs"; export default () => { fs.closeSync(3); return new Promise(() => {}) }', input: 'run 2', group, folder: dir }));
    assert.equal((await sleeper).value, 'run 1 slept');
    const err = await crasher;
    assert.equal(err.name, 'ScriptCrashed');
    // The host exits on its own (70: its channel failed), or the engine stops it first (it saw the channel close).
    assert.match(err.message, /^the script host exited \((code 70|SIGKILL)\) before the script finished, when run again alone on a new host$/);
    assert.equal(sleeperLogs.length, 3, sleeperLogs.join('\n'));
    assert.equal(sleeperLogs[0], 'info: sleeping');
    assert.match(sleeperLogs[1]!, /^warn: the script host exited \((code 70|SIGKILL)\) before the script finished, beside 1 other script\(s\); it runs again, alone on a new host$/);
    assert.equal(sleeperLogs[2], 'info: sleeping');
    assert.equal((await pool.run({ code: 'export default () => "next"', input: null, group, folder: dir })).value, 'next');
  });

  it('runs a script again on a new host when an earlier script closed the host\'s fd 0 and left', async () => {
    assert.equal((await pool.run({ code: 'import fs from "node:fs"; export default () => { fs.closeSync(0); return "closed" }', input: null, folder: dir })).value, 'closed');
    const logs: string[] = [];
    const r = await pool.run({ code: 'export default (x) => x * 2', input: 21, folder: dir, timeoutMs: 5000, onLog: (l) => logs.push(l.message) });
    assert.equal(r.value, 42);
    assert.deepEqual(logs, ['the script host\'s channel was closed (by an earlier script) before the script reached it; it runs on a new host']);
  });

  describe('a workflow in a folder whose name has a comma', () => {
    // `--allow-fs-read=/x/a,b` was two paths, /x/a and b, on Node 20.0 to 20.6. Outside the temp
    // folder (which a script may read), so that /x/a is refused unless the flag was cut there.
    const task = `import fs from 'node:fs';
      const at = (f) => new URL(f, import.meta.url);
      const tryRead = (f) => { try { return fs.readFileSync(f, 'utf8') } catch (e) { return e.code } };
      export default () => { fs.writeFileSync(at('out.txt'), 'written'); return { data: tryRead(at('data.txt')), out: tryRead(at('out.txt')), cut: tryRead(at('../a/secret.txt')), environ: tryRead('/proc/self/environ').slice(0, 17) } }`;
    const isolated = { data: 'in a,b', out: 'written', cut: 'ERR_ACCESS_DENIED', environ: 'ERR_ACCESS_DENIED' };
    let base: string;
    let wf: string;
    beforeEach(function () {
      const outside = folderOutsideTemp('.weft-comma-test-');
      if (outside === undefined) this.skip();
      base = outside!;
      return prepare();
    });
    const prepare = async () => {
      wf = path.join(base, 'a,b');
      await mkdir(wf);
      await mkdir(path.join(base, 'a'));
      await writeFile(path.join(base, 'a', 'secret.txt'), 'the folder the comma cuts to');
      await writeFile(path.join(wf, 'data.txt'), 'in a,b');
      await writeFile(path.join(wf, 'task.mjs'), task);
    };
    afterEach(async () => { if (base) await rm(base, { recursive: true, force: true }); });

    it('runs isolated in its host, which may read and write that folder and not the one the comma would cut it to', async () => {
      assert.deepEqual((await pool.run({ path: path.join(wf, 'task.mjs'), input: null, folder: wf })).value, isolated);
      assert.ok(pool.isolated);
    });

    it('does so on the system\'s Node 20 too (--experimental-permission), where there is one', function () {
      const node20 = '/usr/bin/node';
      if (!existsSync(node20) || !/^v20\./.test(execFileSync(node20, ['--version'], { encoding: 'utf8' }))) this.skip();
      const runner = pathToFileURL(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../runtime/executors/script/script-runner.js')).href;
      const main = `const m = await import(${JSON.stringify(runner)}); const p = new m.ScriptHostPool();
        const r = await p.run({ path: ${JSON.stringify(path.join(wf, 'task.mjs'))}, input: null, folder: ${JSON.stringify(wf)} }); console.log(JSON.stringify({ value: r.value, isolated: p.isolated })); await p.close();`;
      const out = execFileSync(node20, ['--input-type=module', '-e', main], { encoding: 'utf8', timeout: 20000 });
      assert.deepEqual(JSON.parse(out), { value: isolated, isolated: true });
    });

    it('runs in the engine\'s process, said once for that folder, on a Node that splits the flag at commas; other folders stay isolated', async () => {
      const old = new ScriptHostPool({ nodeVersion: 'v20.5.1' });
      try {
        const logs: string[] = [];
        const r = await old.run({ path: path.join(wf, 'task.mjs'), input: null, folder: wf, onLog: (l) => logs.push(l.message) });
        const v = r.value as typeof isolated;
        assert.equal(v.data, 'in a,b');
        assert.equal(v.cut, 'the folder the comma cuts to', 'in process: nothing is refused');
        assert.deepEqual(logs, [`script isolation is not available for ${wf} (Node v20.5.1 splits --allow-fs-read at commas): its scripts run in the engine's process and could read its environment`]);
        const again: string[] = [];
        await old.run({ path: path.join(wf, 'task.mjs'), input: null, folder: wf, onLog: (l) => again.push(l.message) });
        assert.deepEqual(again, []);
        const other = await old.run({ code: 'import fs from "node:fs"; export default () => { try { return fs.readFileSync("/proc/self/environ", "utf8") } catch (e) { return e.code } }', input: null, folder: path.join(base, 'a') });
        assert.equal(other.value, 'ERR_ACCESS_DENIED');
        assert.ok(old.isolated);
      } finally {
        await old.close();
      }
    });

    it('knows which Nodes split the flag at commas (20.0 to 20.6)', () => {
      assert.deepEqual(['v20.0.0', 'v20.6.1', 'v20.7.0', 'v20.20.2', 'v21.0.0', 'v22.23.3', 'v24.21.0'].map(splitsCommas), [true, true, false, false, false, false, false]);
    });
  });

  it('falls back to the engine\'s process where the host cannot start, and says so once', async () => {
    const broken = path.join(dir, 'broken-host.cjs');
    await writeFile(broken, 'process.exit(9)');
    const fallback = new ScriptHostPool({ hostPath: broken });
    try {
      const logs: string[] = [];
      const r = await fallback.run({ code: 'export default () => 5', input: null, onLog: (l) => logs.push(l.message) });
      assert.equal(r.value, 5);
      assert.equal(fallback.isolated, false);
      assert.match(logs.join('\n'), /script isolation is not available here/);
      const again: string[] = [];
      await fallback.run({ code: 'export default () => 6', input: null, onLog: (l) => again.push(l.message) });
      assert.deepEqual(again, []);
    } finally {
      await fallback.close();
    }
  });
});

describe('script host isolation against a script reading the host\'s channel', function () {
  this.timeout(30000);

  it('never shows it another script\'s input, and a swallowed message still ends with a failure', async () => {
    const pool = new ScriptHostPool();
    try {
      // fd 0 carries the engine's requests to the host (script-channel.ts): a script shares the
      // process's descriptors, and the permission model does not cover reads of an open one.
      const thief = `import fs from 'node:fs';
        export default () => { const got = []; const buf = Buffer.alloc(65536); const end = Date.now() + 1500;
          while (Date.now() < end) { try { const n = fs.readSync(0, buf); if (n > 0) got.push(buf.subarray(0, n).toString('latin1')); } catch (e) { if (e.code !== 'EAGAIN') return 'error ' + e.code } }
          return got.join('') }`;
      const stealing = pool.run({ code: thief, input: null, timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      const victims: Array<Promise<unknown>> = [];
      for (let i = 0; i < 20; i++) {
        victims.push(pool.run({ code: 'export default (x) => x.token.length', input: { token: 'zq-stolen-secret-99' }, timeoutMs: 3000, secretInput: true }).then((r) => r.value, (e: Error) => e.name));
        await new Promise((r) => setTimeout(r, 30));
      }
      const got = String((await stealing).value);
      assert.ok(!got.includes('zq-stolen-secret-99'), 'the thief read a secret');
      assert.ok(!got.includes(Buffer.from('zq-stolen-secret-99').toString('base64').slice(0, 20)), 'the thief read a secret in base64');
      for (const v of await Promise.all(victims)) assert.ok(v === 19 || v === 'Timeout', String(v));
    } finally {
      await pool.close();
    }
  });
});

describe('script host isolation against a script writing to the host\'s channel', function () {
  this.timeout(30000);

  it('ignores a result a script forged for another script in flight, says so without its content, and the real result wins', async () => {
    const pool = new ScriptHostPool();
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      said.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      let started!: () => void;
      const victimStarted = new Promise<void>((r) => { started = r; });
      // The host's first script has id 1; the forger writes a well-framed result for it to fd 3,
      // the host's channel to the engine, with a MAC it cannot know.
      const victim = pool.run({ code: 'export default async () => { console.log("started"); await new Promise((r) => setTimeout(r, 600)); return "real" }', input: null, onLog: () => started() });
      await victimStarted;
      const forger = `import fs from 'node:fs'; import { serialize } from 'node:v8';
        export default () => {
          const payload = serialize({ type: 'result', id: 1, value: 'zq-forged-value', logs: [], cpuMs: 0, maxMemoryBytes: 0, size: 1 });
          const body = Buffer.concat([Buffer.alloc(32, 7), payload]);
          const head = Buffer.alloc(4); head.writeUInt32BE(body.length);
          fs.writeSync(3, Buffer.concat([head, body]));
          return 'sent';
        }`;
      assert.equal((await pool.run({ code: forger, input: null })).value, 'sent');
      assert.equal((await victim).value, 'real');
      const text = said.join('');
      assert.match(text, /weft script host: ignored a message on its channel that the host did not sign/);
      assert.ok(!text.includes('zq-forged-value'), 'the forged content was not logged');
    } finally {
      process.stderr.write = write;
      await pool.close();
    }
  });

  it('keeps the engine\'s process up when a script writes garbage to the channel or signals the engine', async () => {
    const runner = pathToFileURL(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../runtime/executors/script/script-runner.js')).href;
    // An engine of its own: one that these scripts end must not be this test's process.
    const main = `const m = await import(${JSON.stringify(runner)});
      const tries = {
        short: 'import fs from "node:fs"; export default async () => { fs.writeSync(3, Buffer.from([0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8])); await new Promise((r) => setTimeout(r, 100)); return "survived" }',
        huge: 'import fs from "node:fs"; export default async () => { fs.writeSync(3, Buffer.from([255, 255, 255, 255, 1, 2, 3])); await new Promise((r) => setTimeout(r, 2000)); return "survived" }',
        // A frame begun and not finished, longer than what the host sends next: it takes in this
        // script's result and waits for more. Before, the script then waited for its timeout.
        partial: 'import fs from "node:fs"; export default async () => { fs.writeSync(3, Buffer.from([0, 0, 4, 0, 1, 2, 3])); await new Promise((r) => setTimeout(r, 100)); return "survived" }',
        // Two whole unsigned frames in a row: the second is no forgery one could ignore but a sign
        // that the stream is out of step. Before, both were ignored.
        twice: 'import fs from "node:fs"; export default async () => { const f = Buffer.concat([Buffer.from([0, 0, 0, 40]), Buffer.alloc(40, 9)]); fs.writeSync(3, Buffer.concat([f, f])); await new Promise((r) => setTimeout(r, 100)); return "survived" }',
        engine: 'export default () => { process.kill(process.ppid, "SIGKILL"); return "sent" }',
      };
      const out = {};
      for (const [k, code] of Object.entries(tries)) out[k] = await m.runScript({ code, input: null }).then((r) => r.value, (e) => e.name + ': ' + e.message);
      out.after = (await m.runScript({ code: 'export default () => "after"', input: null })).value;
      console.log(JSON.stringify(out));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', main], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    assert.equal(signal, null, err);
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out), {
      short: 'survived',
      huge: 'ScriptCrashed: the script host exited (SIGKILL) before the script finished',
      partial: 'ScriptCrashed: the script host exited (SIGKILL) before the script finished',
      twice: 'ScriptCrashed: the script host exited (SIGKILL) before the script finished',
      engine: 'Error: scripts may not send signals to processes',
      after: 'after',
    });
    assert.match(err, /ignored a message on its channel that the host did not sign/);
    assert.match(err, /its channel carried bytes that are not its messages \(a script wrote to it\); the host was stopped/);
  });
});
