// duplicate-name: one namespace per workflow (inputs, outputs, vars, secrets, connectors,
// nodes of every inner graph), top-level types/connectors/workflows per file and against the
// files it imports, fields of a type, keys of an object literal, parameters of a lambda.
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Model, ObjectLiteral, Workflow, WeftAstType } from '../generated/ast.js';
import { isConnector, isTypeDeclaration, isWorkflow } from '../generated/ast.js';
import type { ImportResolver } from '../scope/import-resolver.js';
import type { WeftServices } from '../weft-module.js';
import { report } from './diagnostic-codes.js';
import { declarationKind, duplicateDeclarations } from './workflow-namespace.js';

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

export class NameChecks {
    protected readonly imports: ImportResolver;
    protected readonly documents: WeftServices['shared']['workspace']['LangiumDocuments'];

    constructor(services: WeftServices) {
        this.imports = services.references.ImportResolver;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    checks(): ValidationChecks<WeftAstType> {
        return {
            Workflow: (w, accept) => this.checkWorkflowNamespace(w, accept),
            Model: (m, accept) => this.checkTopLevel(m, accept),
            ObjectTypeBody: (b, accept) => this.checkKeys(b.fields, 'field', accept),
            ObjectLiteral: (o, accept) => this.checkObjectKeys(o, accept),
            Lambda: (l, accept) => this.checkKeys(l.params, 'parameter', accept),
        };
    }

    checkWorkflowNamespace(workflow: Workflow, accept: ValidationAcceptor): void {
        for (const [name, declarations] of duplicateDeclarations(workflow)) {
            const first = declarations[0];
            for (const duplicate of declarations.slice(1)) {
                report(accept, 'duplicate-name',
                    `Duplicate name '${name}': already declared as ${article(declarationKind(first))} on line ${lineOf(first)} (inputs, outputs, vars, secrets and nodes share one namespace)`,
                    { node: duplicate, property: 'name', data: { name } });
            }
        }
    }

    checkTopLevel(model: Model, accept: ValidationAcceptor): void {
        const seen = new Map<string, AstNode>();
        for (const d of model.declarations) {
            if (!d.name) continue;
            const key = `${isTypeDeclaration(d) ? 'type' : isWorkflow(d) ? 'workflow' : 'connector'}:${d.name}`;
            const first = seen.get(key);
            if (first) {
                report(accept, 'duplicate-name', `Duplicate ${key.split(':')[0]} '${d.name}': already declared on line ${lineOf(first)}`,
                    { node: d, property: 'name', data: { name: d.name } });
            } else seen.set(key, d);
        }
        // A name declared here and in a directly imported file is ambiguous.
        const document = AstUtils.getDocument(model);
        for (const uri of this.imports.importedUris(document)) {
            if (uri.toString() === document.uri.toString()) continue;
            const imported = this.documents.getDocument(uri)?.parseResult.value as Model | undefined;
            for (const other of imported?.declarations ?? []) {
                const local = model.declarations.find(d => d.name === other.name && d.$type === other.$type);
                if (!local) continue;
                const what = isTypeDeclaration(local) ? 'type' : isConnector(local) ? 'connector' : 'workflow';
                report(accept, 'duplicate-name', `Duplicate ${what} '${local.name}': the imported file ${uri.path.split('/').pop()} declares it too`,
                    { node: local, property: 'name', data: { name: local.name } });
            }
        }
    }

    protected checkKeys(items: ReadonlyArray<AstNode & { name: string }>, what: string, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const item of items) {
            if (!item.name) continue;
            if (seen.has(item.name)) report(accept, 'duplicate-name', `Duplicate ${what} '${item.name}'`, { node: item, property: 'name', data: { name: item.name } });
            seen.add(item.name);
        }
    }

    protected checkObjectKeys(object: ObjectLiteral, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const entry of object.entries) {
            const key = entry.key ?? entry.quotedKey;
            if (key === undefined) continue;
            if (seen.has(key)) report(accept, 'duplicate-name', `Duplicate key '${key}'`, { node: entry, property: entry.key !== undefined ? 'key' : 'quotedKey', data: { name: key } });
            seen.add(key);
        }
    }
}

function article(kind: string): string {
    return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

