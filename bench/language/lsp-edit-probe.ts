// Language benchmark — probe of the edit round trip over the LSP: one-character edits in the
// middle of the generated 1,000-node workflow, from didChange to publishDiagnostics, against the
// real server process; prints wall time and the server's CPU time per edit (from /proc).
// `--diagram`: the diagram of the file is open (the server lowers it after every build).
// `--editor-requests`: with each edit, the requests an editor sends after a change (semantic
// tokens, symbols, folding, inlay hints, code actions), not awaited before the diagnostics.
// `--server FILE` measures another server bundle (e.g. one built from an earlier commit).
// `--profile DIR` runs the server under `node --cpu-prof` and leaves its profile in DIR.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Range } from 'vscode-languageserver-protocol';
import { generateSingleFile } from './generate-workflows.js';
import { LspSession } from './lsp-session.js';
import { median } from './measure.js';

const args = process.argv.slice(2);
const profileAt = args.indexOf('--profile');
const profileDir = profileAt >= 0 ? path.resolve(args[profileAt + 1]) : undefined;
const diagram = args.includes('--diagram');
const editorRequests = args.includes('--editor-requests');
const runs = Number(args.find(a => /^\d+$/.test(a)) ?? 21);
const serverAt = args.indexOf('--server');
const serverPath = serverAt >= 0 ? path.resolve(args[serverAt + 1])
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/language-server.cjs');

const single = generateSingleFile(1000);
const middle = Math.floor(single.blocks / 2);
const marker = `step: ${middle} }`;
const before = single.text.slice(0, single.text.indexOf(marker) + `step: ${middle}`.length - 1);
const line = before.split('\n').length - 1;
const character = before.length - before.lastIndexOf('\n') - 1;
const visible: Range = { start: { line: Math.max(0, line - 30), character: 0 }, end: { line: line + 30, character: 0 } };

/** The requests an editor sends about a document right after it changed. */
function sendEditorRequests(session: LspSession): Promise<unknown[]> {
    return Promise.all([
        session.request('textDocument/semanticTokens/full', 'large.weft'),
        session.request('textDocument/documentSymbol', 'large.weft'),
        session.request('textDocument/foldingRange', 'large.weft'),
        session.request('textDocument/inlayHint', 'large.weft', { range: visible }),
        session.request('textDocument/codeAction', 'large.weft', { range: { start: { line, character }, end: { line, character } }, context: { diagnostics: [] } }),
    ]);
}

const session = new LspSession(serverPath, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
try {
    await session.initialize();
    await session.open('large.weft', single.text);
    if (diagram) await session.diagramModel('large.weft');
    const wall: number[] = [];
    const modelWall: number[] = [];
    const allWall: number[] = [];
    const cpu: number[] = [];
    const cpuToDiagnostics: number[] = [];
    for (let i = -5; i < runs; i++) {
        const cpuBefore = session.serverCpuMs() ?? NaN;
        const model = diagram ? session.nextDiagramModel('large.weft') : undefined;
        const started = performance.now();
        const published = session.edit('large.weft', { start: { line, character }, end: { line, character: character + 1 } }, String((i & 7) + 1));
        const answered = editorRequests ? sendEditorRequests(session) : undefined;
        await published;
        const elapsed = performance.now() - started;
        const cpuAtDiagnostics = (session.serverCpuMs() ?? NaN) - cpuBefore;
        await model;
        const modelled = performance.now() - started;
        await answered;
        const all = performance.now() - started;
        if (i >= 0) {
            wall.push(elapsed);
            modelWall.push(modelled);
            allWall.push(all);
            cpu.push((session.serverCpuMs() ?? NaN) - cpuBefore);
            cpuToDiagnostics.push(cpuAtDiagnostics);
        }
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const mode = [diagram ? 'diagram open' : '', editorRequests ? 'editor requests' : ''].filter(Boolean).join(', ') || 'plain';
    console.log(`edit over the LSP (${mode}), median of ${runs}: diagnostics published after ${median(wall).toFixed(1)} ms`
        + (diagram ? `, diagram model after ${median(modelWall).toFixed(1)} ms` : '')
        + (editorRequests ? `, all requests answered after ${median(allWall).toFixed(1)} ms` : '')
        + `; server CPU per edit ${mean(cpu).toFixed(0)} ms, of which before the diagnostics ${mean(cpuToDiagnostics).toFixed(0)} ms (means; /proc ticks of 10 ms)`);
} finally {
    await session.close();
}
