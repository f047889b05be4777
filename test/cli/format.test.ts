// Specification of `weft format` (cli/commands/format.ts), run as users run it: the bundled
// CLI (dist/cli.cjs) in a child process on real files in a temporary folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot, samplesDir } from '../support/paths.js';

const cli = fromRoot('dist', 'cli.cjs');
const UNFORMATTED = 'workflow W {\ninput   a: number\n   start -> end\n}';
const FORMATTED = 'workflow W {\n  input a: number\n  start -> end\n}\n';

function weft(cwd: string, ...args: string[]) {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('weft format', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'weft-format-')); });
    afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

    it('rewrites an unformatted file in place and says so', () => {
        writeFileSync(path.join(dir, 'a.weft'), UNFORMATTED);
        const run = weft(dir, 'format', 'a.weft');
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, 'formatted a.weft\n');
        assert.equal(readFileSync(path.join(dir, 'a.weft'), 'utf8'), FORMATTED);
    });

    it('leaves a formatted file untouched and prints nothing', () => {
        writeFileSync(path.join(dir, 'a.weft'), FORMATTED);
        const run = weft(dir, 'format', 'a.weft');
        assert.equal(run.code, 0);
        assert.equal(run.stdout, '');
    });

    it('with --check lists unformatted files, exits 1 and writes nothing', () => {
        writeFileSync(path.join(dir, 'a.weft'), UNFORMATTED);
        writeFileSync(path.join(dir, 'b.weft'), FORMATTED);
        const run = weft(dir, 'format', '--check', 'a.weft', 'b.weft');
        assert.equal(run.code, 1);
        assert.equal(run.stdout, 'a.weft\n');
        assert.match(run.stderr, /1 file not formatted/);
        assert.equal(readFileSync(path.join(dir, 'a.weft'), 'utf8'), UNFORMATTED);
    });

    it('with --check exits 0 when every file is formatted', () => {
        writeFileSync(path.join(dir, 'b.weft'), FORMATTED);
        assert.equal(weft(dir, 'format', '--check', 'b.weft').code, 0);
    });

    it('formats every .weft file below a folder', () => {
        mkdirSync(path.join(dir, 'flows', 'nested'), { recursive: true });
        writeFileSync(path.join(dir, 'flows', 'a.weft'), UNFORMATTED);
        writeFileSync(path.join(dir, 'flows', 'nested', 'b.weft'), UNFORMATTED);
        writeFileSync(path.join(dir, 'flows', 'notes.txt'), UNFORMATTED);
        const run = weft(dir, 'format', 'flows');
        assert.equal(run.code, 0, run.stderr);
        assert.equal(readFileSync(path.join(dir, 'flows', 'nested', 'b.weft'), 'utf8'), FORMATTED);
        assert.equal(readFileSync(path.join(dir, 'flows', 'notes.txt'), 'utf8'), UNFORMATTED);
    });

    it('never writes a file with syntax errors, reports them with their position and exits 1', () => {
        const broken = 'workflow W {\ninput   a: \n}';
        writeFileSync(path.join(dir, 'bad.weft'), broken);
        const run = weft(dir, 'format', 'bad.weft');
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^bad\.weft:3:1 error syntax /m);
        assert.equal(readFileSync(path.join(dir, 'bad.weft'), 'utf8'), broken);
    });

    it('exits 2 for a missing file and for no arguments', () => {
        const missing = weft(dir, 'format', 'nope.weft');
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /cannot read nope\.weft/);
        assert.equal(weft(dir, 'format').code, 2);
    });

    it('finds every sample already formatted', function () {
        const run = weft(dir, 'format', '--check', samplesDir);
        assert.equal(run.code, 0, `unformatted samples:\n${run.stdout}${run.stderr}`);
    });
});
