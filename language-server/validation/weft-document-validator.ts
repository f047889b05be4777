// Langium's document validator with Weft's linking diagnostics: an unresolved reference becomes
// `unknown-name` ("Unknown node 'chrage'. Did you mean 'charge'?") with the suggestions in its
// data for the quick fix, or `invalid-set-target` when `set x = …` names an input, secret or node.
import type { AstNode, LangiumDocument, ReferenceInfo, ValidationAcceptor, ValidationCheck, ValidationOptions } from 'langium';
import { AstUtils, Cancellation, DefaultDocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Workflow } from '../generated/ast.js';
import { isWorkflow } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { documentNodes } from '../performance/document-nodes.js';
import { checkEvery } from '../performance/interruption.js';
import { WEFT_CODES } from './diagnostic-codes.js';
import { didYouMean, suggestNames } from './did-you-mean.js';
import { declarationKind, workflowNamespace } from './workflow-namespace.js';

/** How an unresolved reference is described, by `${container type}.${property}`. */
const REFERENCE_KINDS: Record<string, string> = {
    'ReferenceExpression.target': 'name',
    'NamedType.type': 'type',
    'WorkflowTarget.workflow': 'workflow',
    'ConnectorTarget.connector': 'connector',
    'CompensateOption.target': 'node',
    'EdgeEndpoint.node': 'node',
    'Assignment.target': 'variable or output',
};

export class WeftDocumentValidator extends DefaultDocumentValidator {
    protected readonly services: WeftServices;

    constructor(services: WeftServices) {
        super(services);
        this.services = services;
    }

    /** The checks of each node type (and category selection), from the registry once. */
    private readonly checksByType = new Map<string, ValidationCheck[]>();

    /**
     * Langium's per-node walk, over the document's cached node list (one walk shared with linking
     * and indexing) and with the checks of each type looked up once: the same checks, in the
     * same order, on the same nodes.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const { nodes } = documentNodes(rootNode);
        const categories = options.categories;
        const suffix = categories ? `|${categories.join(',')}` : '';
        for (let i = 0; i < nodes.length; i++) {
            await checkEvery(i, cancelToken);
            const node = nodes[i];
            const key = node.$type + suffix;
            let checks = this.checksByType.get(key);
            if (!checks) {
                checks = this.validationRegistry.getChecks(node.$type, categories).toArray();
                this.checksByType.set(key, checks);
            }
            for (const check of checks) {
                // Synchronous checks (all of Weft's) return nothing: no promise to wait for.
                const pending = check(node, acceptor, cancelToken);
                if (pending) await pending;
            }
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) continue;
            const info = error.info;
            const written = info.reference.$refText;
            const range = reference.$refNode?.range ?? info.container.$cstNode?.range;
            if (!range || !written) continue;
            const kind = REFERENCE_KINDS[`${info.container.$type}.${info.property}`] ?? 'name';
            const workflow = AstUtils.getContainerOfType(info.container, isWorkflow);
            if (info.container.$type === 'Assignment' && workflow) {
                const other = workflowNamespace(workflow).get(written)?.[0];
                if (other) {
                    const what = declarationKind(other);
                    diagnostics.push(this.weftDiagnostic('invalid-set-target', range,
                        `'${written}' is ${what === 'input' ? 'an input' : `a ${what}`}; only a var or an output can be set`, { name: written }));
                    continue;
                }
            }
            const suggestions = suggestNames(written, this.candidateNames(info, workflow));
            const message = `Unknown ${kind} '${written}'.${didYouMean(suggestions)}`;
            diagnostics.push(this.weftDiagnostic('unknown-name', range, message, {
                name: written, kind, suggestions, referenceType: `${info.container.$type}.${info.property}`,
            }));
        }
    }

    /** Names the reference could have meant: everything in its scope (plus `start`/`end` for edges). */
    protected candidateNames(info: ReferenceInfo, workflow: Workflow | undefined): string[] {
        const names: string[] = [];
        try {
            for (const element of this.services.references.ScopeProvider.getScope(info).getAllElements()) names.push(element.name);
        } catch {
            // A scope that cannot be computed (broken AST) just yields no suggestions.
        }
        if (info.container.$type === 'EdgeEndpoint') names.push('start', 'end');
        if (info.container.$type === 'ReferenceExpression' && workflow) names.push('result', 'event', 'trigger');
        return names;
    }

    protected weftDiagnostic(code: keyof typeof WEFT_CODES, range: Diagnostic['range'], message: string, data: Record<string, unknown>): Diagnostic {
        return {
            severity: WEFT_CODES[code] === 'error' ? 1 : 2,
            range,
            message,
            code,
            data: { ...data, code },
            source: this.getSource(),
        };
    }
}

