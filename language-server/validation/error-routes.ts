// Which errors a node can raise, per kind, for `on` edges (impossible-error-route). Open kinds
// raise any name: scripts throw what they like, HTTP tasks and connectors raise `HttpError`,
// `ConnectionError`, `Timeout` and names taken from the response (`PaymentDeclined`), sub-
// workflows their callee's failures, AI calls provider and validation errors. Closed kinds
// raise only what is listed; `on timeout` needs a timeout the node can hit.
import type { Node } from '../generated/ast.js';

export interface ErrorProfile {
    /** Any error name may be raised (besides `Timeout`, which needs `timeoutPossible`). */
    open: boolean;
    /** Names a closed kind can raise. */
    names: readonly string[];
    /** Whether the node can time out. */
    timeoutPossible: boolean;
    /** What the node is, for messages. */
    what: string;
}

const hasOption = (node: Node, type: string) => 'options' in node && (node.options as Array<{ $type: string }>).some(o => o.$type === type);

/** The errors `node` can raise (expression errors count as `ExpressionError`). */
export function errorProfile(node: Node): ErrorProfile {
    const withTimeout = hasOption(node, 'TimeoutOption');
    switch (node.$type) {
        case 'TaskNode': {
            const target = node.target?.$type;
            if (target === 'ScriptTarget') return { open: true, names: [], timeoutPossible: withTimeout, what: 'a script task' };
            // The HTTP client has its own connect/read timeouts, so `on timeout` is always possible.
            return { open: true, names: [], timeoutPossible: true, what: target === 'WorkflowTarget' ? 'a sub-workflow task' : 'an HTTP task' };
        }
        case 'AiNode': return { open: true, names: [], timeoutPossible: true, what: 'an ai node' };
        // A `set` may meet a value its target's type does not take (checked at run time: ValueTypeError).
        case 'ApprovalNode': return { open: false, names: hasOption(node, 'SetOption') ? ['ExpressionError', 'ValueTypeError'] : ['ExpressionError'], timeoutPossible: withTimeout, what: 'an approval' };
        case 'WaitNode':
            if (node.eventType !== undefined) return { open: false, names: ['ExpressionError'], timeoutPossible: node.timeout !== undefined, what: 'an event wait' };
            return { open: false, names: ['ExpressionError'], timeoutPossible: false, what: 'a timer' };
        case 'ListenNode': return { open: false, names: ['ExpressionError'], timeoutPossible: node.timeouts.length > 0, what: 'a listen' };
        case 'EmitNode': return { open: false, names: ['ExpressionError'], timeoutPossible: false, what: 'an emit' };
        case 'SetNode': return { open: false, names: ['ExpressionError', 'ValueTypeError'], timeoutPossible: false, what: 'a set' };
        case 'ForeachNode': case 'RegionNode':
            return { open: true, names: [], timeoutPossible: true, what: node.$type === 'ForeachNode' ? 'a foreach' : 'a region' };
        case 'JoinNode': return { open: false, names: [], timeoutPossible: false, what: 'a join' };
        case 'ForkNode': return { open: false, names: [], timeoutPossible: false, what: 'a fork' };
        case 'FailNode': case 'TerminateNode':
            return { open: false, names: [], timeoutPossible: false, what: node.$type === 'FailNode' ? 'a fail node' : 'a terminate node' };
    }
    return { open: true, names: [], timeoutPossible: true, what: 'a node' };
}
