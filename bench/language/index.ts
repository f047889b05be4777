// Language benchmark (`npm run bench`, area `language`): full builds of a generated 1,000-node
// workflow and a 10,000-line workspace, one-character edit to diagnostics (in process through
// DocumentBuilder.update, and over the wire from the real server process, also with the diagram
// open), completion, hover, definition, references and document symbols latency, and
// amazon-states-language-service validating the equivalent ASL document.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-protocol';
import { createWeftServices, type WeftServices } from '../../language-server/weft-module.js';
import { generateAsl } from './generate-asl.js';
import { generateSingleFile, generateWorkspace } from './generate-workflows.js';
import { LspSession } from './lsp-session.js';
import { median, printTable, timeRuns, type Sample } from './measure.js';

interface AslService {
    parseJSONDocument(document: TextDocument): unknown;
    doValidation(document: TextDocument, json: unknown): Promise<unknown[]>;
}

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverPath = path.join(repoRoot, 'dist', 'language-server.cjs');

/** Runs per measurement; `--quick` for a smoke run. */
const quick = process.argv.includes('--quick');
const WARMUP = quick ? 1 : 3;
const RUNS = quick ? 3 : 11;

class Workspace {
    private readonly versions = new Map<string, number>();
    constructor(readonly services: WeftServices) {}

    uri(name: string): URI { return URI.parse(`file:///bench/${name}`); }

    /** Puts new text (or the same text as a new version) and rebuilds through DocumentBuilder.update. */
    async write(files: Record<string, string>): Promise<void> {
        const uris: URI[] = [];
        for (const [name, text] of Object.entries(files)) {
            const uri = this.uri(name);
            const version = (this.versions.get(uri.toString()) ?? 0) + 1;
            this.versions.set(uri.toString(), version);
            this.services.shared.workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'weft', version, text));
            uris.push(uri);
        }
        await this.services.shared.workspace.DocumentBuilder.update(uris, []);
    }

    /** Removes files, as a didChangeWatchedFiles deletion does (a folder name removes its files). */
    async remove(names: string[]): Promise<void> {
        for (const name of names) {
            this.services.shared.workspace.TextDocuments.delete(this.uri(name).toString());
            this.versions.delete(this.uri(name).toString());
        }
        await this.services.shared.workspace.DocumentBuilder.update([], names.map(n => this.uri(n)));
    }

    document(name: string): LangiumDocument {
        return this.services.shared.workspace.LangiumDocuments.getDocument(this.uri(name))!;
    }
}

function positionOf(text: string, needle: string, delta = 0): Position {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`benchmark fixture lacks ${needle}`);
    const before = text.slice(0, offset + delta);
    const line = before.split('\n').length - 1;
    return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Like timeRuns, with an untimed clean-up after each run (warm-up runs get negative indices). */
async function timeRunsFresh(warmup: number, runs: number, body: (i: number) => Promise<unknown>, cleanUp: (i: number) => Promise<unknown>): Promise<number[]> {
    const durations: number[] = [];
    for (let i = -warmup; i < runs; i++) {
        const started = performance.now();
        await body(i);
        if (i >= 0) durations.push(performance.now() - started);
        await cleanUp(i);
    }
    return durations;
}

function errorsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).filter(d => d.severity === 1).map(d => `${d.range.start.line + 1}: ${String(d.message)}`);
}

