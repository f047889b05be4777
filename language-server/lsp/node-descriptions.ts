// Words about Weft declarations for the editor: a node's kind as written (`task · http POST`),
// what each node kind produces (LANGUAGE.md §3.2), and the role of a named declaration. Shared
// by the outline, hover and completion; pure functions over the AST.
import type { AstNode } from 'langium';
import type { Node, TaskTarget } from '../generated/ast.js';

/** What each node kind does and what its name reads in expressions (LANGUAGE.md §3.2). */
export const NODE_KIND_DOCS: Record<string, { does: string; result: string }> = {
    TaskNode: { does: 'Runs a script, an HTTP request, a connector action or another workflow.', result: 'the task\'s result' },
    AiNode: { does: 'One LLM call through the configured provider; `returns T` makes the output structured and validated.', result: 'the parsed output' },
    ApprovalNode: { does: 'Waits for a person to approve or reject.', result: '`{ approved, by, comment }`' },
    WaitNode: { does: 'Waits for a duration, until a condition holds, or for a matching event.', result: '`null` for timers, the event for `for event`' },
    ListenNode: { does: 'Deferred choice: the first of several events wins, the rest are withdrawn; route with `on "type"` edges.', result: 'the event' },
    EmitNode: { does: 'Publishes an event (CloudEvents shape).', result: 'the event id' },
    SetNode: { does: 'Assigns variables and outputs; no side effect.', result: '`null`' },
    JoinNode: { does: 'Synchronises branches: `all` (default) fires when every token that can still arrive has arrived, `first` on the first, `N` on the N-th; `cancel` withdraws the rest.', result: 'the list of arriving branch results' },
    ForkNode: { does: 'Inclusive split: every guarded out-edge whose condition holds is taken.', result: '`null`' },
    FailNode: { does: 'Ends the run as failed (compensations run first).', result: '—' },
    TerminateNode: { does: 'Ends the run at once, cancelling all other branches.', result: '—' },
    ForeachNode: { does: 'Runs the inner graph once per item.', result: 'the list of inner results' },
    RegionNode: { does: 'A named sub-graph: a cancel scope or critical section.', result: 'its last result' },
};

const NODE_KEYWORDS: Record<string, string> = {
    TaskNode: 'task', AiNode: 'ai', ApprovalNode: 'approval', WaitNode: 'wait', ListenNode: 'listen',
    EmitNode: 'emit', SetNode: 'set', JoinNode: 'join', ForkNode: 'fork', FailNode: 'fail',
    TerminateNode: 'terminate', ForeachNode: 'foreach', RegionNode: 'region',
};

export function isNodeType(type: string): boolean {
    return type in NODE_KEYWORDS;
}

function targetText(target: TaskTarget | undefined): string {
    if (!target) return '';
    switch (target.$type) {
        case 'ScriptTarget': return target.path !== undefined ? `script "${target.path}"` : 'script (inline)';
        case 'HttpTarget': return `http ${target.method ?? ''}`.trim();
        case 'WorkflowTarget': return `workflow ${target.workflow?.$refText ?? ''}`.trim();
        case 'ConnectorTarget': return `${target.connector?.$refText ?? '?'}.${target.action ?? ''}`;
    }
    return '';
}

/** The kind of a node as the user wrote it: `task · http POST`, `wait · for event "x"`, `join first`. */
export function nodeKindText(node: Node): string {
    const keyword = NODE_KEYWORDS[node.$type] ?? node.$type;
    switch (node.$type) {
        case 'TaskNode': return `task · ${targetText(node.target)}`;
        case 'WaitNode':
            if (node.eventType !== undefined) return `wait · for event "${node.eventType}"`;
            return node.until ? 'wait · until' : 'wait · for';
        case 'JoinNode': return `join ${node.count ?? node.policy ?? 'all'}${node.cancel ? ' cancel' : ''}`;
        case 'EmitNode': return `emit "${node.eventType ?? ''}"`;
        case 'ForeachNode': return `foreach as ${node.item?.name ?? ''}`;
        case 'RegionNode': return node.exclusive ? 'region exclusive' : 'region';
    }
    return keyword;
}

/** The role of a named declaration in a workflow (`input`, `var`, …), or undefined. */
export function declarationRole(node: AstNode): string | undefined {
    switch (node.$type) {
        case 'InputDeclaration': return 'input';
        case 'OutputDeclaration': return 'output';
        case 'VarDeclaration': return 'var';
        case 'SecretDeclaration': return 'secret';
        case 'Connector': return 'connector';
        case 'TypeDeclaration': return 'type';
        case 'Workflow': return 'workflow';
        case 'TypeField': return 'field';
        case 'LambdaParameter': return 'parameter';
        case 'ForeachItem': return 'item';
    }
    return isNodeType(node.$type) ? NODE_KEYWORDS[node.$type] : undefined;
}

/** What each task option and edge guard means (LANGUAGE.md §3.2 and §4), for hover on its keyword. */
export const CLAUSE_DOCS: Record<string, string> = {
    WithOption: '`with { … }` — the task\'s input: a script\'s default export receives it, a sub-workflow gets it as its inputs, a connector action as its parameters.',
    TimeoutOption: '`timeout d` — an attempt running longer fails with `timeout` (retried by `retry`, routed by `on timeout`).',
    LimitsOption: '`limits { memory s, cpu d, concurrency n }` — resource limits of a script\'s worker and how many instances may run at once.',
    CacheOption: '`cache for d [key expr]` — reuse a result for `d`, keyed on the `with` values (or `key`).',
    CompensateOption: '`compensate node` — when the run fails later, this node runs to undo this task (compensations run in reverse completion order).',
    LockOption: '`lock "name"` — no two nodes holding the same lock run at once.',
    SetOption: '`set x = expr` — assigns a var or output when the node completes; `result` is its result.',
    IdempotentOption: '`idempotent` — safe to run again after a crash (recovery re-runs it without a warning).',
    WhenGuard: '`when expr` — the edge is taken when the guard holds; an ordinary node takes the first true guard in source order, a `fork` every true one.',
    OtherwiseGuard: '`otherwise` — taken when no guarded edge of the node was taken.',
    OnGuard: '`on Error` / `on error` / `on timeout` / `on "event.type"` — taken when the node failed with that error after its retries, timed out, or (for `listen`) received that event.',
};
