// `weft run` as users meet it (the shipped bundle, a real process): exit codes, diagnostics
// before anything starts, input checks, live progress vs one JSON object, the default SQLite
// store next to the workflow without Node's experimental warning, secrets kept out of output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliBundle, jsonOf, runWeft } from './weft-process.js';

const GREET = `
workflow Greet {
  input name: string
  input times: number = 1
  output message: string
  secret token = env("GREET_TOKEN")
  task shout: script """
    export default function ({ name, times, token }) { return { text: name.toUpperCase().repeat(times), tokenLength: token.length }; }
  """ { with { name: name, times: times, token: token } }
  wait nap for 2d
  set done { message = "hello \${shout.text}" }
  start -> shout -> nap -> done -> end
}
`;

const FAILING = `
workflow Broken {
  output never: string
  task boom: script """
    export default function () { const e = new Error("the disk is full"); e.name = "DiskFull"; throw e; }
  """
  start -> boom -> end
}
`;

interface RunJson {
    runId: string;
    status: string;
    outputs: Record<string, unknown>;
    error?: { name: string; message: string; node: string | null };
    trace: Array<{ node: string; status: string; attempt: number; startedAt: string; endedAt: string | null }>;
}

describe('weft run', function () {
    this.timeout(60_000);
    let dir: string;
    const env = { GREET_TOKEN: 'tok-very-secret-value' };

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-run-'));
        writeFileSync(path.join(dir, 'greet.weft'), GREET);
        writeFileSync(path.join(dir, 'broken.weft'), FAILING);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('prints exactly one JSON object with --json: runId, status, outputs and the trace in completion order', async () => {
        const r = await runWeft(['run', 'greet.weft', '--virtual-time', '--json', '--input', '{"name":"ada","times":2}'], { cwd: dir, env });
        assert.equal(r.code, 0, r.stderr);
        const run = jsonOf<RunJson>(r);
        assert.deepEqual(Object.keys(run).sort(), ['outputs', 'runId', 'status', 'trace']);
        assert.match(run.runId, /^run_/);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { message: 'hello ADAADA' });
        assert.deepEqual(run.trace.map((t) => [t.node, t.status, t.attempt]), [['shout', 'completed', 1], ['nap', 'completed', 1], ['done', 'completed', 1]]);
        const nap = run.trace[1]!;
        assert.equal(Date.parse(nap.endedAt!) - Date.parse(nap.startedAt), 2 * 86_400_000, 'virtual time: the 2d wait took two days on the run clock');
    });

    it('shows live progress without colours when not a TTY and keeps the secret out of it', async () => {
        const r = await runWeft(['run', 'greet.weft', '--virtual-time', '--input', '{"name":"ada"}'], { cwd: dir, env });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Run run_\S+ of Greet started\n  ▸ shout\n/, 'the header comes before the first node');
        assert.match(r.stdout, /✓ nap 2d 0h\n/);
        assert.match(r.stdout, /completed\n\s+outputs \{"message":"hello ADA"\}/);
        assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[/);
        assert.ok(!(r.stdout + r.stderr).includes(env.GREET_TOKEN));
    });

    it('ends quietly with 141 when its output pipe closes (weft run … | head -1)', async () => {
        const child = spawn(process.execPath, [cliBundle, 'run', 'greet.weft', '--virtual-time', '--memory', '--input', '{"name":"ada"}'], { cwd: dir, env: { ...process.env, ...env } });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
        child.stdout.once('data', () => child.stdout.destroy());
        const code = await new Promise<number | null>(resolve => child.on('close', resolve));
        assert.equal(code, 141, stderr);
        assert.equal(stderr, '', 'no EPIPE stack trace');
    });

    it('keeps runs in .weft/runs.db next to the workflow, with no experimental warning on stderr', async () => {
        const r = await runWeft(['run', path.join(dir, 'greet.weft'), '--virtual-time', '--input', '{"name":"ada"}'], { cwd: tmpdir(), env });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(existsSync(path.join(dir, '.weft', 'runs.db')));
        assert.equal(r.stderr, '');
        const runs = jsonOf<Array<{ workflow: string; status: string }>>(await runWeft(['runs', '--json'], { cwd: dir }));
        assert.deepEqual(runs.map((x) => [x.workflow, x.status]), [['Greet', 'completed']]);
    });

    it('exits 1 for a failed run and names the error and its node', async () => {
        const r = await runWeft(['run', 'broken.weft', '--memory', '--json'], { cwd: dir });
        assert.equal(r.code, 1, r.stderr);
        const run = jsonOf<RunJson>(r);
        assert.equal(run.status, 'failed');
        assert.deepEqual(run.error, { name: 'DiskFull', message: 'the disk is full', node: 'boom' });
        assert.deepEqual(run.trace.map((t) => [t.node, t.status]), [['boom', 'failed']]);
    });

    it('exits 2 and lists every missing or ill-typed input at its declaration, starting nothing and creating no store', async () => {
        const r = await runWeft(['run', 'greet.weft', '--input', '{"times":"two"}'], { cwd: dir, env });
        assert.equal(r.code, 2);
        const lines = r.stderr.trimEnd().split('\n');
        assert.deepEqual(lines, [
            "greet.weft:3:3 error input-missing missing input 'name' (string)",
            "greet.weft:4:3 error input-type input 'times': expected number, got string",
            "weft run: Greet did not start; give its inputs as --input '<json>' or --input @file.json",
        ]);
        assert.equal(r.stdout, '');
        assert.ok(!existsSync(path.join(dir, '.weft')), 'a run that cannot start leaves no store behind');
    });

    it('exits 2 at the declaration of a typed var whose initial value, read from an `any` input, does not fit', async () => {
        writeFileSync(path.join(dir, 'intake.weft'), 'workflow Intake {\n  input raw: any\n  var count: number = raw.count\n  output seen: number\n  set s { seen = count }\n  start -> s -> end\n}\n');
        const bad = await runWeft(['run', 'intake.weft', '--memory', '--input', '{"raw":{"count":"many"}}'], { cwd: dir });
        assert.equal(bad.code, 2, bad.stderr);
        assert.equal(bad.stderr.split('\n')[0], "intake.weft:3:3 error var-initial var 'count' is declared number; its initial value is not: expected number, got string");
        assert.equal(bad.stdout, '');
        const good = await runWeft(['run', 'intake.weft', '--memory', '--json', '--input', '{"raw":{"count":4}}'], { cwd: dir });
        assert.equal(good.code, 0, good.stderr);
        assert.deepEqual(jsonOf<RunJson>(good).outputs, { seen: 4 });
    });

    it('exits 2 for an unknown input and an unset secret together, naming the declared inputs and the variable', async () => {
        const r = await runWeft(['run', 'greet.weft', '--input', '{"name":"ada","nmae":"x"}'], { cwd: dir, env: { GREET_TOKEN: undefined } });
        assert.equal(r.code, 2);
        assert.deepEqual(r.stderr.trimEnd().split('\n'), [
            'greet.weft:6:3 error secret-unset secret token: environment variable GREET_TOKEN is not set',
            "greet.weft:2:1 error input-unknown unknown input 'nmae' (its inputs are 'name', 'times')",
            "weft run: Greet did not start; give its inputs as --input '<json>' or --input @file.json, and set the environment variables its secrets read",
        ]);
        assert.ok(!existsSync(path.join(dir, '.weft')));
    });

    it('exits 2 with file:line:col diagnostics for a workflow with errors, and creates no store', async () => {
        writeFileSync(path.join(dir, 'bad.weft'), 'workflow Bad {\n  start -> nowhere\n}\n');
        const r = await runWeft(['run', 'bad.weft'], { cwd: dir });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /bad\.weft:2:\d+ error/);
        assert.ok(!existsSync(path.join(dir, '.weft')));
    });

    it('reads --input @file.json and refuses a file that is not JSON in one line', async () => {
        writeFileSync(path.join(dir, 'in.json'), '{"name":"bo"}');
        const ok = await runWeft(['run', 'greet.weft', '--memory', '--virtual-time', '--json', '--input', '@in.json'], { cwd: dir, env });
        assert.deepEqual(jsonOf<RunJson>(ok).outputs, { message: 'hello BO' });
        writeFileSync(path.join(dir, 'bad.json'), '{name:');
        const bad = await runWeft(['run', 'greet.weft', '--memory', '--input', '@bad.json'], { cwd: dir, env });
        assert.equal(bad.code, 2);
        assert.match(bad.stderr.split('\n')[0]!, /^weft run: --input file bad\.json is not valid JSON/);
    });

    it('refuses to start without a secret the workflow needs', async () => {
        const r = await runWeft(['run', 'greet.weft', '--memory', '--input', '{"name":"ada"}'], { cwd: dir, env: { GREET_TOKEN: undefined } });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /GREET_TOKEN/);
    });
});
