// Language benchmark — CPU-time probe for completion at a statement start and after `node.` in
// the generated 1,000-node workflow (process.cpuUsage(), median of N). Run under
// `node --cpu-prof` to find the hot functions of the completion path.
import type { Position } from 'vscode-languageserver-protocol';
import { median, cpuMs } from './measure.js';
import { loadProbeDocument } from './probe-document.js';

const runs = Number(process.argv[2] ?? 15);
const { services, single, document } = await loadProbeDocument();

function positionOf(needle: string, delta: number): Position {
    const offset = single.text.indexOf(needle) + delta;
    return document.textDocument.positionAt(offset);
}
async function measure(name: string, position: Position): Promise<void> {
    const times: number[] = [];
    let count = 0;
    for (let i = -10; i < runs; i++) {
        const started = process.cpuUsage();
        const list = await services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
        if (i >= 0) times.push(cpuMs(started));
        count = list?.items.length ?? 0;
    }
    console.log(`CPU ms, median of ${runs}: ${name} ${median(times).toFixed(2)} (${count} items)`);
}
const middle = Math.floor(single.blocks / 2);
await measure('completion at a statement start', positionOf(`  fetch${middle} -> enrich${middle} when`, 2));
await measure('completion after `node.`', positionOf(`fetch${middle}.status`, `fetch${middle}.`.length));
await measure('completion in a guard expression', positionOf(`fetch${middle} -> enrich${middle} when `, `fetch${middle} -> enrich${middle} when `.length));
await measure('completion at a statement start near the end', positionOf(`  fetch${single.blocks - 1} -> enrich${single.blocks - 1} when`, 2));
