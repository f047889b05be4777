// `weft run` of script tasks that go looking for secrets (docs/runtime-effects.md §4): a script
// reads the process environments under /proc, and a task not given a secret looks for one an
// earlier task kept in a global. Neither finds the secret nor the AI key, in any encoding.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderOutsideTemp } from '../support/outside-temp.js';
import { jsonOf, runWeft } from './weft-process.js';

const SNOOP = `
workflow Snoop {
  secret tok = env("SNOOP_TOKEN")
  output found: any
  output kept: any
  task peek: script """
    import fs from 'node:fs';
    const read = (f) => { try { return fs.readFileSync(f, 'latin1') } catch (e) { return 'denied ' + e.code } };
    export default function () {
      const self = read('/proc/self/environ'), parent = read('/proc/' + process.ppid + '/environ');
      return { self: self.startsWith('denied') ? self : 'read', parent: parent.startsWith('denied') ? parent : 'read', b64: Buffer.from(self + parent).toString('base64') };
    }
  """ { set found = result }
  task keep: script """
    export default function ({ k }) { globalThis.__cache = { k }; return 1; }
  """ { with { k: tok } }
  task look: script """
    export default function () { const k = globalThis.__cache?.k; return k ? k.split('').join('-') : 'none'; }
  """ { set kept = result }
  start -> peek -> keep -> look -> end
}
`;

describe('weft run: script isolation', function () {
    this.timeout(60_000);
    let dir: string;
    const env = { SNOOP_TOKEN: 'zqx-snoop-secret-zqx', OPENAI_API_KEY: 'sk-zqx-ai-key-zqx' };
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-script-isolation-'));
        writeFileSync(path.join(dir, 'snoop.weft'), SNOOP);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('gives a script neither the secrets nor the AI key from /proc, nor a secret another task kept', async () => {
        const r = await runWeft(['run', 'snoop.weft', '--memory', '--json'], { cwd: dir, env });
        assert.equal(r.code, 0, r.stderr);
        const out = jsonOf<{ status: string; outputs: { found: { self: string; parent: string; b64: string }; kept: string } }>(r);
        assert.equal(out.outputs.found.self, 'denied ERR_ACCESS_DENIED');
        assert.equal(out.outputs.found.parent, 'denied ERR_ACCESS_DENIED');
        assert.equal(out.outputs.kept, 'none');
        const decoded = Buffer.from(out.outputs.found.b64, 'base64').toString('latin1');
        for (const value of Object.values(env)) {
            assert.ok(!(r.stdout + r.stderr + decoded).includes(value), `${value} reached the output`);
        }
        assert.equal(r.stderr, '', 'no permission-model warnings');
    });
});

describe('weft run: a script writing a secret it was given to its stderr', function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-script-stderr-'));
        writeFileSync(path.join(dir, 'leak.weft'), `
workflow Leak {
  secret tok = env("LEAK_TOKEN")
  task say: script """
    import fs from 'node:fs';
    export default function ({ k }) { fs.writeSync(2, 'the token is ' + k + '\\n'); return 1; }
  """ { with { k: tok } }
  start -> say -> end
}
`);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('shows the line with the secret masked: the host masks its stderr with the secrets of the scripts in flight', async () => {
        const secret = 'zqx-stderr-secret-zqx';
        const r = await runWeft(['run', 'leak.weft', '--memory'], { cwd: dir, env: { LEAK_TOKEN: secret } });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(!(r.stdout + r.stderr).includes(secret), 'the secret reached the output');
        assert.match(r.stderr, /weft script host: the token is •••/);
    });
});

describe('weft run: script isolation of a workflow in a folder whose name has a comma', function () {
    this.timeout(60_000);
    let base: string;
    beforeEach(function () {
        // Not under the temp folder, which a script may read: there ../a is refused unless the
        // host's --allow-fs-read were cut at the comma (as Node 20.0 to 20.6 did).
        const outside = folderOutsideTemp('.weft-comma-cli-');
        if (outside === undefined) this.skip();
        base = outside!;
        mkdirSync(path.join(base, 'a'));
        writeFileSync(path.join(base, 'a', 'secret.txt'), 'zqx-beside-the-comma');
        mkdirSync(path.join(base, 'a,b'));
        writeFileSync(path.join(base, 'a,b', 'data.txt'), 'in a,b');
        writeFileSync(path.join(base, 'a,b', 'read.mjs'), `import fs from 'node:fs';
            const tryRead = (f) => { try { return fs.readFileSync(f, 'utf8') } catch (e) { return e.code } };
            export default () => ({ data: tryRead('data.txt'), cut: tryRead('../a/secret.txt'), environ: tryRead('/proc/self/environ').slice(0, 17) });`);
        writeFileSync(path.join(base, 'a,b', 'comma.weft'), `
workflow Comma {
  output got: any
  task read: script "read.mjs" { set got = result }
  start -> read -> end
}
`);
    });
    afterEach(() => rmSync(base, { recursive: true, force: true }));

    it('runs its scripts isolated, reading that folder and not the one the comma would cut it to', async () => {
        const r = await runWeft(['run', 'a,b/comma.weft', '--memory', '--json'], { cwd: base });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(jsonOf<{ outputs: { got: unknown } }>(r).outputs.got, { data: 'in a,b', cut: 'ERR_ACCESS_DENIED', environ: 'ERR_ACCESS_DENIED' });
        assert.equal(r.stderr, '', 'no notice, no warning');
    });
});
