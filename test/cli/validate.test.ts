// Specification of `weft validate` (cli/commands/validate.ts), run as users run it: the
// bundled CLI (dist/cli.cjs) in a child process on real files in a temporary folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot, samplesDir } from '../support/paths.js';

const cli = fromRoot('dist', 'cli.cjs');

function weft(cwd: string, ...args: string[]) {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const VALID = 'workflow W {\n  input n: number\n  task t: http GET "https://example.test/${n}"\n  start -> t -> end\n}\n';
const BROKEN = 'workflow W {\n  task t: http GET "https://example.test"\n  start -> t -> ende\n}\n';
const WARNING_ONLY = 'workflow W {\n  set a { }\n  set lost { }\n  start -> a -> end\n}\n';

describe('weft validate', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'weft-validate-')); });
    afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

    it('prints nothing and exits 0 for a valid file', () => {
        writeFileSync(path.join(dir, 'ok.weft'), VALID);
        const run = weft(dir, 'validate', 'ok.weft');
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, '');
    });

    it('prints file:line:col severity code message (1-based) and exits 1 on errors', () => {
        writeFileSync(path.join(dir, 'bad.weft'), BROKEN);
        const run = weft(dir, 'validate', 'bad.weft');
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "bad.weft:3:17 error unknown-name Unknown node 'ende'. Did you mean 'end'?\n");
    });

    it('exits 0 when there are only warnings, and prints them', () => {
        writeFileSync(path.join(dir, 'warn.weft'), WARNING_ONLY);
        const run = weft(dir, 'validate', 'warn.weft');
        assert.equal(run.code, 0);
        assert.match(run.stdout, /^warn\.weft:3:7 warning unreachable-node Node 'lost' is never reached/);
    });

    it('with --json prints one array of diagnostics with 1-based ranges', () => {
        writeFileSync(path.join(dir, 'bad.weft'), BROKEN);
        const run = weft(dir, 'validate', 'bad.weft', '--json');
        assert.equal(run.code, 1);
        assert.deepEqual(JSON.parse(run.stdout), [{
            file: 'bad.weft', line: 3, column: 17, endLine: 3, endColumn: 21, severity: 'error',
            code: 'unknown-name', message: "Unknown node 'ende'. Did you mean 'end'?",
        }]);
    });

    it('with --json prints an empty array for a valid file', () => {
        writeFileSync(path.join(dir, 'ok.weft'), VALID);
        const run = weft(dir, 'validate', '--json', 'ok.weft');
        assert.equal(run.code, 0);
        assert.deepEqual(JSON.parse(run.stdout), []);
    });

    it('resolves imports: a type from an imported file is known', () => {
        writeFileSync(path.join(dir, 'types.weft'), 'type Order { id: string }\n');
        writeFileSync(path.join(dir, 'main.weft'), 'import "./types.weft"\nworkflow W {\n  input o: Order\n  task t: http GET "https://x.test/${o.id}"\n  start -> t -> end\n}\n');
        const run = weft(dir, 'validate', 'main.weft');
        assert.equal(run.code, 0, run.stdout);
    });

    it('reports an import that names no file as an error of the importing file', () => {
        writeFileSync(path.join(dir, 'main.weft'), 'import "./missing.weft"\nworkflow W { start -> end }\n');
        const run = weft(dir, 'validate', 'main.weft');
        assert.equal(run.code, 1);
        assert.match(run.stdout, /^main\.weft:1:8 error import-unresolved Cannot find imported file '\.\/missing\.weft'/m);
    });

    it('exits 2 with a message for a file that cannot be read', () => {
        const run = weft(dir, 'validate', 'nope.weft');
        assert.equal(run.code, 2);
        assert.match(run.stderr, /cannot read nope\.weft/);
    });

    it('exits 2 when no file is given', () => {
        const run = weft(dir, 'validate');
        assert.equal(run.code, 2);
        assert.match(run.stderr, /validate needs at least one file/);
    });

    it('validates every sample with no diagnostics', () => {
        const samples = readdirSync(samplesDir).filter(f => f.endsWith('.weft'));
        assert.ok(samples.length >= 8, 'the samples are there');
        const run = weft(samplesDir, 'validate', ...samples);
        assert.equal(run.stdout, '');
        assert.equal(run.code, 0);
    });
});
