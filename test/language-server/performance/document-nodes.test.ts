// Specification of the cached node and reference lists (language-server/performance/): the
// linker, scope computation, reference index and validator walk them instead of Langium's
// streams, so they must hold exactly what those streams yield, in the same order.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AstUtils } from 'langium';
import { documentNodes } from '../../../language-server/performance/document-nodes.js';
import { samplesDir } from '../../support/paths.js';
import { buildFiles } from '../support/in-memory-workspace.js';

const sampleFiles = readdirSync(samplesDir).filter(f => f.endsWith('.weft') && !f.startsWith('.'));

describe('Cached document nodes', () => {

    it('lists every node of each sample in the pre-order of AstUtils.streamAst', async () => {
        const files = Object.fromEntries(sampleFiles.map(f => [f, readFileSync(path.join(samplesDir, f), 'utf8')]));
        const { documents } = await buildFiles(files);
        for (const [name, document] of Object.entries(documents)) {
            const root = document.parseResult.value;
            const expected = AstUtils.streamAst(root).toArray();
            assert.ok(expected.length > 10, name);
            assert.deepEqual(documentNodes(root).nodes, expected, name);
        }
    });

    it('lists every reference of each sample in the order of AstUtils.streamReferences', async () => {
        const files = Object.fromEntries(sampleFiles.map(f => [f, readFileSync(path.join(samplesDir, f), 'utf8')]));
        const { documents } = await buildFiles(files);
        for (const [name, document] of Object.entries(documents)) {
            const root = document.parseResult.value;
            const expected = AstUtils.streamAst(root).flatMap(n => AstUtils.streamReferences(n)).toArray();
            const actual = documentNodes(root).references;
            assert.equal(actual.length, expected.length, name);
            actual.forEach((info, i) => {
                assert.equal(info.reference, expected[i].reference, `${name} reference ${i}`);
                assert.equal(info.container, expected[i].container);
                assert.equal(info.property, expected[i].property);
                assert.equal(info.index, expected[i].index);
            });
        }
    });

    it('links and indexes every reference through the cached list (none left unresolved in a valid file)', async () => {
        const { documents } = await buildFiles({ 'a.weft': readFileSync(path.join(samplesDir, 'booking-saga.weft'), 'utf8') });
        const document = documents['a.weft'];
        const { references } = documentNodes(document.parseResult.value);
        assert.ok(references.length > 5);
        for (const { reference } of references) assert.ok('ref' in reference ? reference.ref : reference.items.length, reference.$refText);
        assert.equal(document.references.length, references.length);
    });

    it('keeps one list per parse: a re-parsed document gets a new list', async () => {
        const text = readFileSync(path.join(samplesDir, 'booking-saga.weft'), 'utf8');
        const first = await buildFiles({ 'a.weft': text });
        const second = await buildFiles({ 'a.weft': text });
        const a = first.documents['a.weft'].parseResult.value;
        const b = second.documents['a.weft'].parseResult.value;
        assert.equal(documentNodes(a), documentNodes(a));
        assert.notEqual(documentNodes(a).nodes, documentNodes(b).nodes);
        assert.ok(documentNodes(b).nodes.every(n => AstUtils.findRootNode(n) === b));
    });
});
