// Specification of edits through the incremental document factory
// (language-server/workspace/incremental-document-factory.ts): after every edit the published
// diagnostics of every document equal those of a fresh build of the same texts, whether the edit
// was re-parsed member-only or in full; and member-only re-parsing does happen for typing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Model, Workflow } from '../../../language-server/generated/ast.js';
import { isWorkflow } from '../../../language-server/generated/ast.js';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { samplesDir } from '../../support/paths.js';
import { WORKSPACE_DIR, buildFiles } from '../support/in-memory-workspace.js';

const sampleTexts = Object.fromEntries(readdirSync(samplesDir).filter(f => f.endsWith('.weft')).map(f => [f, readFileSync(path.join(samplesDir, f), 'utf8')]));
const uriOf = (name: string) => URI.file(`${WORKSPACE_DIR}/${name}`);

/** An editor session: documents open in TextDocuments, each change built with DocumentBuilder.update. */
async function openWorkspace(files: Record<string, string>) {
    const services = createWeftServices(EmptyFileSystem).Weft;
    const { TextDocuments, DocumentBuilder, LangiumDocuments } = services.shared.workspace;
    const versions = new Map<string, number>();
    const texts = { ...files };
    const write = (name: string, text: string) => {
        const version = (versions.get(name) ?? 0) + 1;
        versions.set(name, version);
        texts[name] = text;
        TextDocuments.set(TextDocument.create(uriOf(name).toString(), 'weft', version, text));
    };
    for (const [name, text] of Object.entries(files)) write(name, text);
    await DocumentBuilder.update(Object.keys(files).map(uriOf), []);
    return {
        texts,
        document: (name: string) => LangiumDocuments.getDocument(uriOf(name)) as LangiumDocument<Model>,
        async edit(name: string, text: string) {
            write(name, text);
            await DocumentBuilder.update([uriOf(name)], []);
        },
    };
}

function diagnosticsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map(d => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code ?? ''} ${d.message}`);
}

async function assertSameAsFreshBuild(texts: Record<string, string>, session: { document(name: string): LangiumDocument }, label: string) {
    const fresh = await buildFiles(texts);
    for (const name of Object.keys(texts)) {
        assert.deepEqual(diagnosticsOf(session.document(name)), diagnosticsOf(fresh.documents[name]), `${label}: ${name}`);
    }
}

const workflowOf = (document: LangiumDocument<Model>) => document.parseResult.value.declarations.find(isWorkflow) as Workflow;

describe('Edits through the incremental document factory', function () {
  // The random-edit sequence takes ~7 s alone and ~8 s in CI, against mocha's 20 s default: a
  // loaded machine must not fail it on time (as the parser-equivalence suite once did).
  this.timeout(120_000);

    it('re-parses a typing edit member-only: the other members keep their nodes, diagnostics are complete', async () => {
        const session = await openWorkspace(sampleTexts);
        const name = 'identity-check.weft';
        const before = [...workflowOf(session.document(name)).members];
        const text = session.texts[name];
        const at = text.indexOf('"', text.indexOf('task ')) + 1;
        await session.edit(name, text.slice(0, at) + 'x' + text.slice(at));
        const after = workflowOf(session.document(name)).members;
        assert.equal(after.filter((m, i) => m === before[i]).length, before.length - 1);
        await assertSameAsFreshBuild(session.texts, session, 'typing in a string');
    });

    it('reports what a renamed node breaks elsewhere in the file and in the files that import it', async () => {
        const session = await openWorkspace(sampleTexts);
        const name = 'order-fulfilment.weft';
        const text = session.texts[name];
        const match = /task (\w+):/.exec(text)!;
        const at = match.index + 'task '.length + 1;
        await session.edit(name, text.slice(0, at) + 'Q' + text.slice(at));
        assert.ok(diagnosticsOf(session.document(name)).length > 0);
        await assertSameAsFreshBuild(session.texts, session, 'rename');
    });

    it('publishes the diagnostics of a fresh build after each of a sequence of random edits', async () => {
        const session = await openWorkspace(sampleTexts);
        const names = Object.keys(sampleTexts);
        const steps = fc.sample(fc.record({
            file: fc.constantFrom(...names),
            at: fc.integer({ min: 0, max: 999_999 }).map(n => n / 1_000_000),
            remove: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 6 })),
            insert: fc.constantFrom('', 'x', '1', ' ', '_', '"', 'a.b', '\n', '{', 'when x', ' -> '),
        }), { numRuns: 40, seed: 20261125 });
        for (const [i, step] of steps.entries()) {
            const text = session.texts[step.file];
            const from = Math.floor(step.at * text.length);
            await session.edit(step.file, text.slice(0, from) + step.insert + text.slice(from + step.remove));
            await assertSameAsFreshBuild(session.texts, session, `step ${i} (${JSON.stringify(step)})`);
        }
    });
});
