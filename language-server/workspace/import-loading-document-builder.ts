// A document builder that first brings the imported files of the documents being built into the
// workspace (read through the FileSystemProvider), so imports resolve in the editor even when
// they lie outside the workspace folders or were never opened. Files that cannot be read are
// skipped here (linking and validation report them).
import type { BuildOptions, Cancellation, LangiumDocument, LangiumSharedCoreServices, URI } from 'langium';
import { DefaultDocumentBuilder, DocumentState } from 'langium';
import type { ImportResolver } from '../scope/import-resolver.js';
import { resolveImportPath } from '../scope/import-resolver.js';
import { LinkDerivedCache } from '../performance/link-derived-cache.js';

/** `import "…"` statements of a text not parsed yet (cheap, ignores everything else). */
const IMPORT_LINE = /^[ \t]*import[ \t]+"((?:[^"\\\r\n]|\\.)*)"/gm;

export class ImportLoadingDocumentBuilder extends DefaultDocumentBuilder {
    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const all = [...documents, ...(await this.loadMissingImports(documents))];
        return super.buildDocuments(all, options, cancelToken);
    }

    /** Imported documents, transitively, that were not in the workspace and could be read. */
    protected async loadMissingImports(documents: readonly LangiumDocument[]): Promise<LangiumDocument[]> {
        const added: LangiumDocument[] = [];
        const queue = [...documents];
        const tried = new Set<string>();
        while (queue.length > 0) {
            const document = queue.shift()!;
            for (const uri of this.importsOf(document)) {
                const key = uri.toString();
                if (tried.has(key) || this.langiumDocuments.hasDocument(uri)) continue;
                tried.add(key);
                if (!this.serviceRegistry.hasServices(uri)) continue;
                try {
                    const imported = await this.langiumDocuments.getOrCreateDocument(uri);
                    added.push(imported);
                    queue.push(imported);
                } catch {
                    // Missing or unreadable: the import stays unresolved and is reported.
                }
            }
        }
        return added;
    }

    /** Whether a document's current links include an error, by its reference list. */
    private readonly linkErrors = new LinkDerivedCache<readonly unknown[], boolean>();

    /**
     * Langium's rule (relink a document with unresolved references, or one that references a
     * changed document), with the scan for unresolved references done once per linking of the
     * document instead of on every update of any other document (every keystroke in the editor).
     */
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        return this.hasLinkingErrors(document) || this.indexManager.isAffected(document, changedUris);
    }

    protected hasLinkingErrors(document: LangiumDocument): boolean {
        const references = document.references;
        const known = this.linkErrors.get(references, references);
        if (known !== undefined) return known;
        return this.linkErrors.set(references, references, references.some(ref => ref.error !== undefined));
    }

    protected importsOf(document: LangiumDocument): URI[] {
        if (document.state >= DocumentState.Parsed) {
            const services = this.serviceRegistry.getServices(document.uri) as { references: { ImportResolver?: ImportResolver } };
            return services.references.ImportResolver?.importedUris(document) ?? [];
        }
        const text = document.textDocument.getText();
        return [...text.matchAll(IMPORT_LINE)].map(m => resolveImportPath(document.uri, m[1]));
    }
}
