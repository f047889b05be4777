// `weft run` and typed outputs (docs/runtime.md, "Typed assignments"), through real processes on
// the default SQLite store: a script result or an HTTP body (from a real loopback server) that
// does not meet the declared type of the output it is set to fails the node with ValueTypeError
// (exit 1), `on ValueTypeError` routes it, right-typed values and `any` outputs pass, and
// `weft compile` shows the check only on assignments the checker could not prove.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft } from './weft-process.js';

const SCRIPT = (type: string, value: string) => `
workflow Typed {
  output o: ${type}
  output doubled: number
  task s: script """ export default () => (${value}) """ { set o = result }
  set twice { doubled = 2 * 21 }
  start -> s -> twice -> end
}
`;

const CAUGHT = `
workflow Caught {
  output o: number
  output note: string
  task s: script """ export default () => "not a number" """ { set o = result }
  set fallback { note = "the script gave no number" }
  start -> s -> end
  s -> fallback on ValueTypeError
  fallback -> end
}
`;

const HTTP = (port: number) => `
workflow Count {
  output count: number
  task h: http GET "http://127.0.0.1:${port}/count" { set count = result.body.count }
  start -> h -> end
}
`;

interface RunJson {
    status: string;
    outputs: Record<string, unknown>;
    error?: { name: string; message: string; node: string | null };
}

describe('weft run: typed outputs are checked at run time', function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'weft-typed-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    async function runFile(name: string, source: string): Promise<{ code: number | null; run: RunJson }> {
        writeFileSync(path.join(dir, name), source);
        const r = await runWeft(['run', name, '--json'], { cwd: dir });
        return { code: r.code, run: jsonOf<RunJson>(r) };
    }

    it('fails the run when a script result does not meet the output\'s type, naming the output and both kinds', async () => {
        const { code, run } = await runFile('typed.weft', SCRIPT('number', '"not a number"'));
        assert.equal(code, 1);
        assert.equal(run.status, 'failed');
        assert.deepEqual(run.error, {
            name: 'ValueTypeError',
            message: "output 'o' is declared number; the value set to it is not: expected number, got string",
            node: 's',
        });
        assert.deepEqual(run.outputs, {});
    });

    it('routes the failure with `on ValueTypeError`', async () => {
        const { code, run } = await runFile('caught.weft', CAUGHT);
        assert.equal(code, 0, JSON.stringify(run));
        assert.equal(run.status, 'completed');
        assert.equal(run.outputs['note'], 'the script gave no number');
        assert.equal(run.outputs['o'] ?? null, null);
    });

    it('passes a right-typed value, and anything into an `any` output', async () => {
        const right = await runFile('right.weft', SCRIPT('number', '7'));
        assert.equal(right.code, 0);
        assert.deepEqual(right.run.outputs, { o: 7, doubled: 42 });
        const any = await runFile('any.weft', SCRIPT('any', '{ "what": ["ever"] }'));
        assert.equal(any.code, 0);
        assert.deepEqual(any.run.outputs['o'], { what: ['ever'] });
    });

    it('checks an HTTP body field set to a typed output', async () => {
        const server = http.createServer((_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ count: '3' }));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
            const { code, run } = await runFile('count.weft', HTTP((server.address() as AddressInfo).port));
            assert.equal(code, 1);
            assert.equal(run.error?.name, 'ValueTypeError');
            assert.equal(run.error?.node, 'h');
            assert.match(run.error!.message, /^output 'count' is declared number; .*expected number, got string$/);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });

    it('compiles the check onto unproven assignments only', async () => {
        writeFileSync(path.join(dir, 'typed.weft'), SCRIPT('number', '1'));
        const r = await runWeft(['compile', 'typed.weft'], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        const bundle = JSON.parse(r.stdout) as { workflows: Record<string, { nodes: Array<{ id: string; assignments?: Array<{ check?: unknown }>; options?: { sets: Array<{ check?: unknown }> } }> }> };
        const nodes = bundle.workflows['Typed']!.nodes;
        assert.deepEqual(nodes.find((n) => n.id === 's')!.options!.sets[0]!.check, { kind: 'number' });
        assert.equal(nodes.find((n) => n.id === 'twice')!.assignments![0]!.check, undefined);
    });
});
