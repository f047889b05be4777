// `weft run` and `weft show` with the AI provider configured from the environment (the shipped
// bundle, a real process, a real chat-completions server on loopback): the key stays out of
// the output and the store even when the provider echoes it, and a malformed OPENAI_BASE_URL
// fails only AI nodes, by name, without printing the value.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { runWeft } from './weft-process.js';

const KEY = 'sk-zqxCLIKEYzqx';

const RATE = `
type Risk { level: "low" | "high" }
workflow Rate {
  ai rate { model "gpt-4o-mini" prompt "rate" returns Risk }
  start -> rate -> end
}
`;

const PLAIN = `
workflow Plain {
  set s { }
  start -> s -> end
}
`;

describe('weft run with an AI provider from the environment', function () {
    this.timeout(60_000);
    let dir: string;
    let ai: FakeOpenAiServer;
    beforeEach(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-cli-ai-'));
        writeFileSync(path.join(dir, 'rate.weft'), RATE);
        writeFileSync(path.join(dir, 'plain.weft'), PLAIN);
        ai = await startFakeOpenAiServer();
    });
    afterEach(async () => {
        await ai.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it('masks the key a 401 answer echoes in its output, `weft show` and the store', async () => {
        ai.enqueue({ status: 401, error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } });
        const store = path.join(dir, 'runs.db');
        const env = { OPENAI_BASE_URL: ai.baseUrl, OPENAI_API_KEY: KEY };
        const run = await runWeft(['run', path.join(dir, 'rate.weft'), '--store', store], { env });
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stdout, /AiAuthError: .*Incorrect API key provided: •••/);
        const runId = /Run (run_\S+) of Rate/.exec(run.stdout)![1]!;
        const show = await runWeft(['show', runId, '--store', store, '--events'], { env });
        assert.equal(show.code, 0, show.stderr);
        assert.match(show.stdout, /Incorrect API key provided: •••/);
        for (const [where, text] of [['run', run.stdout + run.stderr], ['show', show.stdout + show.stderr], ['store', readFileSync(store, 'latin1')]] as const) {
            assert.ok(!text.includes('zqxCLIKEYzqx'), `the key is in ${where}`);
        }
    });

    it('runs a workflow without AI nodes under a malformed OPENAI_BASE_URL; an AI node fails with AiProviderInvalid', async () => {
        const env = { OPENAI_BASE_URL: 'https//user:hunter2@api.test/v1', OPENAI_API_KEY: KEY };
        const plain = await runWeft(['run', path.join(dir, 'plain.weft'), '--store', path.join(dir, 'plain.db')], { env });
        assert.equal(plain.code, 0, plain.stderr);
        const rate = await runWeft(['run', path.join(dir, 'rate.weft'), '--store', path.join(dir, 'rate.db')], { env });
        assert.equal(rate.code, 1, rate.stderr);
        assert.match(rate.stdout, /AiProviderInvalid: the AI provider is misconfigured: OPENAI_BASE_URL: the base URL is not an absolute http\(s\) URL/);
        assert.ok(!(rate.stdout + rate.stderr).includes('hunter2'));
        assert.equal(ai.requests.length, 0);
    });
});
