// Specification of the validator's walk (validation/weft-document-validator.ts): every check
// runs on every node in the order of Langium's own walk (AST pre-order, the registry's order per
// node), whether checks are synchronous or asynchronous, across its cancellation checkpoints.
import assert from 'node:assert/strict';
import type { AstNode, ValidationAcceptor } from 'langium';
import { AstUtils, URI } from 'langium';
import type { WeftAstType } from '../../../language-server/generated/ast.js';
import { NODES_PER_CHECK } from '../../../language-server/performance/interruption.js';
import { generateSingleFile } from '../../../bench/language/generate-workflows.js';
import { buildFiles } from '../support/in-memory-workspace.js';

describe('Weft document validator walk', () => {

    it('calls synchronous and asynchronous checks on every node in Langium\'s order', async () => {
        const { services } = await buildFiles({});
        const calls: string[] = [];
        const later = () => new Promise(resolve => setImmediate(resolve));
        const sync = (label: string) => (node: AstNode) => { calls.push(`${label} ${node.$type}`); };
        const async = (label: string) => async (node: AstNode, accept: ValidationAcceptor) => {
            await later();
            calls.push(`${label} ${node.$type}`);
            if (node.$type === 'Workflow') accept('warning', 'async check ran', { node });
        };
        const registry = services.validation.ValidationRegistry;
        registry.register<WeftAstType>({ TaskNode: sync('a'), EdgeEndpoint: async('b'), Workflow: sync('a') });
        registry.register<WeftAstType>({ TaskNode: async('b'), EdgeEndpoint: sync('c'), Workflow: async('b') });
        registry.register<WeftAstType>({ EdgeEndpoint: sync('d') });

        const text = generateSingleFile(100).text;
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file('/workspace/walk.weft'));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });

        const order: Record<string, string[]> = { TaskNode: ['a', 'b'], EdgeEndpoint: ['b', 'c', 'd'], Workflow: ['a', 'b'] };
        const nodes = AstUtils.streamAst(document.parseResult.value).toArray();
        assert.ok(nodes.length > 3 * NODES_PER_CHECK, 'the walk crosses several checkpoints');
        const expected = nodes.flatMap(node => (order[node.$type] ?? []).map(label => `${label} ${node.$type}`));
        assert.deepEqual(calls, expected);
        assert.ok(document.diagnostics?.some(d => d.message === 'async check ran'));
    });
});
