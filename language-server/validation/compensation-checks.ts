// compensate-not-task: `compensate n` must name a task (script, HTTP, connector or sub-workflow
// call) of the same workflow, other than the node itself: only tasks undo side effects.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { CompensateOption, WeftAstType } from '../generated/ast.js';
import { isNode } from '../generated/ast.js';
import { report } from './diagnostic-codes.js';
import { errorProfile } from './error-routes.js';

export class CompensationChecks {
    checks(): ValidationChecks<WeftAstType> {
        return { CompensateOption: (c, accept) => this.checkCompensate(c, accept) };
    }

    checkCompensate(option: CompensateOption, accept: ValidationAcceptor): void {
        const target = option.target?.ref;
        if (!target) return;
        const owner = AstUtils.getContainerOfType(option.$container, isNode);
        if (target === owner) {
            report(accept, 'compensate-not-task', `'${target.name}' cannot compensate itself: name the task that undoes it`, { node: option, property: 'target' });
        } else if (target.$type !== 'TaskNode') {
            report(accept, 'compensate-not-task', `The compensation '${target.name}' is ${errorProfile(target).what}, not a task: compensations must be tasks that undo a side effect`, { node: option, property: 'target' });
        }
    }
}
