// The samples are the language's showcase: each samples/*.weft must load from disk with its
// imports with no diagnostic at all, and every workflow in it must lower to a bundle that
// conforms to runtime/ir/schema.json, with script paths that exist.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileSystem } from 'langium/node';
import type { Model } from '../../language-server/generated/ast.js';
import { isWorkflow } from '../../language-server/generated/ast.js';
import { diagnosticsOf, formatDiagnostic } from '../../language-server/workspace/document-diagnostics.js';
import { loadFilesWithImports } from '../../language-server/workspace/workspace-loader.js';
import { createWeftServices } from '../../language-server/weft-module.js';
import { samplesDir } from '../support/paths.js';
import { schemaErrors } from './support/bundle-schema.js';

const sampleFiles = readdirSync(samplesDir).filter(f => f.endsWith('.weft') && !f.startsWith('.')).sort();

describe('samples', () => {
    it('has at least eight workflows', () => {
        const workflows = sampleFiles.flatMap(f => readFileSync(path.join(samplesDir, f), 'utf8').match(/^workflow \w+/gm) ?? []);
        assert.ok(workflows.length >= 8, `only ${workflows.length} workflows`);
    });

    for (const file of sampleFiles) {
        it(`${file} loads without diagnostics and lowers to schema-valid bundles`, async () => {
            const services = createWeftServices({ ...NodeFileSystem }).Weft;
            const loaded = await loadFilesWithImports(services, [path.join(samplesDir, file)]);
            assert.deepEqual(loaded.unreadableImports, []);
            const diagnostics = loaded.documents.flatMap(d => diagnosticsOf(d, samplesDir)).map(formatDiagnostic);
            assert.deepEqual(diagnostics, []);
            const entry = loaded.entries[0];
            for (const workflow of (entry.parseResult.value as Model).declarations.filter(isWorkflow)) {
                const bundle = services.lowering.WorkflowLowerer.lowerBundle(entry, workflow.name);
                assert.deepEqual(schemaErrors(bundle), [], workflow.name);
                for (const w of Object.values(bundle.workflows)) {
                    for (const node of w.nodes) {
                        if (node.kind === 'script' && 'path' in node.script) assert.ok(existsSync(node.script.path), node.script.path);
                    }
                }
            }
        });
    }
});
