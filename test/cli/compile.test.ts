// `weft compile` specification, run as users run it: the bundled CLI (dist/cli.cjs) spawned
// with real files in a temporary folder. Checks the printed IR, the exit codes (0 ok,
// 1 invalid, 2 usage/unreadable) and the `file:line:col severity code message` diagnostics.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleHash } from '../../runtime/ir/bundle-hash.js';
import type { WorkflowBundle } from '../../runtime/ir/workflow-definition.js';
import { schemaErrors } from '../language-server/support/bundle-schema.js';
import { distDir } from '../support/paths.js';

const run = promisify(execFile);

interface CliResult { code: number; stdout: string; stderr: string }

async function weft(cwd: string, ...args: string[]): Promise<CliResult> {
    try {
        const { stdout, stderr } = await run(process.execPath, [path.join(distDir, 'cli.cjs'), ...args], { cwd });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}

describe('weft compile', () => {
    let dir: string;

    beforeEach(async () => {
        dir = await mkdtemp(path.join(os.tmpdir(), 'weft-compile-'));
    });

    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    async function files(contents: Record<string, string>): Promise<void> {
        for (const [name, text] of Object.entries(contents)) await writeFile(path.join(dir, name), text);
    }

    it('prints the bundle of a valid file as JSON with its hash, and exits 0', async () => {
        await files({
            'types.weft': 'type Job { id: string }',
            'main.weft': 'import "./types.weft"\nworkflow Main {\n  input job: Job\n  task run: script "scripts/run.js" { with { id: job.id } }\n  start -> run -> end\n}\n',
        });
        const result = await weft(dir, 'compile', 'main.weft');
        assert.equal(result.code, 0, result.stderr);
        const bundle = JSON.parse(result.stdout) as WorkflowBundle;
        assert.deepEqual(schemaErrors(bundle), []);
        assert.equal(bundle.entry, 'Main');
        assert.deepEqual(Object.keys(bundle.types), ['Job']);
        assert.equal(bundle.hash, bundleHash(bundle));
        const task = bundle.workflows.Main.nodes.find(n => n.id === 'run') as { script: { path: string } };
        assert.equal(task.script.path, path.join(dir, 'scripts/run.js'));
    });

    it('compiles the workflow named with --workflow', async () => {
        await files({ 'two.weft': 'workflow A { }\nworkflow B { fork f }\n' });
        const result = await weft(dir, 'compile', 'two.weft', '--workflow', 'B');
        assert.equal(result.code, 0, result.stderr);
        assert.equal((JSON.parse(result.stdout) as WorkflowBundle).entry, 'B');
    });

    it('exits 2 naming the workflows when --workflow names none of them', async () => {
        await files({ 'two.weft': 'workflow A { }\nworkflow B { }\n' });
        const result = await weft(dir, 'compile', 'two.weft', '--workflow', 'C');
        assert.equal(result.code, 2);
        assert.match(result.stderr, /No workflow 'C' in this file \(it declares: A, B\)/);
    });

    it('prints diagnostics as file:line:col severity code message (1-based) and exits 1', async () => {
        await files({ 'bad.weft': 'workflow W {\n  var x = missing\n}\n' });
        const result = await weft(dir, 'compile', 'bad.weft');
        assert.equal(result.code, 1);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /^bad\.weft:2:11 error \S+ .*missing/m);
    });

    it('reports a syntax error with its position', async () => {
        await files({ 'syntax.weft': 'workflow W {\n  task t: \n}\n' });
        const result = await weft(dir, 'compile', 'syntax.weft');
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^syntax\.weft:3:1 error /m);
    });

    it('reports an import whose file cannot be read at the import', async () => {
        await files({ 'main.weft': 'import "./gone.weft"\nworkflow W { }\n' });
        const result = await weft(dir, 'compile', 'main.weft');
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^main\.weft:1:\d+ error \S+ .*gone\.weft/m);
        assert.equal(result.stderr.trim().split('\n').length, 1);
    });

    it('exits 2 with one line for a file that cannot be read', async () => {
        const result = await weft(dir, 'compile', 'nothing-here.weft');
        assert.equal(result.code, 2);
        assert.equal(result.stderr.trim().split('\n').length, 1);
        assert.match(result.stderr, /cannot read nothing-here\.weft/);
    });

    it('exits 2 for a file that is not a .weft file', async () => {
        await files({ 'notes.txt': 'workflow W { }' });
        const result = await weft(dir, 'compile', 'notes.txt');
        assert.equal(result.code, 2);
        assert.match(result.stderr, /cannot read notes\.txt: not a \.weft file/);
    });

    it('exits 2 on usage errors: no file, unknown option, unknown command', async () => {
        assert.equal((await weft(dir, 'compile')).code, 2);
        const unknownOption = await weft(dir, 'compile', 'x.weft', '--frobnicate');
        assert.equal(unknownOption.code, 2);
        assert.match(unknownOption.stderr, /frobnicate/);
        const unknownCommand = await weft(dir, 'transmogrify');
        assert.equal(unknownCommand.code, 2);
        assert.match(unknownCommand.stderr, /unknown command 'transmogrify'/);
    });

    it('lists the commands with --help', async () => {
        const result = await weft(dir, '--help');
        assert.equal(result.code, 0);
        assert.match(result.stdout, /compile\s+print the IR/);
    });
});
