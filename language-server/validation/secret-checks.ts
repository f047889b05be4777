// Secrets (LANGUAGE.md §3.1): `secret name = env("NAME")` is the only form (`invalid-secret`),
// and a secret must not flow where its value leaves the masked runtime (`secret-leak`): AI
// prompts (sent to the provider), URLs and query strings (server and proxy logs), failure
// messages, emitted events, approval questions, `set` targets and sub-workflow inputs. Headers,
// request bodies and script inputs are where secrets belong and are allowed.
import type { AstNode, LangiumDocument, ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Expression, ReferenceExpression, SecretDeclaration, WeftAstType } from '../generated/ast.js';
import { isReferenceExpression, isSecretDeclaration } from '../generated/ast.js';
import { documentNodes } from '../performance/document-nodes.js';
import { LinkDerivedCache } from '../performance/link-derived-cache.js';
import { report } from './diagnostic-codes.js';

/** The references to secrets inside `expression` (the expression itself included), in document order. */
export function secretReferences(expression: Expression | undefined): ReferenceExpression[] {
    if (!expression) return [];
    const uses = secretUses(AstUtils.getDocument(expression));
    if (uses.length === 0) return [];
    return uses.filter(use => contains(expression, use));
}

/** Whether `node` is `ancestor` or lies inside it. */
function contains(ancestor: AstNode, node: AstNode): boolean {
    for (let current: AstNode | undefined = node; current; current = current.$container) {
        if (current === ancestor) return true;
    }
    return false;
}

/** Every reference to a secret in a document, by root, while its links are the ones read. */
const usesByRoot = new LinkDerivedCache<AstNode, ReferenceExpression[]>();

/**
 * The references to secrets of a document, in document order: one pass over its references (the
 * cached list) per parse and linking, instead of a walk of every checked expression.
 */
function secretUses(document: LangiumDocument): ReferenceExpression[] {
    const root = document.parseResult.value;
    const links = document.references;
    const known = usesByRoot.get(root, links);
    if (known) return known;
    const uses: ReferenceExpression[] = [];
    for (const { container, reference } of documentNodes(root).references) {
        if (isReferenceExpression(container) && container.target === reference && isSecretDeclaration(container.target.ref)) uses.push(container);
    }
    return usesByRoot.set(root, links, uses);
}

export class SecretChecks {
    checks(): ValidationChecks<WeftAstType> {
        return {
            SecretDeclaration: (s, accept) => this.checkDeclaration(s, accept),
            AiSetting: (s, accept) => {
                if (s.key === 'prompt' || s.key === 'system' || s.key === 'model') this.sink(s.value, `an AI ${s.key === 'model' ? 'model name' : s.key}`, 'its value is sent to the model provider', accept);
            },
            HttpTarget: (h, accept) => this.sink(h.url, 'a URL', 'URLs end up in server and proxy logs; send it in a header', accept),
            HttpPartOption: (p, accept) => {
                if (p.part === 'query') this.sink(p.value, 'a query string', 'query strings are part of the URL and end up in logs; send it in a header', accept);
            },
            ConnectorTarget: (c, accept) => c.args.forEach(a => this.sink(a, 'a connector path', 'paths are part of the URL and end up in logs; use a connector header', accept)),
            ConnectorSetting: (s, accept) => {
                if (s.key === 'baseUrl') this.sink(s.value, 'a base URL', 'URLs end up in logs; use a `header`', accept);
            },
            FailNode: (f, accept) => this.sink(f.message, 'a failure message', 'run errors are shown and logged', accept),
            EmitNode: (e, accept) => this.sink(e.data, 'an emitted event', 'events are published to other systems', accept),
            ApprovalSetting: (s, accept) => this.sink(s.value, 'an approval request', 'it is shown to a person', accept),
            Assignment: (a, accept) => this.sink(a.value, `'${a.target?.$refText ?? 'a variable'}'`, 'variables and outputs are journaled and returned', accept),
            WithOption: (w, accept) => {
                const task = w.$container;
                if (task?.$type === 'TaskNode' && task.target?.$type === 'WorkflowTarget') {
                    this.sink(w.value, 'the inputs of a sub-workflow', 'inputs are journaled with the child run', accept);
                }
            },
        };
    }

    checkDeclaration(secret: SecretDeclaration, accept: ValidationAcceptor): void {
        const v = secret.value;
        if (!v) return;
        const ok = v.$type === 'CallExpression' && v.callee === 'env' && v.args.length === 1 && v.args[0].$type === 'StringLiteral' && v.args[0].value.length > 0;
        if (!ok) report(accept, 'invalid-secret', `A secret is read from the environment when a run starts: write \`secret ${secret.name} = env("NAME")\``, { node: secret, property: 'value' });
    }

    protected sink(expression: Expression | undefined, where: string, why: string, accept: ValidationAcceptor): void {
        for (const ref of secretReferences(expression)) {
            report(accept, 'secret-leak', `Secret '${ref.target.$refText}' would leak into ${where}: ${why}`, { node: ref as AstNode });
        }
    }
}

