// The lowering service: a linked, checked document -> `WorkflowBundle` (runtime/ir): the entry
// workflow, every workflow reachable through `task n: workflow Other` across imports, and the
// named types they use. Never validates; callers check diagnostics first.
import type { LangiumDocument } from 'langium';
import { IR_VERSION } from '../../runtime/ir/workflow-definition.js';
import type { WorkflowBundle, WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import type { TypeDefinition } from '../../runtime/ir/type-ref.js';
import type { Expression, Model, TypeDeclaration, TypeExpression, Workflow } from '../generated/ast.js';
import { isProvenAssignable } from '../types/type-relations.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import { isListLiteral, isWorkflow } from '../generated/ast.js';
import { LoweringError } from './lowering-error.js';
import { rangeOf } from './source-ranges.js';
import { lowerTypeDeclaration } from './type-lowering.js';
import { lowerWorkflow } from './workflow-lowering.js';

export interface WorkflowLowerer {
    /**
     * Lowers the workflow named `workflowName` of `document` (the only or first one when
     * omitted) with everything it reaches. Throws a LoweringError on an unresolved AST.
     */
    lowerBundle(document: LangiumDocument, workflowName?: string): WorkflowBundle;
    /** Lowers one workflow alone (no sub-workflows, types collected but not returned). */
    lowerWorkflow(workflow: Workflow): WorkflowDefinition;
}

export class DefaultWorkflowLowerer implements WorkflowLowerer {

    /** `types` proves values fit; without it every value into a typed target is checked at run time. */
    constructor(protected readonly types?: WeftTypeInferrer) {}

    /** Whether `value` surely has a type that fits `type` (an assignment's value, a `var`'s initial value, an input's default). */
    protected provesFit(value: Expression, type: TypeExpression): boolean {
        if (!this.types) return false;
        const target = this.types.typeOfTypeExpression(type);
        // `[]` infers as a list of `any`, yet fits every list type.
        if (isListLiteral(value) && value.items.length === 0 && (target.kind === 'list' || (target.kind === 'optional' && target.of.kind === 'list'))) return true;
        return isProvenAssignable(this.types.inferType(value), target, this.types.resolver);
    }

    lowerBundle(document: LangiumDocument, workflowName?: string): WorkflowBundle {
        const model = document.parseResult.value as Model;
        const workflows = model.declarations.filter(isWorkflow);
        const entry = workflowName === undefined ? workflows[0] : workflows.find(w => w.name === workflowName);
        if (!entry) {
            const known = workflows.map(w => w.name).join(', ') || 'none';
            const message = workflowName === undefined
                ? 'The file declares no workflow'
                : `No workflow '${workflowName}' in this file (it declares: ${known})`;
            throw new LoweringError(message, rangeOf(model));
        }
        const definitions: Record<string, WorkflowDefinition> = {};
        const types: Record<string, TypeDefinition> = {};
        const typeOrigins = new Map<string, TypeDeclaration>();
        const workflowOrigins = new Map<string, Workflow>();
        const pendingWorkflows: Workflow[] = [entry];
        const pendingTypes: TypeDeclaration[] = [];
        const onType = (d: TypeDeclaration) => {
            const seen = typeOrigins.get(d.name);
            if (seen === d) return;
            if (seen) throw new LoweringError(`Two different types named '${d.name}' are used by this bundle`, rangeOf(d));
            typeOrigins.set(d.name, d);
            pendingTypes.push(d);
        };
        const onWorkflow = (w: Workflow) => {
            const seen = workflowOrigins.get(w.name);
            if (seen === w) return;
            if (seen) throw new LoweringError(`Two different workflows named '${w.name}' are used by this bundle`, rangeOf(w));
            workflowOrigins.set(w.name, w);
            pendingWorkflows.push(w);
        };
        workflowOrigins.set(entry.name, entry);
        const sinks = { onType, onWorkflow, onConnector: () => {}, provesFit: (v: Expression, t: TypeExpression) => this.provesFit(v, t) };
        while (pendingWorkflows.length > 0) {
            const w = pendingWorkflows.shift()!;
            definitions[w.name] = lowerWorkflow(w, sinks);
        }
        while (pendingTypes.length > 0) {
            const d = pendingTypes.shift()!;
            types[d.name] = lowerTypeDeclaration(d, onType);
        }
        return { irVersion: IR_VERSION, entry: entry.name, workflows: definitions, types };
    }

    lowerWorkflow(workflow: Workflow): WorkflowDefinition {
        return lowerWorkflow(workflow, { onType: () => {}, onWorkflow: () => {}, onConnector: () => {}, provesFit: (v, t) => this.provesFit(v, t) });
    }
}
