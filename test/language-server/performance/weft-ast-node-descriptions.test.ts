// Specification of the lazily completed node descriptions (language-server/performance/
// weft-ast-node-descriptions.ts): each reads exactly what Langium's eager description holds,
// and a build that nobody queries computes no node path.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { AstNode } from 'langium';
import { AstUtils, DefaultAstNodeDescriptionProvider, DefaultAstNodeLocator, EmptyFileSystem, URI } from 'langium';
import type { Model } from '../../../language-server/generated/ast.js';
import { generateSingleFile } from '../../../bench/language/generate-workflows.js';
import { LazyAstNodeDescription } from '../../../language-server/performance/weft-ast-node-descriptions.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { samplesDir } from '../../support/paths.js';
import { buildFiles } from '../support/in-memory-workspace.js';

const sampleFiles = readdirSync(samplesDir).filter(f => f.endsWith('.weft') && !f.startsWith('.'));

describe('Lazy node descriptions', () => {

    it('hold the same name, type, document, path and segments as Langium\'s for every named node of the samples', async () => {
        const files = Object.fromEntries(sampleFiles.map(f => [f, readFileSync(path.join(samplesDir, f), 'utf8')]));
        const { services, documents } = await buildFiles(files);
        const langium = new DefaultAstNodeDescriptionProvider(services);
        const weft = services.workspace.AstNodeDescriptionProvider;
        let named = 0;
        for (const document of Object.values(documents)) {
            for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
                const name = services.references.NameProvider.getName(node);
                if (!name) continue;
                named++;
                const actual = weft.createDescription(node, undefined, document);
                const expected = langium.createDescription(node, undefined, document);
                assert.ok(actual instanceof LazyAstNodeDescription);
                for (const key of ['node', 'name', 'type', 'documentUri', 'path', 'selectionSegment', 'nameSegment'] as const) {
                    assert.deepEqual(actual[key], expected[key], `${name}: ${key}`);
                }
            }
        }
        assert.ok(named > 100);
    });

    it('reject a node without a name, as Langium does', async () => {
        const { services, documents } = await buildFiles({ 'a.weft': 'workflow W {\n  start -> end\n}\n' });
        const root = documents['a.weft'].parseResult.value;
        assert.throws(() => services.workspace.AstNodeDescriptionProvider.createDescription(root as AstNode, undefined), /has no name/);
    });

    it('leave node paths uncomputed through a whole build of a file without imports', async () => {
        let paths = 0;
        class CountingLocator extends DefaultAstNodeLocator {
            override getAstNodePath(node: AstNode): string {
                paths++;
                return super.getAstNodePath(node);
            }
        }
        const services = createWeftServices(EmptyFileSystem, { workspace: { AstNodeLocator: () => new CountingLocator() } }).Weft;
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
        const document = LangiumDocumentFactory.fromString(generateSingleFile(100).text, URI.file('/workspace/large.weft'));
        LangiumDocuments.addDocument(document);
        await DocumentBuilder.build([document], { validation: true });
        assert.equal(document.diagnostics?.length, 0);
        const workflow = (document.parseResult.value as Model).declarations.find(d => d.$type === 'Workflow')!;
        assert.ok((document.localSymbols?.getStream(workflow).count() ?? 0) > 100);
        assert.equal(paths, 0);
    });
});
