// Resolves `import "./x.weft"` to document URIs (relative to the importing file) and walks the
// import graph: direct imports, the loaded closure, and cycles through a document. Reads only
// what LangiumDocuments already holds; loading files is the workspace loader's job.
import type { AstNode, LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, URI, UriUtils } from 'langium';
import type { Import, Model } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';

export interface ImportResolver {
    /** The URI an import statement names (`.weft` is appended when the path has no extension). */
    resolveImport(node: Import): URI;
    /** Direct imports of a document, in source order, without duplicates. */
    importedUris(document: LangiumDocument): URI[];
    /** The document and every document reachable through imports that is loaded (depth first). */
    importClosure(document: LangiumDocument): LangiumDocument[];
    /** Imported URIs in the closure that are not loaded (missing or unreadable files). */
    missingImports(document: LangiumDocument): URI[];
    /** An import cycle through `document` as a list of URIs starting and ending with it, if any. */
    findImportCycle(document: LangiumDocument): URI[] | undefined;
}

/** The URI a path written in an import resolves to, relative to the importing document. */
export function resolveImportPath(from: URI, importPath: string): URI {
    // A lone surrogate cannot be percent-encoded (URI.toString would throw); as U+FFFD it names a
    // file that does not exist, which the import check reports like any other missing file.
    const path = importPath.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    const withExtension = /\.[A-Za-z0-9]+$/.test(path) ? path : `${path}.weft`;
    if (withExtension.startsWith('/')) return from.with({ path: withExtension });
    return UriUtils.resolvePath(UriUtils.dirname(from), withExtension);
}

export class DefaultImportResolver implements ImportResolver {
    protected readonly documents: LangiumDocuments;

    constructor(services: WeftServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    resolveImport(node: Import): URI {
        return resolveImportPath(AstUtils.getDocument(node as AstNode).uri, node.path ?? '');
    }

    importedUris(document: LangiumDocument): URI[] {
        const model = document.parseResult?.value as Model | undefined;
        const seen = new Set<string>();
        const result: URI[] = [];
        for (const imp of model?.imports ?? []) {
            if (!imp.path) continue;
            const uri = resolveImportPath(document.uri, imp.path);
            if (seen.has(uri.toString())) continue;
            seen.add(uri.toString());
            result.push(uri);
        }
        return result;
    }

    importClosure(document: LangiumDocument): LangiumDocument[] {
        const seen = new Set<string>([document.uri.toString()]);
        const result: LangiumDocument[] = [];
        const visit = (doc: LangiumDocument) => {
            result.push(doc);
            for (const uri of this.importedUris(doc)) {
                const key = uri.toString();
                if (seen.has(key)) continue;
                seen.add(key);
                const imported = this.documents.getDocument(uri);
                if (imported) visit(imported);
            }
        };
        visit(document);
        return result;
    }

    missingImports(document: LangiumDocument): URI[] {
        const missing = new Map<string, URI>();
        for (const doc of this.importClosure(document)) {
            for (const uri of this.importedUris(doc)) {
                if (!this.documents.hasDocument(uri)) missing.set(uri.toString(), uri);
            }
        }
        return [...missing.values()];
    }

    findImportCycle(document: LangiumDocument): URI[] | undefined {
        const target = document.uri.toString();
        const visited = new Set<string>();
        const path: URI[] = [document.uri];
        const search = (doc: LangiumDocument): boolean => {
            for (const uri of this.importedUris(doc)) {
                const key = uri.toString();
                if (key === target) {
                    path.push(uri);
                    return true;
                }
                if (visited.has(key)) continue;
                visited.add(key);
                const next = this.documents.getDocument(uri);
                if (!next) continue;
                path.push(uri);
                if (search(next)) return true;
                path.pop();
            }
            return false;
        };
        return search(document) ? path : undefined;
    }
}
