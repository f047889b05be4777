// Session 22: the tokens of `weft serve --tokens <file>` are masked wherever WEFT_SERVE_TOKEN is:
// the server's log lines and errors, its error answers, and the journals of the runs it carries
// (a token a caller puts into a run's input, echoed back by a loopback HTTP server). A token
// file that is not JSON, or has a token where a name goes, is refused without printing it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Relay {
  input note: string
  input base: string
  task send: http POST base + "/echo" { body { note: note } }
  start -> send -> end
}
`;

const OPS = 'ops-tok-zq-0123456789abcdef';
const SIGNING = 'signing-zq-secret-0123456789';
const TOKENS = [
    { name: 'ops', token: OPS, roles: ['read', 'trigger', 'operate'] },
    { name: 'hub', hmacSecret: SIGNING, roles: ['trigger'] },
];

describe('weft serve --tokens: the tokens are masked', function () {
    this.timeout(60_000);
    let dir: string;
    let echo: http.Server;
    let base: string;
    const running: RunningWeft[] = [];

    before(async () => {
        // Answers 400 with what it was sent, as a validating API does.
        echo = http.createServer((req, res) => {
            let body = '';
            req.setEncoding('utf8').on('data', (t: string) => { body += t; }).on('end', () => {
                res.statusCode = 400;
                res.setHeader('content-type', 'application/json');
                res.end(JSON.stringify({ message: `cannot take ${body}`, got: body }));
            });
        });
        await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => echo.close(() => resolve())));
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-serve-tokens-'));
        writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
        writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    });
    afterEach(async () => {
        await stopAll(running);
        rmSync(dir, { recursive: true, force: true });
    });

    it('keeps them out of the journal of a run whose input carries one, the server\'s log and its error answers', async () => {
        const weft = startWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir, env: { WEFT_SERVE_TOKEN: undefined } });
        running.push(weft);
        const url = await servedUrl(weft);
        const call = async (method: string, route: string, body?: unknown) => {
            const res = await fetch(url + route, { method, headers: { authorization: `Bearer ${OPS}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
            return { status: res.status, text: await res.text() };
        };
        const started = await call('POST', '/workflows/Relay/runs?wait', { inputs: { note: `ours: ${OPS} and ${SIGNING}`, base } });
        assert.equal(started.status, 200, started.text);
        const run = JSON.parse(started.text) as { runId: string; status: string; error?: { message: string } };
        assert.equal(run.status, 'failed');
        assert.match(run.error!.message, /answered 400 Bad Request: cannot take \{"note":"ours: ••• and •••"\}/);
        // A token in a path: the 404 answer and the request's log line.
        const lost = await call('GET', `/runs/${OPS}`);
        assert.equal(lost.status, 404);
        const events = await call('GET', `/runs/${run.runId}/events`);
        const shown = await runWeft(['show', run.runId, '--events', '--json'], { cwd: dir });
        assert.equal(shown.code, 0, shown.stderr);
        weft.child.kill('SIGTERM');
        const served = await weft.result;
        assert.equal(served.code, 0, served.stderr);
        assert.match(served.stdout, /run \S+ of Relay failed: HttpError: POST http:\/\/127\.0\.0\.1:\d+\/echo answered 400 Bad Request: cannot take \{"note":"ours: ••• and •••"\}/);
        assert.match(served.stdout, /GET \/runs\/••• 404 ops /);
        const store = ['runs.db', 'runs.db-wal'].map((f) => path.join(dir, '.weft', f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
        const everything = [started.text, lost.text, events.text, shown.stdout, served.stdout, served.stderr, ...store].join('\n');
        for (const secret of [OPS, SIGNING]) assert.ok(!everything.includes(secret), `${secret} leaked`);
    });

    it('refuses a token file that is not JSON, or has a token where a name goes, without printing the token (exit 2)', async () => {
        writeFileSync(path.join(dir, 'tokens.json'), `[{"name":"ops","token":${OPS},"roles":["read"]}]`);
        const unquoted = await runWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir });
        assert.equal(unquoted.code, 2);
        assert.match(unquoted.stderr, /^weft serve: the token file tokens\.json is not JSON: an unexpected character \(its text is not shown: it may hold a token\)\n$/);
        writeFileSync(path.join(dir, 'tokens.json'), `[\n  {"name": "ops", "token": "${OPS}" "roles": ["read"]}\n]`);
        const comma = await runWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir });
        assert.equal(comma.code, 2);
        assert.equal(comma.stderr, 'weft serve: the token file tokens.json is not JSON: Expected \',\' or \'}\' after property value at line 2, column 58\n');
        writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify([{ name: OPS, token: OPS, roles: ['read'] }, { name: OPS, token: SIGNING, roles: ['read'] }]));
        const swapped = await runWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir });
        assert.equal(swapped.code, 2);
        assert.equal(swapped.stderr, 'weft serve: tokens.json: entry 2: the name \'•••\' is used twice\n');
        for (const r of [unquoted, comma, swapped]) assert.ok(!(r.stdout + r.stderr).includes('ops-tok-zq'), r.stderr);
    });
});
