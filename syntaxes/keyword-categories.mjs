// The TextMate scope of every keyword of the Weft grammar, by category. The keyword set itself
// comes from the Langium-generated grammar (build-tmlanguage.mjs reads it), so a keyword added to
// weft.langium shows up as uncategorised (keyword.other.weft) until it is listed here.

/** Category name -> [scope, keywords]. Order matters only for documentation. */
export const KEYWORD_CATEGORIES = {
    /** Flow between nodes: guards and the implicit endpoints (`->` is a symbol, see grammar parts). */
    control: ['keyword.control.weft', ['when', 'otherwise', 'on', 'start', 'end']],
    /** Declarations at file or workflow level. `trigger` followed by `.` is the run's trigger value. */
    declaration: ['storage.type.declaration.weft', ['import', 'type', 'connector', 'workflow', 'version', 'input', 'output', 'var', 'secret', 'trigger']],
    /** Node kinds (LANGUAGE.md §3.2). */
    node: ['storage.type.node.weft', ['task', 'ai', 'approval', 'wait', 'listen', 'emit', 'set', 'join', 'fork', 'fail', 'terminate', 'foreach', 'region']],
    /** Trigger kinds; `event` followed by `.` is the bound event instead. */
    trigger: ['keyword.other.trigger.weft', ['manual', 'webhook', 'schedule', 'event', 'tz']],
    /** What a task runs. */
    target: ['keyword.other.target.weft', ['script', 'http']],
    /** Options and settings of nodes, triggers and waits. */
    option: ['keyword.other.option.weft', [
        'with', 'timeout', 'retry', 'times', 'every', 'backoff', 'max', 'jitter', 'unless', 'limits', 'cache', 'for',
        'key', 'compensate', 'lock', 'idempotent', 'body', 'headers', 'query', 'model', 'prompt', 'system',
        'temperature', 'maxTokens', 'returns', 'ask', 'assignee', 'transient', 'correlate', 'until', 'where', 'code',
        'as', 'concurrency', 'exclusive', 'all', 'first', 'cancel', 'error',
    ]],
    /** Word operators of expressions. */
    operator: ['keyword.operator.word.weft', ['and', 'or', 'not', 'in']],
    /** Built-in type names (also conversion functions when called). */
    type: ['support.type.primitive.weft', ['string', 'number', 'boolean', 'duration', 'size', 'any', 'list', 'map']],
    /** Values bound by the language. */
    context: ['variable.language.weft', ['result']],
    /** HTTP methods of webhook triggers and http tasks. */
    httpMethod: ['support.constant.http-method.weft', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']],
    /** Literal constants (their scopes are finer, see grammar parts). */
    constant: ['constant.language.weft', ['true', 'false', 'null']],
};

/** Keywords the grammar also accepts as function names (`string(x)`, `list(…)`). */
export const CALLABLE_KEYWORDS = ['map', 'list', 'any', 'string', 'number', 'boolean', 'duration', 'size'];
