// Robustness specification: every workflow of the corpus (samples/, fixtures, the LANGUAGE.md
// examples) cut off at every 37th character — what an editor holds while a file is being typed
// or pasted — still gets an answer to every request, without throwing, within the bound.
import assert from 'node:assert/strict';
import { loadCorpus } from './support/corpus.js';
import { runBattery, type RequestTiming } from './support/request-battery.js';
import { ScratchWorkspace } from './support/scratch-workspace.js';

const STEP = 37;
const BOUND_MS = 2000;

describe('language services on truncated workflows', function () {
    this.timeout(300_000);

    for (const entry of loadCorpus()) {
        it(`answers on ${entry.name} cut at every ${STEP}th character`, async () => {
            const workspace = new ScratchWorkspace();
            try {
                for (const [file, text] of Object.entries(entry.files)) if (file !== entry.main) await workspace.write(file, text);
                const full = entry.files[entry.main];
                const timings: RequestTiming[] = [];
                let cuts = 0;
                for (let cut = 0; cut <= full.length; cut += STEP) {
                    const text = full.slice(0, cut);
                    const document = await workspace.write(entry.main, text);
                    try {
                        timings.push(...await runBattery(workspace.services, document, { offsets: [cut, cut >> 1], boundMs: BOUND_MS }));
                    } catch (error) {
                        throw new Error(`${entry.name} cut at ${cut} (…${JSON.stringify(text.slice(-40))}): ${error instanceof Error ? error.message : error}`);
                    }
                    cuts++;
                }
                assert.ok(cuts >= Math.floor(full.length / STEP));
                assert.ok(timings.some(t => t.request === 'completion') && timings.some(t => t.request === 'diagnostics'));
            } finally {
                await workspace.dispose();
            }
        });
    }
});
