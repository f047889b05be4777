// Language benchmark — CPU-time probe for performance work: full builds of the generated
// 1,000-node workflow and one-character edits, measured with process.cpuUsage() so other load
// on the machine inflates the figures less. Run under `node --cpu-prof` to find hot functions.
import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices } from '../../language-server/weft-module.js';
import { generateSingleFile } from './generate-workflows.js';
import { median, cpuMs } from './measure.js';

const runs = Number(process.argv[2] ?? 15);
const services = createWeftServices(EmptyFileSystem).Weft;
const { TextDocuments, DocumentBuilder } = services.shared.workspace;
const single = generateSingleFile(1000);

async function write(name: string, text: string, version: number): Promise<void> {
    const uri = URI.parse(`file:///probe/${name}`);
    TextDocuments.set(TextDocument.create(uri.toString(), 'weft', version, text));
    await DocumentBuilder.update([uri], []);
}
async function remove(name: string): Promise<void> {
    const uri = URI.parse(`file:///probe/${name}`);
    TextDocuments.delete(uri.toString());
    await DocumentBuilder.update([], [uri]);
}

const full: number[] = [];
for (let i = -3; i < runs; i++) {
    const started = process.cpuUsage();
    await write(`f${i}.weft`, single.text, 1);
    if (i >= 0) full.push(cpuMs(started));
    await remove(`f${i}.weft`);
}
const middle = Math.floor(single.blocks / 2);
const editAt = single.text.indexOf(`step: ${middle} }`) + `step: ${middle}`.length - 1;
await write('large.weft', single.text, 1);
const edits: number[] = [];
for (let i = -3; i < runs; i++) {
    const text = single.text.slice(0, editAt) + String((i & 7) + 1) + single.text.slice(editAt + 1);
    const started = process.cpuUsage();
    await write('large.weft', text, i + 10);
    if (i >= 0) edits.push(cpuMs(started));
}
console.log(`CPU ms, median of ${runs}: full build ${median(full).toFixed(1)}, edit -> diagnostics ${median(edits).toFixed(1)}`);
