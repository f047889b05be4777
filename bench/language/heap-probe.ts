// Language benchmark — memory probe of a full build: builds the 1,000-node workflow once and
// prints the heap each build phase keeps (forced GC at each onBuildPhase mark; needs
// `node --expose-gc`). With `--snapshot DIR` it also writes heap snapshots before and after.
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import path from 'node:path';
import v8 from 'node:v8';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices } from '../../language-server/weft-module.js';
import { generateSingleFile } from './generate-workflows.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const snapshotAt = process.argv.indexOf('--snapshot');
const snapshotDir = snapshotAt > 0 ? process.argv[snapshotAt + 1] : undefined;
const services = createWeftServices(EmptyFileSystem).Weft;
const { TextDocuments, DocumentBuilder } = services.shared.workspace;
const single = generateSingleFile(1000);

function heap(): number {
    gc!();
    return process.memoryUsage().heapUsed / 1e6;
}
const phases: Array<[string, DocumentState]> = [
    ['parsed', DocumentState.Parsed], ['indexed', DocumentState.IndexedContent], ['scoped', DocumentState.ComputedScopes],
    ['linked', DocumentState.Linked], ['refIndexed', DocumentState.IndexedReferences], ['validated', DocumentState.Validated],
];
const marks: Array<[string, number]> = [];
let recording = false;
for (const [name, state] of phases) DocumentBuilder.onBuildPhase(state, () => { if (recording) marks.push([name, heap()]); });

async function build(name: string): Promise<void> {
    const uri = URI.parse(`file:///heap/${name}`);
    TextDocuments.set(TextDocument.create(uri.toString(), 'weft', 1, single.text));
    await DocumentBuilder.update([uri], []);
}
// Warm up (JIT, lazily created services and caches), then measure a second document.
await build('warm.weft');
const before = heap();
if (snapshotDir) v8.writeHeapSnapshot(path.join(snapshotDir, 'before.heapsnapshot'));
recording = true;
await build('large.weft');
recording = false;
const after = heap();
if (snapshotDir) v8.writeHeapSnapshot(path.join(snapshotDir, 'after.heapsnapshot'));
let previous = before;
console.log(`retained by the build: ${(after - before).toFixed(2)} MB; per phase: `
    + marks.map(([n, mb]) => { const d = mb - previous; previous = mb; return `${n} ${d.toFixed(2)}`; }).join(', ')
    + `, after ${(after - previous).toFixed(2)}`);
