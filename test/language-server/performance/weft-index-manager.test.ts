// Specification of the reference index that stores only references between documents
// (language-server/performance/weft-index-manager.ts): find references must answer exactly what
// Langium's index of every reference answers, and a build must keep no description per local use.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { AstNode, LangiumDocument, ReferenceDescription } from 'langium';
import { AstUtils, DefaultReferenceDescriptionProvider, EmptyFileSystem, URI, UriUtils } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WeftServices } from '../../../language-server/weft-module.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { samplesDir } from '../../support/paths.js';
import { buildFiles } from '../support/in-memory-workspace.js';

const sampleFiles = readdirSync(samplesDir).filter(f => f.endsWith('.weft') && !f.startsWith('.'));
const samples = () => Object.fromEntries(sampleFiles.map(f => [f, readFileSync(path.join(samplesDir, f), 'utf8')]));

/** What Langium's own index would answer: every reference of every document, filtered by target. */
async function langiumReferences(services: WeftServices, documents: LangiumDocument[], target: AstNode): Promise<ReferenceDescription[]> {
    const provider = new DefaultReferenceDescriptionProvider(services);
    const targetUri = AstUtils.getDocument(target).uri;
    const targetPath = services.workspace.AstNodeLocator.getAstNodePath(target);
    const result: ReferenceDescription[] = [];
    for (const document of documents) {
        for (const description of await provider.createDescriptions(document)) {
            if (description.targetPath === targetPath && UriUtils.equals(description.targetUri, targetUri)) result.push(description);
        }
    }
    return result;
}

/** Every node some reference of the documents resolves to. */
function referencedNodes(documents: LangiumDocument[]): Set<AstNode> {
    const targets = new Set<AstNode>();
    for (const document of documents) {
        for (const reference of document.references) {
            const ref = 'ref' in reference ? reference.ref : undefined;
            if (ref) targets.add(ref);
        }
    }
    return targets;
}

function storedIndex(services: WeftServices): Map<string, ReferenceDescription[]> {
    return (services.shared.workspace.IndexManager as unknown as { referenceIndex: Map<string, ReferenceDescription[]> }).referenceIndex;
}

describe('Reference index of cross-document references', () => {

    it('finds, for every referenced node of the samples, the same references as an index of every reference', async () => {
        const { services, documents } = await buildFiles(samples());
        const all = Object.values(documents);
        const targets = referencedNodes(all);
        assert.ok(targets.size > 100);
        let crossFile = 0;
        for (const target of targets) {
            const path = services.workspace.AstNodeLocator.getAstNodePath(target);
            const actual = services.shared.workspace.IndexManager.findAllReferences(target, path).toArray();
            const expected = await langiumReferences(services, all, target);
            assert.ok(actual.length > 0);
            assert.deepEqual(actual, expected, `${AstUtils.getDocument(target).uri.path} ${path}`);
            if (actual.some(d => !d.local)) crossFile++;
        }
        assert.ok(crossFile > 3, 'some targets are used from other files');
    });

    it('stores only the references that point into another document', async () => {
        const { services, documents } = await buildFiles(samples());
        const index = storedIndex(services);
        let stored = 0;
        for (const document of Object.values(documents)) {
            const entry = index.get(document.uri.toString());
            assert.ok(entry, document.uri.path);
            const expected = (await new DefaultReferenceDescriptionProvider(services).createDescriptions(document)).filter(d => !d.local);
            assert.deepEqual(entry, expected, document.uri.path);
            stored += entry.length;
        }
        assert.ok(stored > 3);
    });

    it('answers from the current parse after an edit re-parses the target document', async () => {
        const services = createWeftServices(EmptyFileSystem).Weft;
        const { DocumentBuilder, LangiumDocuments, TextDocuments, IndexManager } = services.shared.workspace;
        const uri = URI.parse('file:///index/w.weft');
        const write = async (text: string, version: number) => {
            TextDocuments.set(TextDocument.create(uri.toString(), 'weft', version, text));
            await DocumentBuilder.update([uri], []);
        };
        const uses = () => {
            const root = LangiumDocuments.getDocument(uri)!.parseResult.value;
            const task = AstUtils.streamAllContents(root).find(n => (n as { name?: string }).name === 'a')!;
            return IndexManager.findAllReferences(task, services.workspace.AstNodeLocator.getAstNodePath(task)).toArray().map(d => d.segment.offset);
        };
        const text = 'workflow W {\n  task a: http GET "https://x.test"\n  start -> a -> end\n}\n';
        await write(text, 1);
        assert.deepEqual(uses(), [text.indexOf('-> a') + 3]);
        const edited = text.replace('start -> a -> end', 'start -> a\n  a -> end');
        await write(edited, 2);
        assert.deepEqual(uses(), [edited.indexOf('-> a') + 3, edited.indexOf('\n  a -> end') + 3]);
    });
});
