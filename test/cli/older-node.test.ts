// The CLI bundle run directly on a Node older than 22 (the machine's; `bin/weft.cjs` does so when
// the project's Node is not installed): a store that needs `node:sqlite` is one clear line and
// exit 2, not an internal error, and a script task runs (its cpu figure from the process's time).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LEDGER } from './ledger-flow.js';
import { cliBundle, jsonOf, olderNode, startWeft } from './weft-process.js';

describe('weft on a Node older than 22', function () {
    this.timeout(60_000);
    const node = olderNode();
    let dir: string;
    before(function () {
        if (!node) this.skip();
    });
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-older-node-'));
        writeFileSync(path.join(dir, 'ledger.weft'), LEDGER);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const weft = (...args: string[]) => startWeft(args, { cwd: dir, command: [node!, cliBundle] }).result;

    it('says the run store needs node:sqlite and exits 2', async () => {
        const r = await weft('stats');
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^weft stats: The run store needs node:sqlite, which Node has from 22\.5 on; this is Node v\d+\.\d+\.\d+\. Run weft through bin\/weft\.cjs \(it uses the project's Node 22\), or keep runs in memory \(weft run --memory\)\n$/);
    });

    it('runs a script task with --memory', async () => {
        const r = await weft('run', 'ledger.weft', '--memory', '--json', '--input', '{"amount":5}');
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(jsonOf<{ status: string; outputs: unknown }>(r).outputs, { posted: 5 });
    });
});
