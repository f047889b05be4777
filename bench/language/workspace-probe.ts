// Language benchmark — CPU-time probe of the 10,000-line workspace build: builds the generated
// workspace (with the 1,000-node workflow loaded beside it, as the bench does) and reports the
// CPU time per build phase (marks at each onBuildPhase). Run under `node --cpu-prof` for hot spots.
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices } from '../../language-server/weft-module.js';
import { generateSingleFile, generateWorkspace } from './generate-workflows.js';
import { median } from './measure.js';

const runs = Number(process.argv[2] ?? 9);
const services = createWeftServices(EmptyFileSystem).Weft;
const { TextDocuments, DocumentBuilder } = services.shared.workspace;
const single = generateSingleFile(1000);
const workspace = generateWorkspace(10_000);

function cpuNow(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
}
const phases: Array<[string, DocumentState]> = [
    ['parsed', DocumentState.Parsed], ['indexed', DocumentState.IndexedContent], ['scoped', DocumentState.ComputedScopes],
    ['linked', DocumentState.Linked], ['refIndexed', DocumentState.IndexedReferences], ['validated', DocumentState.Validated],
];
let marks: Record<string, number> = {};
for (const [name, state] of phases) DocumentBuilder.onBuildPhase(state, () => { marks[name] = cpuNow(); });

async function write(files: Record<string, string>): Promise<void> {
    const uris = Object.entries(files).map(([name, text]) => {
        const uri = URI.parse(`file:///probe/${name}`);
        TextDocuments.set(TextDocument.create(uri.toString(), 'weft', 1, text));
        return uri;
    });
    await DocumentBuilder.update(uris, []);
}
async function remove(folder: string): Promise<void> {
    for (const name of Object.keys(workspace.files)) TextDocuments.delete(URI.parse(`file:///probe/${folder}/${name}`).toString());
    await DocumentBuilder.update([], [URI.parse(`file:///probe/${folder}`)]);
}

await write({ 'large.weft': single.text });
const totals: number[] = [];
const perPhase: Record<string, number[]> = {};
for (let i = -2; i < runs; i++) {
    const files = Object.fromEntries(Object.entries(workspace.files).map(([n, t]) => [`ws${i + 10}/${n}`, t]));
    marks = {};
    const started = cpuNow();
    await write(files);
    const ended = cpuNow();
    if (i >= 0) {
        totals.push(ended - started);
        let previous = started;
        for (const [name] of phases) {
            (perPhase[name] ??= []).push(marks[name] - previous);
            previous = marks[name];
        }
        (perPhase.after ??= []).push(ended - previous);
    }
    await remove(`ws${i + 10}`);
}
console.log(`workspace build CPU ms, median of ${runs}: ${median(totals).toFixed(1)}; phases: `
    + Object.entries(perPhase).map(([n, v]) => `${n} ${median(v).toFixed(1)}`).join(', '));
