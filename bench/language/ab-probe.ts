// Language benchmark — CPU-time A/B probe for performance work: loads this build and another
// build's out/ directory (argument 1) side by side and alternates their runs of the same work
// (parse alone and full build of the 1,000-node workflow, full build of the 10,000-line workspace).
import { EmptyFileSystem, URI } from 'langium';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices } from '../../language-server/weft-module.js';
import { generateSingleFile, generateWorkspace } from './generate-workflows.js';
import { median, cpuMs } from './measure.js';

const otherOut = path.resolve(process.argv[2]);
const runs = Number(process.argv[3] ?? 9);
const other = await import(pathToFileURL(path.join(otherOut, 'language-server/weft-module.js')).href) as { createWeftServices: typeof createWeftServices };
const single = generateSingleFile(1000);
const workspace = generateWorkspace(10_000);

class Subject {
    readonly services;
    constructor(readonly name: string, create: typeof createWeftServices) {
        this.services = create(EmptyFileSystem).Weft;
    }
    async write(files: Record<string, string>): Promise<void> {
        const { TextDocuments, DocumentBuilder } = this.services.shared.workspace;
        const uris = Object.entries(files).map(([n, t]) => {
            const uri = URI.parse(`file:///ab/${n}`);
            TextDocuments.set(TextDocument.create(uri.toString(), 'weft', 1, t));
            return uri;
        });
        await DocumentBuilder.update(uris, []);
    }
    async remove(names: string[], folder: string): Promise<void> {
        const { TextDocuments, DocumentBuilder } = this.services.shared.workspace;
        for (const n of names) TextDocuments.delete(URI.parse(`file:///ab/${n}`).toString());
        await DocumentBuilder.update([], [URI.parse(`file:///ab/${folder}`)]);
    }
}
const subjects = [new Subject('other', other.createWeftServices), new Subject('this', createWeftServices)];
const results: Record<string, Record<string, number[]>> = {};
const record = (s: Subject, what: string, ms: number) => ((results[what] ??= {})[s.name] ??= []).push(ms);
for (const s of subjects) await s.write({ 'large.weft': single.text });
for (let i = -2; i < runs; i++) {
    for (const s of i % 2 ? subjects : [...subjects].reverse()) {
        let started = process.cpuUsage();
        s.services.parser.LangiumParser.parse(single.text);
        if (i >= 0) record(s, 'parse alone, 1,001-node workflow', cpuMs(started));
        started = process.cpuUsage();
        await s.write({ [`f${i}/large.weft`]: single.text });
        if (i >= 0) record(s, 'full build, 1,001-node workflow', cpuMs(started));
        await s.remove([`f${i}/large.weft`], `f${i}`);
        const files = Object.fromEntries(Object.entries(workspace.files).map(([n, t]) => [`ws${i + 10}/${n}`, t]));
        started = process.cpuUsage();
        await s.write(files);
        if (i >= 0) record(s, 'full build, 10,467-line workspace', cpuMs(started));
        await s.remove(Object.keys(files), `ws${i + 10}`);
    }
}
for (const [what, by] of Object.entries(results)) {
    const a = median(by.other), b = median(by.this);
    console.log(`${what}: other ${a.toFixed(1)}, this ${b.toFixed(1)} CPU ms, ratio ${(b / a).toFixed(2)}`);
}
