// Scoping of Weft references: names declared in the enclosing graphs, workflow and file come
// from Langium's local symbols; beyond the file, only the top-level names of the files it
// imports directly are visible (LANGUAGE.md §1). Member names after `.` are not references.
// Scopes are indexed maps cached per container and reference type (a workflow of a thousand
// nodes has thousands of references; a linear search per reference would be quadratic).
import type { AstNode, LangiumDocument, ReferenceInfo, Scope } from 'langium';
import { AstUtils, DefaultScopeProvider, DocumentState, EMPTY_SCOPE, MultiMapScope, WorkspaceCache } from 'langium';
import type { WeftServices } from '../weft-module.js';
import type { ImportResolver } from './import-resolver.js';

/** A container's empty scope map (one function, not a closure per lookup). */
const newScopeMap = (): Map<string, Scope> => new Map();

export class WeftScopeProvider extends DefaultScopeProvider {
    protected readonly imports: ImportResolver;
    protected readonly importScopeCache: WorkspaceCache<string, Scope>;
    /** Scope chains by innermost container with local symbols, then by reference type. */
    protected readonly localScopeCache: WorkspaceCache<AstNode, Map<string, Scope>>;

    constructor(services: WeftServices) {
        super(services);
        this.imports = services.references.ImportResolver;
        // Evicted whenever a build has indexed its documents: the visible top-level names may change.
        this.importScopeCache = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
        this.localScopeCache = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        const localSymbols = document.localSymbols;
        let container: AstNode | undefined = context.container;
        while (container && !localSymbols?.has(container)) container = container.$container;
        if (!container || !localSymbols) return this.getGlobalScope(referenceType, context);
        return this.scopeFor(container, referenceType, context);
    }

    /** The scope seen from `container` (which has local symbols): its own, then its parents'. */
    protected scopeFor(container: AstNode, referenceType: string, context: ReferenceInfo): Scope {
        const byType = this.localScopeCache.get(container, newScopeMap);
        let scope = byType.get(referenceType);
        if (scope) return scope;
        const localSymbols = AstUtils.getDocument(container).localSymbols!;
        let parent = container.$container;
        while (parent && !localSymbols.has(parent)) parent = parent.$container;
        const outer = parent ? this.scopeFor(parent, referenceType, context) : this.getGlobalScope(referenceType, context);
        const own = localSymbols.getStream(container).filter(d => this.reflection.isSubtype(d.type, referenceType)).toArray();
        scope = own.length === 0 ? outer : new MultiMapScope(own, outer);
        byType.set(referenceType, scope);
        return scope;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document: LangiumDocument = AstUtils.getDocument(context.container);
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.importScopeCache.get(key, () => {
            const uris = new Set(this.imports.importedUris(document).map(u => u.toString()));
            uris.delete(document.uri.toString());
            return uris.size === 0 ? EMPTY_SCOPE : new MultiMapScope(this.indexManager.allElements(referenceType, uris));
        });
    }
}
