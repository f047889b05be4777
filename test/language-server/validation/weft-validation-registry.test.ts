// Specification of the validation registry's check wrapper (validation/weft-validation-registry.ts):
// a synchronous check is a plain call (no promise), an asynchronous one is still awaited, and a
// check that throws becomes the same error diagnostic Langium's own wrapper reports.
import assert from 'node:assert/strict';
import type { AstNode, ValidationAcceptor } from 'langium';
import { EmptyFileSystem, URI } from 'langium';
import type { WeftAstType, Workflow } from '../../../language-server/generated/ast.js';
import { WeftValidationRegistry } from '../../../language-server/validation/weft-validation-registry.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { buildFiles } from '../support/in-memory-workspace.js';

const TEXT = 'workflow Probe {\n  start -> end\n}\n';

describe('Weft validation registry', () => {

    it('is the registry the services use', () => {
        assert.ok(createWeftServices(EmptyFileSystem).Weft.validation.ValidationRegistry instanceof WeftValidationRegistry);
    });

    it('calls a synchronous check without making a promise', () => {
        const registry = createWeftServices(EmptyFileSystem).Weft.validation.ValidationRegistry;
        let calls = 0;
        registry.register<WeftAstType>({ Workflow: () => { calls++; } });
        const check = registry.getChecks('Workflow').toArray().at(-1)!;
        const result = check({ $type: 'Workflow' } as AstNode, (() => undefined) as ValidationAcceptor, undefined as never);
        assert.equal(result, undefined);
        assert.equal(calls, 1);
    });

    it('waits for an asynchronous check and keeps what it reports', async () => {
        const { services } = await buildFiles({});
        services.validation.ValidationRegistry.register<WeftAstType>({
            Workflow: async (node: Workflow, accept: ValidationAcceptor) => {
                await new Promise(resolve => setImmediate(resolve));
                accept('warning', 'late warning', { node, property: 'name' });
            },
        });
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(TEXT, URI.file('/workspace/probe.weft'));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        assert.ok(document.diagnostics?.some(d => d.message === 'late warning'));
    });

    it('reports a check that throws as Langium does, and runs the other checks', async () => {
        const { services } = await buildFiles({});
        const errors = console.error;
        console.error = () => undefined;
        try {
            services.validation.ValidationRegistry.register<WeftAstType>({
                Workflow: () => { throw new Error('boom'); },
            });
            services.validation.ValidationRegistry.register<WeftAstType>({
                Workflow: (node: Workflow, accept: ValidationAcceptor) => accept('warning', 'still checked', { node, property: 'name' }),
            });
            const document = services.shared.workspace.LangiumDocumentFactory.fromString(TEXT, URI.file('/workspace/probe.weft'));
            services.shared.workspace.LangiumDocuments.addDocument(document);
            await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
            const messages = document.diagnostics?.map(d => d.message) ?? [];
            assert.ok(messages.includes('An error occurred during validation: boom'), messages.join('\n'));
            assert.ok(messages.includes('still checked'));
        } finally {
            console.error = errors;
        }
    });
});
