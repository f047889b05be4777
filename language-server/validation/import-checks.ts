// Import diagnostics: `import-unresolved` for a path that names no loaded file and
// `import-cycle` with the cycle spelled out (a.weft -> b.weft -> a.weft), on the import that
// starts it.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Import, WeftAstType } from '../generated/ast.js';
import type { ImportResolver } from '../scope/import-resolver.js';
import type { WeftServices } from '../weft-module.js';
import { report } from './diagnostic-codes.js';

function fileName(uri: { path: string }): string {
    return uri.path.split('/').pop() ?? uri.path;
}

export class ImportChecks {
    protected readonly imports: ImportResolver;
    protected readonly documents: WeftServices['shared']['workspace']['LangiumDocuments'];

    constructor(services: WeftServices) {
        this.imports = services.references.ImportResolver;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    checks(): ValidationChecks<WeftAstType> {
        return { Import: (i, accept) => this.checkImport(i, accept) };
    }

    checkImport(node: Import, accept: ValidationAcceptor): void {
        if (!node.path) return;
        const document = AstUtils.getDocument(node);
        const target = this.imports.resolveImport(node);
        if (target.toString() === document.uri.toString()) {
            report(accept, 'import-cycle', `Import cycle: ${fileName(document.uri)} imports itself`, { node, property: 'path' });
            return;
        }
        if (!this.documents.hasDocument(target)) {
            report(accept, 'import-unresolved', `Cannot find imported file '${node.path}'`, { node, property: 'path' });
            return;
        }
        const cycle = this.imports.findImportCycle(document);
        if (cycle && cycle.length > 1 && cycle[1].toString() === target.toString()) {
            report(accept, 'import-cycle', `Import cycle: ${cycle.map(fileName).join(' -> ')}`, { node, property: 'path', data: { cycle: cycle.map(u => u.toString()) } });
        }
    }
}
