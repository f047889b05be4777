// Test support: builds several .weft texts together in memory (no disk), under file:// URIs in
// one folder, so imports between them resolve as they would on disk. Fresh services per call.
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem, URI } from 'langium';
import type { Model } from '../../../language-server/generated/ast.js';
import type { WeftServices } from '../../../language-server/weft-module.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

export const WORKSPACE_DIR = '/workspace';

export interface BuiltWorkspace {
    services: WeftServices;
    /** Documents by the file name given. */
    documents: Record<string, LangiumDocument<Model>>;
}

/**
 * Builds `files` (name -> text) together: with every validation check, or (`validation` false)
 * with only the built-in lexer, parser and linker diagnostics.
 */
export async function buildFiles(files: Record<string, string>, validation = true): Promise<BuiltWorkspace> {
    const services = createWeftServices(EmptyFileSystem).Weft;
    const shared = services.shared;
    const documents: Record<string, LangiumDocument<Model>> = {};
    for (const [name, text] of Object.entries(files)) {
        const uri = URI.file(`${WORKSPACE_DIR}/${name}`);
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, uri);
        shared.workspace.LangiumDocuments.addDocument(document);
        documents[name] = document;
    }
    await shared.workspace.DocumentBuilder.build(Object.values(documents), { validation: validation ? true : { categories: ['built-in'] } });
    return { services, documents };
}

/** Lexer, parser and linker errors of a document, as readable strings. */
export function problemsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? [])
        .filter(d => d.severity === 1)
        .map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}
