// Langium's document validator with Weft's linking diagnostics: an unresolved reference becomes
// `unknown-name` ("Unknown node 'chrage'. Did you mean 'charge'?") with the suggestions in its
// data for the quick fix, or `invalid-set-target` when `set x = …` names an input, secret or node.
import type { AstNode, LangiumDocument, ReferenceInfo, ValidationAcceptor, ValidationCheck, ValidationOptions } from 'langium';
import { AstUtils, Cancellation, DefaultDocumentValidator, interruptAndCheck } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Workflow } from '../generated/ast.js';
import { isWorkflow } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { documentNodes } from '../performance/document-nodes.js';
import { NODES_PER_CHECK } from '../performance/interruption.js';
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

/** Where the validation walk stands: the node, and the next of its checks to call. */
interface CheckPosition { node: number; check: number }

export class WeftDocumentValidator extends DefaultDocumentValidator {
    protected readonly services: WeftServices;

    constructor(services: WeftServices) {
        super(services);
        this.services = services;
    }

    /** The checks of each node type, by category selection, from the registry once. */
    private readonly checksByCategories = new Map<string, Map<string, ValidationCheck[]>>();

    /**
     * Langium's per-node walk, over the document's cached node list (one walk shared with linking
     * and indexing) and with the checks of each type looked up once: the same checks, in the
     * same order, on the same nodes. The checks of a run of NODES_PER_CHECK nodes are called by a
     * plain loop (`runChecks`); this only awaits between runs and for a check that returns a promise.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const { nodes } = documentNodes(rootNode);
        const categories = options.categories;
        const checksByType = this.checksFor(categories);
        const position: CheckPosition = { node: 0, check: 0 };
        while (position.node < nodes.length) {
            if (position.check === 0 && position.node % NODES_PER_CHECK === 0) await interruptAndCheck(cancelToken);
            const end = Math.min(nodes.length, (Math.floor(position.node / NODES_PER_CHECK) + 1) * NODES_PER_CHECK);
            const pending = this.runChecks(nodes, end, checksByType, categories, position, acceptor, cancelToken);
            if (pending) await pending;
        }
    }

    /**
     * Calls the checks of `nodes` from `position` up to node `end` (exclusive), advancing `position`;
     * stops after a check that returns a promise and returns it (the caller awaits it and resumes).
     */
    private runChecks(nodes: readonly AstNode[], end: number, checksByType: Map<string, ValidationCheck[]>,
        categories: ValidationOptions['categories'], position: CheckPosition,
        acceptor: ValidationAcceptor, cancelToken: Cancellation.CancellationToken): Promise<unknown> | undefined {
        for (; position.node < end; position.node++, position.check = 0) {
            const node = nodes[position.node];
            let checks = checksByType.get(node.$type);
            if (!checks) {
                checks = this.validationRegistry.getChecks(node.$type, categories).toArray();
                checksByType.set(node.$type, checks);
            }
            while (position.check < checks.length) {
                // Synchronous checks (all of Weft's) return nothing: no promise to wait for.
                const pending = checks[position.check++](node, acceptor, cancelToken);
                if (pending) {
                    if (position.check === checks.length) {
                        position.node++;
                        position.check = 0;
                    }
                    return pending;
                }
            }
        }
        return undefined;
    }

    /** The per-type check lists for a category selection (undefined: every category). */
    private checksFor(categories: ValidationOptions['categories']): Map<string, ValidationCheck[]> {
        const key = categories ? categories.join(',') : '*';
        let byType = this.checksByCategories.get(key);
        if (!byType) {
            byType = new Map();
            this.checksByCategories.set(key, byType);
        }
        return byType;
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

