// What the context words of an expression stand for: `result` is the result of the node whose
// block holds it, `event` the event a `where`/`correlate` filters, `trigger` the run's trigger.
// Used by type checking, hover and lowering; returns undefined where the word has no meaning.
import type { AstNode } from 'langium';
import { AstUtils } from 'langium';
import type {
    AiNode, ApprovalNode, ContextExpression, ListenAlternative, TaskNode, Trigger, WaitNode, Workflow,
} from '../generated/ast.js';
import { isAiNode, isApprovalNode, isListenAlternative, isTaskNode, isTrigger, isWaitNode, isWorkflow } from '../generated/ast.js';

/** Nodes whose block binds `result`. */
export type ResultOwner = TaskNode | AiNode | ApprovalNode;
/** Constructs whose `where`/`correlate` bind `event`. */
export type EventOwner = Trigger | WaitNode | ListenAlternative;

/** The node whose own block holds `node` (its options, settings or `set`s), if any. */
export function resultOwner(node: AstNode): ResultOwner | undefined {
    for (let child = node, parent = node.$container; parent; child = parent, parent = parent.$container) {
        if (isTaskNode(parent)) return child === parent.target ? undefined : parent;
        if (isAiNode(parent) || isApprovalNode(parent)) return parent;
        if (isWorkflow(parent)) return undefined;
    }
    return undefined;
}

/** The trigger, wait or listen alternative whose `where`/`correlate` holds `node`, if any. */
export function eventOwner(node: AstNode): EventOwner | undefined {
    for (let child = node, parent = node.$container; parent; child = parent, parent = parent.$container) {
        if (isTrigger(parent)) return parent.kind === 'event' && child === parent.where ? parent : undefined;
        if (isWaitNode(parent)) return child === parent.where || child === parent.correlate ? parent : undefined;
        if (isListenAlternative(parent)) return child === parent.where || child === parent.correlate ? parent : undefined;
        if (isWorkflow(parent)) return undefined;
    }
    return undefined;
}

/** The AST construct a context word denotes, or undefined where it is not bound. */
export function contextTarget(expression: ContextExpression): ResultOwner | EventOwner | Workflow | undefined {
    switch (expression.keyword) {
        case 'result': return resultOwner(expression);
        case 'event': return eventOwner(expression);
        case 'trigger': return AstUtils.getContainerOfType(expression, isWorkflow);
    }
    return undefined;
}
