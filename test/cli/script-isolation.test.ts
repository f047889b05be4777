// `weft run` of script tasks that go looking for secrets (docs/runtime-effects.md §4): a script
// reads the process environments under /proc, and a task not given a secret looks for one an
// earlier task kept in a global. Neither finds the secret nor the AI key, in any encoding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
