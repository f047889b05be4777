// The language server's builds load imported files that are not in the workspace yet (outside
// the workspace folders, never opened), transitively, from the real file system — and keep
// building when an imported file does not exist; other documents are relinked by Langium's rule.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NodeFileSystem } from 'langium/node';
import { createWeftServices } from '../../../language-server/weft-module.js';

describe('ImportLoadingDocumentBuilder', () => {
    let dir: string;

    beforeEach(async () => {
        dir = await mkdtemp(path.join(os.tmpdir(), 'weft-imports-'));
        await mkdir(path.join(dir, 'project'));
        await mkdir(path.join(dir, 'shared'));
    });

    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('loads imported files transitively when only the importing document is built', async () => {
        await writeFile(path.join(dir, 'shared/deep.weft'), 'type Deep { id: string }');
        await writeFile(path.join(dir, 'shared/types.weft'), 'import "./deep.weft"\ntype Order { deep: Deep }');
        await writeFile(path.join(dir, 'project/main.weft'), 'import "../shared/types.weft"\nworkflow W { input o: Order }');
        const { shared } = createWeftServices({ ...NodeFileSystem });
        const main = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path.join(dir, 'project/main.weft')));
        await shared.workspace.DocumentBuilder.build([main], { validation: true });
        assert.deepEqual(main.diagnostics?.filter(d => d.severity === 1).map(d => String(d.message)), []);
        assert.ok(shared.workspace.LangiumDocuments.hasDocument(URI.file(path.join(dir, 'shared/deep.weft'))));
    });

    it('builds the importing document when an imported file is missing', async () => {
        await writeFile(path.join(dir, 'project/main.weft'), 'import "./absent.weft"\nworkflow W { input o: Order }');
        const { shared } = createWeftServices({ ...NodeFileSystem });
        const main = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path.join(dir, 'project/main.weft')));
        await shared.workspace.DocumentBuilder.build([main], { validation: true });
        const errors = main.diagnostics?.filter(d => d.severity === 1).map(d => String(d.message)) ?? [];
        assert.ok(errors.some(e => /Order/.test(e)), errors.join('\n'));
    });
});

describe('scopes across an edit of an imported file', () => {
    it('relinks an importing document when the imported file gains the missing type', async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'weft-relink-'));
        try {
            const types = path.join(dir, 'types.weft');
            await writeFile(types, 'type Other { id: string }');
            await writeFile(path.join(dir, 'main.weft'), 'import "./types.weft"\nworkflow W { input o: Order }');
            const { shared } = createWeftServices({ ...NodeFileSystem });
            const main = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path.join(dir, 'main.weft')));
            await shared.workspace.DocumentBuilder.build([main], { validation: true });
            const errorsOf = () => main.diagnostics?.filter(d => d.severity === 1).map(d => String(d.message)) ?? [];
            assert.ok(errorsOf().some(e => /Order/.test(e)));
            await writeFile(types, 'type Order { id: string }');
            await shared.workspace.DocumentBuilder.update([URI.file(types)], []);
            assert.deepEqual(errorsOf(), []);
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});

describe('relinking other documents on an update', () => {
    const A_BROKEN = 'workflow A {\n  task t: http GET "https://x.test"\n  start -> t -> missing -> end\n}\n';
    const A_FIXED = 'workflow A {\n  task t: http GET "https://x.test"\n  start -> t -> end\n}\n';
    const B = 'workflow B {\n  task u: http GET "https://x.test"\n  start -> u -> end\n}\n';

    async function workspace() {
        const { shared } = createWeftServices(EmptyFileSystem);
        const { TextDocuments, DocumentBuilder } = shared.workspace;
        let linked: string[] = [];
        DocumentBuilder.onBuildPhase(DocumentState.Linked, documents => { linked.push(...documents.map(d => d.uri.path)); });
        const write = async (name: string, text: string, version = 1) => {
            const uri = URI.parse(`file:///relink/${name}`);
            TextDocuments.set(TextDocument.create(uri.toString(), 'weft', version, text));
            linked = [];
            await DocumentBuilder.update([uri], []);
            return [...linked].sort();
        };
        return { write };
    }

    it('relinks a document with unresolved names on every update, and one without them only when it is affected', async () => {
        const { write } = await workspace();
        await write('a.weft', A_BROKEN);
        await write('b.weft', B);
        assert.deepEqual(await write('c.weft', B.replace(/B/g, 'C')), ['/relink/a.weft', '/relink/c.weft']);
        assert.deepEqual(await write('c.weft', B.replace(/B/g, 'C2'), 2), ['/relink/a.weft', '/relink/c.weft']);
        assert.deepEqual(await write('a.weft', A_FIXED, 2), ['/relink/a.weft']);
        assert.deepEqual(await write('c.weft', B.replace(/B/g, 'C3'), 3), ['/relink/c.weft']);
    });
});
