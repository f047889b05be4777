// Snippet proposals of Weft completion: a whole node per kind at a member position, and the
// common task options inside a node block (LANGUAGE.md §3.2). Data only: the completion
// provider decides where each applies.

export interface SnippetProposal {
    /** Shown in the list, e.g. `task (http)`. */
    label: string;
    /** The keyword that must be valid at the cursor for the snippet to be offered. */
    keyword: string;
    insertText: string;
    detail: string;
}

export const NODE_SNIPPETS: SnippetProposal[] = [
    { label: 'task (http)', keyword: 'task', detail: 'an HTTP request', insertText: 'task ${1:name}: http ${2|GET,POST,PUT,PATCH,DELETE|} "${3:https://}" {\n\ttimeout ${4:10s}\n}' },
    { label: 'task (script)', keyword: 'task', detail: 'a JavaScript module in a worker', insertText: 'task ${1:name}: script "${2:scripts/$1.js}" {\n\twith { $3 }\n}' },
    { label: 'task (connector)', keyword: 'task', detail: 'an action of a connector', insertText: 'task ${1:name}: ${2:connector}.${3:post}("${4:/path}") {\n\twith { $5 }\n}' },
    { label: 'task (workflow)', keyword: 'task', detail: 'run another workflow', insertText: 'task ${1:name}: workflow ${2:Other} {\n\twith { $3 }\n}' },
    { label: 'ai { … }', keyword: 'ai', detail: 'one LLM call with structured output', insertText: 'ai ${1:name} {\n\tmodel "${2:gpt-4o-mini}"\n\tprompt """\n\t\t$3\n\t"""\n\treturns ${4:Type}\n}' },
    { label: 'approval { … }', keyword: 'approval', detail: 'wait for a person', insertText: 'approval ${1:name} {\n\task "${2:Approve?}"\n\tassignee "${3:team}"\n\ttimeout ${4:1d}\n}' },
    { label: 'wait (for event)', keyword: 'wait', detail: 'wait for a matching event', insertText: 'wait ${1:name} for event "${2:type}" correlate ${3:event.data.id == id} timeout ${4:1h}' },
    { label: 'wait (timer)', keyword: 'wait', detail: 'wait for a duration', insertText: 'wait ${1:name} for ${2:10m}' },
    { label: 'listen { … }', keyword: 'listen', detail: 'the first of several events wins', insertText: 'listen ${1:name} {\n\t"${2:a.done}"\n\t"${3:b.failed}"\n\ttimeout ${4:1h}\n}' },
    { label: 'emit … "type"', keyword: 'emit', detail: 'publish an event', insertText: 'emit ${1:name} "${2:type}" { $3 }' },
    { label: 'set { … }', keyword: 'set', detail: 'assign variables and outputs', insertText: 'set ${1:name} { ${2:variable} = ${3:value} }' },
    { label: 'join …', keyword: 'join', detail: 'synchronise branches', insertText: 'join ${1:name}' },
    { label: 'fail … "message"', keyword: 'fail', detail: 'end the run as failed', insertText: 'fail ${1:name} "${2:message}"' },
    { label: 'foreach … in … as …', keyword: 'foreach', detail: 'run an inner graph per item', insertText: 'foreach ${1:name} in ${2:items} as ${3:item} {\n\t$0\n}' },
    { label: 'start -> …', keyword: 'start', detail: 'an edge from start', insertText: 'start -> ${1:node}' },
];

export const OPTION_SNIPPETS: SnippetProposal[] = [
    { label: 'retry … times every …', keyword: 'retry', detail: 'retries with exponential backoff', insertText: 'retry ${1:3} times every ${2:1s} backoff ${3:2} max ${4:30s}' },
    { label: 'timeout …', keyword: 'timeout', detail: 'fail the attempt after a duration', insertText: 'timeout ${1:30s}' },
    { label: 'with { … }', keyword: 'with', detail: 'the task\'s input object', insertText: 'with { ${1:key}: ${2:value} }' },
    { label: 'limits { … }', keyword: 'limits', detail: 'memory and CPU limits of a script', insertText: 'limits { memory ${1:64MB}, cpu ${2:2s} }' },
    { label: 'cache for …', keyword: 'cache', detail: 'reuse results keyed on `with`', insertText: 'cache for ${1:10m}' },
    { label: 'compensate …', keyword: 'compensate', detail: 'the node that undoes this one', insertText: 'compensate ${1:node}' },
    { label: 'lock "…"', keyword: 'lock', detail: 'no two holders run at once', insertText: 'lock "${1:name}"' },
    { label: 'set … = result…', keyword: 'set', detail: 'assign from the result', insertText: 'set ${1:variable} = result.${2:field}' },
];