export default async function run(): Promise<void> {
    const load = os.loadavg().map(l => l.toFixed(1)).join(' ');
    console.log(`language: ${WARMUP} warm-up runs, then the median of ${RUNS}; load average ${load}`);
    const samples: Sample[] = [];

    // ---- Fixtures -------------------------------------------------------------------------
    const single = generateSingleFile(1000);
    const workspace = generateWorkspace(10_000);
    const asl = generateAsl(single.blocks);
    console.log(`fixtures: ${single.nodes}-node workflow (${single.lines} lines, ${(single.text.length / 1024).toFixed(0)} KB); `
        + `workspace of ${Object.keys(workspace.files).length} files, ${workspace.lines} lines, ${workspace.nodes} nodes; `
        + `ASL document of ${asl.states} states (${(asl.text.length / 1024).toFixed(0)} KB)`);

    // ---- In-process builds ----------------------------------------------------------------
    const services = createWeftServices(EmptyFileSystem).Weft;
    const ws = new Workspace(services);
    await ws.write({ 'large.weft': single.text });
    const errors = errorsOf(ws.document('large.weft'));
    if (errors.length) throw new Error(`the generated workflow has errors: ${errors.slice(0, 5).join('; ')}`);
    // A full build is of a document the services have never seen (a new URI each run; Langium
    // would skip parsing an unchanged text); the previous one is removed outside the timing.
    samples.push({ name: `full build, ${single.nodes}-node workflow`, target: 150,
        runs: await timeRunsFresh(WARMUP, RUNS, (i) => ws.write({ [`fresh${i}/large.weft`]: single.text }), (i) => ws.remove([`fresh${i}`])) });

    const wsFiles = (run: number) => Object.fromEntries(Object.entries(workspace.files).map(([n, t]) => [`ws${run}/${n}`, t]));
    await ws.write(wsFiles(0));
    const wsErrors = Object.keys(wsFiles(0)).flatMap(n => errorsOf(ws.document(n)).map(e => `${n}:${e}`));
    if (wsErrors.length) throw new Error(`the generated workspace has errors: ${wsErrors.slice(0, 5).join('; ')}`);
    await ws.remove(['ws0']);
    samples.push({ name: `full build, ${workspace.lines}-line workspace`, target: 400,
        runs: await timeRunsFresh(Math.max(1, WARMUP - 1), RUNS, (i) => ws.write(wsFiles(i + 100)), (i) => ws.remove([`ws${i + 100}`])) });

    // One-character edit in the middle block: `step: 71` <-> `step: 7x` stays valid (a digit).
    const middle = Math.floor(single.blocks / 2);
    const marker = `step: ${middle} }`;
    const editAt = single.text.indexOf(marker) + `step: ${middle}`.length - 1;
    const edited = (i: number) => single.text.slice(0, editAt) + String((i & 7) + 1) + single.text.slice(editAt + 1);
    samples.push({ name: 'edit -> diagnostics, in process (DocumentBuilder.update)', target: 100,
        runs: await timeRuns(WARMUP, RUNS, (i) => ws.write({ 'large.weft': edited(i + 8) })) });
    // With the diagram open the server also lowers the document and rebuilds its diagram model
    // after each build; modelFor does exactly that for a document built since its last model.
    const largeUri = ws.uri('large.weft').toString();
    samples.push({ name: 'edit -> diagnostics + diagram model, in process (diagram open)', target: 100,
        runs: await timeRuns(WARMUP, RUNS, async (i) => {
            await ws.write({ 'large.weft': edited(i + 8) });
            if (!(await services.diagram.DiagramModelService.modelFor(largeUri))?.workflows) throw new Error('no diagram model for the edited workflow');
        }) });
    await ws.write({ 'large.weft': single.text });

    const document = ws.document('large.weft');
    const uri = document.uri.toString();
    const memberAt = positionOf(single.text, `fetch${middle}.status`, `fetch${middle}.`.length);
    const hoverAt = positionOf(single.text, `  enrich${middle} -> [`, 4);
    const statementAt = positionOf(single.text, `  fetch${middle} -> enrich${middle} when`, 2);
    const guardAt = positionOf(single.text, `fetch${middle} -> enrich${middle} when `, `fetch${middle} -> enrich${middle} when `.length);
    const referenceAt = positionOf(single.text, `  fetch${middle} -> enrich${middle} when`, 4);
    const lsp = services.lsp;
    samples.push({ name: 'completion after `node.`, in process', target: 20,
        runs: await timeRuns(WARMUP, RUNS, () => lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri }, position: memberAt })) });
    samples.push({ name: 'completion at a statement start, in process', target: 20,
        runs: await timeRuns(WARMUP, RUNS, () => lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri }, position: statementAt })) });
    samples.push({ name: 'completion in a guard expression, in process', target: 20,
        runs: await timeRuns(WARMUP, RUNS, () => lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri }, position: guardAt })) });
    samples.push({ name: 'hover on a node name, in process',
        runs: await timeRuns(WARMUP, RUNS, () => lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri }, position: hoverAt })) });
    samples.push({ name: 'go to definition of a node name, in process',
        runs: await timeRuns(WARMUP, RUNS, () => lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri }, position: referenceAt })) });
    samples.push({ name: 'find references of a node, in process',
        runs: await timeRuns(WARMUP, RUNS, () => lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position: referenceAt, context: { includeDeclaration: true } })) });
    samples.push({ name: 'document symbols, in process',
        runs: await timeRuns(WARMUP, RUNS, () => lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri } })) });

    // ---- The real server process over stdio -----------------------------------------------
    if (existsSync(serverPath)) {
        const session = new LspSession(serverPath);
        try {
            await session.initialize();
            const opened = await session.open('large.weft', single.text);
            if (opened.diagnostics.some(d => d.severity === 1)) throw new Error('the server reports errors in the generated workflow');
            const { line, character } = positionOf(single.text, marker, `step: ${middle}`.length - 1);
            samples.push({ name: 'edit -> published diagnostics, LSP (server process)', target: 100,
                runs: await timeRuns(WARMUP, RUNS, (i) => session.edit('large.weft',
                    { start: { line, character }, end: { line, character: character + 1 } }, String((i & 7) + 1))) });
            samples.push({ name: 'completion after `node.`, LSP', target: 20,
                runs: await timeRuns(WARMUP, RUNS, () => session.completion('large.weft', memberAt)) });
            samples.push({ name: 'completion at a statement start, LSP', target: 20,
                runs: await timeRuns(WARMUP, RUNS, () => session.completion('large.weft', statementAt)) });
            samples.push({ name: 'completion in a guard expression, LSP', target: 20,
                runs: await timeRuns(WARMUP, RUNS, () => session.completion('large.weft', guardAt)) });
            samples.push({ name: 'hover on a node name, LSP',
                runs: await timeRuns(WARMUP, RUNS, () => session.hover('large.weft', hoverAt)) });
            samples.push({ name: 'go to definition of a node name, LSP',
                runs: await timeRuns(WARMUP, RUNS, () => session.request('textDocument/definition', 'large.weft', { position: referenceAt })) });
            samples.push({ name: 'find references of a node, LSP',
                runs: await timeRuns(WARMUP, RUNS, () => session.request('textDocument/references', 'large.weft', { position: referenceAt, context: { includeDeclaration: true } })) });
            samples.push({ name: 'document symbols, LSP',
                runs: await timeRuns(WARMUP, RUNS, () => session.request('textDocument/documentSymbol', 'large.weft')) });
            // The diagram open (the client asked for its model): the server also lowers the
            // document and pushes a new model after each build; diagnostics must not wait for it.
            await session.diagramModel('large.weft');
            const editDiagramOpen = (i: number) => session.edit('large.weft',
                { start: { line, character }, end: { line, character: character + 1 } }, String((i & 7) + 1));
            const toDiagnostics: number[] = [];
            const toModel: number[] = [];
            for (let i = -WARMUP; i < RUNS; i++) {
                const model = session.nextDiagramModel('large.weft');
                const started = performance.now();
                await editDiagramOpen(i);
                const published = performance.now();
                await model;
                if (i >= 0) {
                    toDiagnostics.push(published - started);
                    toModel.push(performance.now() - started);
                }
            }
            samples.push({ name: 'edit -> published diagnostics, LSP, diagram open', target: 100, runs: toDiagnostics });
            samples.push({ name: 'edit -> diagram model pushed, LSP, diagram open', runs: toModel });
        } finally {
            await session.close();
        }
    } else {
        console.log(`(no ${path.relative(repoRoot, serverPath)}: run npm run build for the LSP measurements)`);
    }

    // ---- amazon-states-language-service on the equivalent ASL document -------------------
    const aslService = (require('amazon-states-language-service') as { getLanguageService(p: object): AslService }).getLanguageService({});
    const aslValidate = async (text: string, version: number) => {
        const doc = TextDocument.create('file:///bench/large.asl.json', 'json', version, text);
        const diagnostics = await aslService.doValidation(doc, aslService.parseJSONDocument(doc));
        return diagnostics;
    };
    const aslDiagnostics = await aslValidate(asl.text, 0);
    if (aslDiagnostics.length) throw new Error(`the generated ASL has ${aslDiagnostics.length} diagnostics: ${JSON.stringify(aslDiagnostics[0])}`);
    samples.push({ name: `ASL service: validate ${asl.states} states`,
        runs: await timeRuns(WARMUP, RUNS, (i) => aslValidate(asl.text, i + 10)) });
    const aslEditAt = asl.text.indexOf('"Step ') + 1;
    const aslEdited = (i: number) => asl.text.slice(0, aslEditAt) + 'sS'[i & 1] + asl.text.slice(aslEditAt + 1);
    samples.push({ name: 'ASL service: re-validate after a one-character edit',
        runs: await timeRuns(WARMUP, RUNS, (i) => aslValidate(aslEdited(i), i + 100)) });

    // Paired runs: a Weft full build and an ASL validation back to back, so both see the same
    // machine load; the median of the per-pair ratios is robust to other work on the machine.
    const pairRatios: number[] = [];
    for (let i = -WARMUP; i < RUNS; i++) {
        const started = performance.now();
        await ws.write({ [`pair${i}/large.weft`]: single.text });
        const weft = performance.now() - started;
        await ws.remove([`pair${i}`]);
        const aslStarted = performance.now();
        await aslValidate(asl.text, 1000 + i);
        const aslMs = performance.now() - aslStarted;
        if (i >= 0) pairRatios.push(weft / aslMs);
    }

    printTable(samples);

    const m = (prefix: string) => { const s = samples.find(x => x.name.startsWith(prefix)); return s ? median(s.runs) : undefined; };
    const ratio = (a: number | undefined, b: number | undefined) => a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`;
    const aslFull = m('ASL service: validate');
    const aslEdit = m('ASL service: re-validate');
    console.log('');
    console.log(`ratio Weft full build (${single.nodes} nodes) / ASL validate (${asl.states} states): ${ratio(m('full build, ' + single.nodes), aslFull)}`);
    console.log(`ratio Weft edit -> diagnostics in process / ASL re-validate after edit: ${ratio(m('edit -> diagnostics, in process'), aslEdit)}`);
    console.log(`ratio Weft edit -> published diagnostics over LSP / ASL re-validate after edit: ${ratio(m('edit -> published diagnostics'), aslEdit)}`);
    console.log(`ratio Weft full build / ASL validate, median of ${pairRatios.length} back-to-back pairs: ${median(pairRatios).toFixed(2)}x (min ${Math.min(...pairRatios).toFixed(2)}x, max ${Math.max(...pairRatios).toFixed(2)}x)`);
    console.log('(below 1x: Weft is faster; the ASL service parses JSON and checks a schema, Weft also links names and types)');
}
