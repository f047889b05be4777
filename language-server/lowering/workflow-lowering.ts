// Lowers one `workflow` declaration to an IR `WorkflowDefinition`: declarations (inputs,
// outputs, vars, secrets), triggers, connectors, the graph and its error routes. The bundle
// (bundle-lowering.ts) decides which workflows and types to include.
import type { ConnectorDefinition, TriggerDefinition, VariableDefinition, WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import type { Connector, GraphMember, Workflow } from '../generated/ast.js';
import { isConnector, isEdgeChain, isInputDeclaration, isNode, isOutputDeclaration, isSecretDeclaration, isTrigger, isVarDeclaration, isVersionDeclaration } from '../generated/ast.js';
import { errorHandlersOf } from './edge-lowering.js';
import { LoweringError } from './lowering-error.js';
import type { LoweringSinks } from './node-lowering.js';
import { NodeLowering } from './node-lowering.js';
import { docOf, rangeOf } from './source-ranges.js';
import { AstUtils } from 'langium';

export const DEFAULT_STEP_BUDGET = 10_000;
export const DEFAULT_TIME_ZONE = 'UTC';

export function lowerConnector(connector: Connector, lowering: NodeLowering): ConnectorDefinition {
    return {
        name: connector.name,
        kind: connector.kind,
        settings: connector.settings.map(s => ({ key: s.key, ...(s.name !== undefined ? { name: s.name } : {}), value: lowering.expr(s.value) })),
        range: rangeOf(connector),
    };
}

export function lowerWorkflow(workflow: Workflow, sinks: LoweringSinks): WorkflowDefinition {
    const usedConnectors = new Map<string, Connector>();
    const lowering = new NodeLowering({
        ...sinks,
        onConnector: c => { usedConnectors.set(c.name, c); sinks.onConnector(c); },
    });
    const variables: VariableDefinition[] = [];
    const triggers: TriggerDefinition[] = [];
    let version = '0.0.0';
    const graphMembers: GraphMember[] = [];
    const ownConnectors: Connector[] = [];
    for (const member of workflow.members) {
        const doc = docOf(member);
        const withDoc = <T extends object>(v: T): T => (doc ? { ...v, doc } : v);
        if (isVersionDeclaration(member)) version = member.version;
        else if (isInputDeclaration(member)) {
            const type = lowering.type(member.type);
            variables.push(withDoc({ name: member.name, role: 'input', type, ...(member.default ? { initial: lowering.expr(member.default) } : {}), ...lowering.initialCheck(member.default, member.type, type), range: rangeOf(member) }));
        } else if (isOutputDeclaration(member)) {
            variables.push(withDoc({ name: member.name, role: 'output', type: lowering.type(member.type), range: rangeOf(member) }));
        } else if (isVarDeclaration(member)) {
            const type: TypeRef = member.type ? lowering.type(member.type) : { kind: 'any' };
            variables.push(withDoc({ name: member.name, role: 'var', type, ...(member.initial ? { initial: lowering.expr(member.initial) } : {}), ...lowering.initialCheck(member.initial, member.type, type), range: rangeOf(member) }));
        } else if (isSecretDeclaration(member)) {
            const v = member.value;
            const envName = v.$type === 'CallExpression' && v.callee === 'env' && v.args.length === 1 && v.args[0].$type === 'StringLiteral' ? v.args[0].value : undefined;
            if (envName === undefined) throw new LoweringError(`Secret '${member.name}' must be read with env("NAME")`, rangeOf(v));
            variables.push(withDoc({ name: member.name, role: 'secret', type: { kind: 'string' }, secretSource: { kind: 'env', name: envName }, range: rangeOf(member) }));
        } else if (isTrigger(member)) {
            const range = rangeOf(member);
            switch (member.kind) {
                case 'manual': triggers.push({ kind: 'manual', range }); break;
                case 'webhook': triggers.push({ kind: 'webhook', method: member.method!, path: member.path!, range }); break;
                case 'schedule': triggers.push({ kind: 'schedule', cron: member.cron!, ...(member.timeZone ? { timeZone: member.timeZone } : {}), range }); break;
                case 'event': triggers.push({ kind: 'event', eventType: member.eventType!, ...(member.where ? { where: lowering.expr(member.where) } : {}), range }); break;
            }
        } else if (isConnector(member)) {
            ownConnectors.push(member);
        } else if (isNode(member) || isEdgeChain(member)) {
            graphMembers.push(member);
        }
    }
    const graph = lowering.graph(workflow, graphMembers);
    const connectors = ownConnectors.map(c => lowerConnector(c, lowering));
    // File-level (possibly imported) connectors the workflow uses, after its own.
    for (const c of usedConnectors.values()) {
        if (!ownConnectors.includes(c) && !connectors.some(d => d.name === c.name)) connectors.push(lowerConnector(c, lowering));
    }
    const definition: WorkflowDefinition = {
        id: workflow.name,
        version,
        sourceUri: AstUtils.getDocument(workflow).uri.toString(),
        range: rangeOf(workflow),
        nodes: graph.nodes,
        edges: graph.edges,
        variables,
        triggers,
        connectors,
        errorHandlers: errorHandlersOf(graph.edges),
        options: { stepBudget: DEFAULT_STEP_BUDGET, timeZone: DEFAULT_TIME_ZONE },
    };
    const doc = docOf(workflow);
    if (doc) definition.doc = doc;
    return definition;
}
