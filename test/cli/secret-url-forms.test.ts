// Session 22: a secret joined into URL text is re-encoded by the URL parser (`a b/c:d@e` goes out
// as `a%20b/c:d@e`, not as encodeURIComponent writes it). A loopback server answers 404 and
// echoes the request target; the parsed form must not reach `weft run`'s output, `weft show`,
// the journal's events or the SQLite file (runtime/secrets/secret-masker.ts, urlForms).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runWeft, type WeftResult } from './weft-process.js';

const FLOWS = `
connector api: http { baseUrl "http://127.0.0.1:9/v1" }

workflow ByConnector {
  task q: api.get("/items")
  start -> q -> end
}

workflow ByScript {
  secret k = env("URL_KEY")
  input base: string
  task q: script """
    export default async ({ base, k }) => {
      const r = await fetch(base + "/s/" + k + "?key=" + k);
      if (!r.ok) throw new Error(await r.text());
      return 1;
    }
  """ { with { base: base, k: k } }
  start -> q -> end
}
`;

describe('weft run: a secret the URL parser re-encoded is masked', function () {
    this.timeout(60_000);
    let dir: string;
    let server: http.Server;
    let base: string;
    const seen: string[] = [];

    before(async () => {
        server = http.createServer((req, res) => {
            seen.push(req.url!);
            res.statusCode = 404;
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify({ error: { code: 'NotFound', message: `no such thing: ${req.url}` }, asked: req.url }));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-url-forms-'));
        writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
        seen.length = 0;
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** Everything a user or a reader of the store sees of the run: its output, `weft show` (both forms) and the store's files. */
    async function everythingOf(run: WeftResult): Promise<string> {
        const runId = /^Run (\S+) /m.exec(run.stdout)?.[1];
        assert.ok(runId, run.stdout + run.stderr);
        const show = await runWeft(['show', runId], { cwd: dir });
        const events = await runWeft(['show', runId, '--events', '--json'], { cwd: dir });
        assert.equal(show.code, 0, show.stderr);
        const store = ['runs.db', 'runs.db-wal'].map((f) => path.join(dir, '.weft', f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
        return [run.stdout, run.stderr, show.stdout, show.stderr, events.stdout, ...store].join('\n');
    }

    it('in a connector base URL carrying a credential (an http task answered 404 with the URL echoed)', async () => {
        const key = 'a b/c:d@e!zq';
        const run = await runWeft(['run', 'flows.weft', '--workflow', 'ByConnector'], { cwd: dir, env: { WEFT_CONNECTOR_API_BASEURL: `${base}/v1?key=${key}` } });
        assert.equal(run.code, 1, run.stderr);
        // The server was sent the parser's form, which encodeURIComponent would not have made.
        assert.deepEqual(seen, ['/v1/items?key=a%20b/c:d@e!zq']);
        assert.notEqual(encodeURIComponent(key), 'a%20b/c:d@e!zq');
        const all = await everythingOf(run);
        assert.match(run.stdout, /✗ q .*NotFound: GET http:\/\/127\.0\.0\.1:\d+\/v1\/items answered 404 Not Found: no such thing: \/v1\/items\?key=••• *\n/);
        for (const form of ['a%20b/c:d@e!zq', key]) assert.ok(!all.includes(form), `${form} leaked`);
    });

    it('in URL text a script joins with + and fetches (its error echoes the URL)', async () => {
        const key = 'a b/c?d';
        const run = await runWeft(['run', 'flows.weft', '--workflow', 'ByScript', '--input', JSON.stringify({ base })], { cwd: dir, env: { URL_KEY: key } });
        assert.equal(run.code, 1, run.stderr);
        assert.deepEqual(seen, ['/s/a%20b/c?d?key=a%20b/c?d']);
        const all = await everythingOf(run);
        assert.match(run.stdout, /no such thing: \/s\/•••\?key=•••/);
        for (const form of ['a%20b/c?d', 'a%20b', key]) assert.ok(!all.includes(form), `${form} leaked`);
    });
});
