// Expression text outside any file — parses what is typed in the debug console, a
// breakpoint condition or a logpoint with the language's own parser, resolves its bare names
// in a compiled workflow's namespace and lowers it with the compiler's expression lowering.
import type { AstNode, Reference } from 'langium';
import { AstUtils, URI } from 'langium';
import type { Expression } from '../generated/ast.js';
import { lowerExpression } from '../lowering/expression-lowering.js';
import type { Expr } from '../../runtime/ir/expression.js';
import type { WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import { weftServices } from './node-services.js';

const ROLE_TYPES = { input: 'InputDeclaration', output: 'OutputDeclaration', var: 'VarDeclaration', secret: 'SecretDeclaration' } as const;

/** The declaration a bare name denotes in `workflow`, shaped as the AST node the lowering expects. */
function declarationOf(name: string, workflow: WorkflowDefinition, locals: Set<string>): { $type: string; name: string } | undefined {
    if (locals.has(name)) return { $type: 'LambdaParameter', name };
    const variable = workflow.variables.find(v => v.name === name);
    if (variable) return { $type: ROLE_TYPES[variable.role], name };
    if (workflow.connectors.some(c => c.name === name)) return { $type: 'Connector', name };
    if (workflow.nodes.some(n => n.id === name)) return { $type: 'ScriptTask', name };
    // Names inside foreach/region bodies: the debugger evaluates them in the stopped frame's scope.
    const inner = bodyNames(workflow.nodes);
    if (inner.items.has(name)) return { $type: 'LambdaParameter', name };
    if (inner.nodes.has(name)) return { $type: 'ScriptTask', name };
    return undefined;
}

/** Node ids and `as` item names declared inside the foreach/region bodies of `nodes`. */
function bodyNames(nodes: WorkflowDefinition['nodes'], into = { nodes: new Set<string>(), items: new Set<string>() }): { nodes: Set<string>; items: Set<string> } {
    for (const n of nodes) {
        if (n.kind !== 'foreach' && n.kind !== 'region') continue;
        if (n.kind === 'foreach') into.items.add(n.as);
        for (const inner of n.body.nodes) into.nodes.add(inner.id);
        bodyNames(n.body.nodes, into);
    }
    return into;
}

/** Lambda parameters visible at `node` (the enclosing lambdas' parameters). */
function lambdaLocals(node: AstNode): Set<string> {
    const names = new Set<string>();
    for (let n: AstNode | undefined = node.$container; n; n = n.$container) {
        if (n.$type === 'Lambda') for (const p of (n as unknown as { params: Array<{ name: string }> }).params) names.add(p.name);
    }
    return names;
}

export function parseDebugExpression(text: string, workflow: WorkflowDefinition): Expr {
    const services = weftServices();
    const result = services.parser.LangiumParser.parse<Expression>(text, { rule: 'Expression' });
    const problem = result.lexerErrors[0]?.message ?? result.parserErrors[0]?.message;
    if (problem) throw new Error(problem);
    // The lowering locates nodes through their document; console text lives in none.
    (result.value as unknown as { $document: { uri: URI } }).$document = { uri: URI.parse('weft-debug:console') };
    for (const node of AstUtils.streamAst(result.value)) {
        if (node.$type !== 'ReferenceExpression') continue;
        const holder = node as unknown as { target: Reference };
        const name = holder.target.$refText;
        const declaration = declarationOf(name, workflow, lambdaLocals(node));
        if (!declaration) throw new Error(`Unknown name '${name}' in workflow ${workflow.id}`);
        holder.target = { $refText: name, ref: declaration } as unknown as Reference;
    }
    return stripRanges(lowerExpression(result.value));
}

/** Console text has no place in a file: drop the ranges the lowering gives. */
function stripRanges(expr: Expr): Expr {
    return JSON.parse(JSON.stringify(expr, (key, value) => (key === 'range' ? undefined : value))) as Expr;
}
