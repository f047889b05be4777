// Calls of other workflows (`task n: workflow Other { with { … } }`): every input without a
// default must be given (`missing-input`, with the missing names in data for the quick fix),
// keys must name inputs (`unknown-input`, did-you-mean) and values fit the inputs' types. A call
// holding a `lock` for its child's whole run must not reach a task taking the same lock
// (`lock-deadlock`: the lock is not re-entrant, so that run would wait for ever).
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { InputDeclaration, LockOption, TaskNode, WeftAstType, WithOption, Workflow } from '../generated/ast.js';
import { isInputDeclaration, isLockOption, isObjectLiteral, isTaskNode, isWithOption } from '../generated/ast.js';
import { printType } from '../types/type-printer.js';
import { lookupMember } from '../types/type-members.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { report } from './diagnostic-codes.js';
import { didYouMean, suggestNames } from './did-you-mean.js';
import { expectType } from './expect-type.js';

/** Inputs a call must give: no default and not optional (`T?`). */
export function requiredInputs(workflow: Workflow, types: WeftTypeInferrer): InputDeclaration[] {
    return workflow.members.filter(isInputDeclaration)
        .filter(i => !i.default && types.typeOfDeclaration(i).kind !== 'optional' && types.typeOfDeclaration(i).kind !== 'any');
}

export class SubworkflowChecks {
    protected readonly types: WeftTypeInferrer;

    constructor(services: WeftServices) {
        this.types = services.types.TypeInferrer;
    }

    checks(): ValidationChecks<WeftAstType> {
        return { TaskNode: (t, accept) => { this.checkCall(t, accept); this.checkCallLock(t, accept); } };
    }

    /** A call holding `lock "L"` whose callee, or a workflow it calls, has a task taking `L` too. */
    checkCallLock(task: TaskNode, accept: ValidationAcceptor): void {
        if (task.target?.$type !== 'WorkflowTarget') return;
        const callee = task.target.workflow?.ref;
        const option = task.options.find(isLockOption) as LockOption | undefined;
        if (!callee || !option?.lock) return;
        const seen = new Set<Workflow>();
        const path: string[] = [];
        const find = (wf: Workflow): TaskNode | undefined => {
            if (seen.has(wf)) return undefined;
            seen.add(wf);
            path.push(wf.name);
            for (const node of AstUtils.streamAllContents(wf)) {
                if (!isTaskNode(node)) continue;
                if (node.options.some(o => isLockOption(o) && o.lock === option.lock)) return node;
                const next = node.target?.$type === 'WorkflowTarget' ? node.target.workflow?.ref : undefined;
                const found = next ? find(next) : undefined;
                if (found) return found;
            }
            path.pop();
            return undefined;
        };
        const inner = find(callee);
        if (!inner) return;
        report(accept, 'lock-deadlock', `'${task.name}' holds lock "${option.lock}" for the whole run of '${callee.name}', and task '${inner.name}' in '${path.join("' → '")}' takes it too: the lock is not re-entrant, so the run would wait for ever`, {
            node: option, property: 'lock',
        });
    }

    checkCall(task: TaskNode, accept: ValidationAcceptor): void {
        if (task.target?.$type !== 'WorkflowTarget') return;
        const callee = task.target.workflow?.ref;
        if (!callee) return;
        const inputs = callee.members.filter(isInputDeclaration);
        const withOption = task.options.find(isWithOption) as WithOption | undefined;
        const value = withOption?.value;
        const given = new Set<string>();
        if (value && isObjectLiteral(value)) {
            for (const entry of value.entries) {
                const key = entry.key ?? entry.quotedKey ?? '';
                given.add(key);
                const input = inputs.find(i => i.name === key);
                if (!input) {
                    const suggestions = suggestNames(key, inputs.map(i => i.name));
                    report(accept, 'unknown-input', `Workflow '${callee.name}' has no input '${key}'.${didYouMean(suggestions)}`, {
                        node: entry, property: entry.key !== undefined ? 'key' : 'quotedKey', data: { name: key, suggestions },
                    });
                    continue;
                }
                expectType(this.types, entry.value, this.types.typeOfDeclaration(input), `Input '${key}' of '${callee.name}'`, accept);
            }
        } else if (value) {
            const type = this.types.inferType(value);
            if (type.kind === 'any') return;
            for (const input of inputs) {
                const found = lookupMember(type, input.name, this.types.resolver);
                if (found.kind !== 'missing') given.add(input.name);
            }
            expectType(this.types, value, { kind: 'object', fields: inputs.map(i => ({ name: i.name, type: this.types.typeOfDeclaration(i), optional: Boolean(i.default) })) },
                `The \`with\` of a call to '${callee.name}'`, accept);
        }
        const missing = requiredInputs(callee, this.types).filter(i => !given.has(i.name));
        if (missing.length === 0) return;
        const list = missing.map(i => `'${i.name}' (${printType(this.types.typeOfDeclaration(i))})`).join(', ');
        const data = { workflow: callee.name, missing: missing.map(i => ({ name: i.name, type: printType(this.types.typeOfDeclaration(i)) })) };
        const message = `Missing input${missing.length > 1 ? 's' : ''} for workflow '${callee.name}': ${list}`;
        if (value) report(accept, 'missing-input', message, { node: withOption!, property: 'value', data });
        else report(accept, 'missing-input', message, { node: task.target, property: 'workflow', data });
    }
}
