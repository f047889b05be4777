// Scoping of Weft references: names declared in the enclosing graphs, workflow and file come
// from Langium's local symbols; beyond the file, only the top-level names of the files it
// imports directly are visible (LANGUAGE.md §1). Member names after `.` are not references.
import type { LangiumDocument, ReferenceInfo, Scope } from 'langium';
import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, MultiMapScope, WorkspaceCache } from 'langium';
import type { WeftServices } from '../weft-module.js';
import type { ImportResolver } from './import-resolver.js';

export class WeftScopeProvider extends DefaultScopeProvider {
    protected readonly imports: ImportResolver;
    protected readonly importScopeCache: WorkspaceCache<string, Scope>;

    constructor(services: WeftServices) {
        super(services);
        this.imports = services.references.ImportResolver;
        this.importScopeCache = new WorkspaceCache(services.shared);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document: LangiumDocument = AstUtils.getDocument(context.container);
        const uris = new Set(this.imports.importedUris(document).map(u => u.toString()));
        uris.delete(document.uri.toString());
        if (uris.size === 0) return EMPTY_SCOPE;
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.importScopeCache.get(key, () => new MultiMapScope(this.indexManager.allElements(referenceType, uris)));
    }
}
