// Hand-written parts of the Weft TextMate grammar: what langium-cli's generator cannot derive
// from weft.langium (interpolated and triple-quoted strings, durations and sizes, doc comments,
// type positions, keywords by category). Pure data for build-tmlanguage.mjs; no I/O here.

const ID = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const words = (list) => list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

/**
 * The top-level patterns and repository of the grammar.
 * @param {Record<string, string[]>} keywords category -> keywords present in the Langium grammar
 * @param {{ allKeywords: string[], callable: string[], uncategorised: string[] }} extra
 */
export function grammarParts(keywords, extra) {
    const kw = (category) => keywords[category] ?? [];
    const notKeyword = `(?!(?:${words(extra.allKeywords.filter((k) => !extra.callable.includes(k)))})\\b)`;
    const keywordRule = (category, scope) => kw(category).length === 0 ? [] : [{ name: scope, match: `\\b(?:${words(kw(category))})\\b` }];

    const repository = {
        comments: {
            patterns: [
                {
                    name: 'comment.block.documentation.weft',
                    begin: String.raw`/\*\*(?!/)`,
                    end: String.raw`\*/`,
                    beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.weft' } },
                    endCaptures: { 0: { name: 'punctuation.definition.comment.end.weft' } },
                },
                {
                    name: 'comment.block.weft',
                    begin: String.raw`/\*`,
                    end: String.raw`\*/`,
                    beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.weft' } },
                    endCaptures: { 0: { name: 'punctuation.definition.comment.end.weft' } },
                },
                {
                    name: 'comment.line.double-slash.weft',
                    begin: '//',
                    end: '(?=$)',
                    beginCaptures: { 0: { name: 'punctuation.definition.comment.weft' } },
                },
            ],
        },

        // `script """…"""`: raw JavaScript (no interpolation), highlighted by VS Code's JavaScript grammar.
        'inline-script': {
            begin: String.raw`\b(script)\s*(""")`,
            beginCaptures: {
                1: { name: 'keyword.other.target.weft' },
                2: { name: 'string.quoted.triple.weft punctuation.definition.string.begin.weft' },
            },
            end: '"""',
            endCaptures: { 0: { name: 'string.quoted.triple.weft punctuation.definition.string.end.weft' } },
            contentName: 'meta.embedded.block.javascript',
            // Each line's code up to `"""` is handed to the JavaScript grammar as one capture, so
            // no JavaScript rule can run past the closing quotes (state does not cross lines).
            patterns: [{ match: '(?:[^"]|"(?!""))+', captures: { 0: { patterns: [{ include: '#javascript' }] } } },
                // Never reached (the pattern above takes every character but the closing quotes);
                // it makes vscode-textmate load source.js, which it does not do for captures.
                { include: '#javascript' },
            ],
        },
        javascript: {
            patterns: [{ include: 'source.js' }],
        },

        strings: { patterns: [{ include: '#string-triple' }, { include: '#string-double' }] },
        'string-triple': {
            name: 'string.quoted.triple.weft',
            begin: '"""',
            end: '"""',
            beginCaptures: { 0: { name: 'punctuation.definition.string.begin.weft' } },
            endCaptures: { 0: { name: 'punctuation.definition.string.end.weft' } },
            patterns: [{ include: '#string-character-escape' }, { include: '#interpolation' }],
        },
        'string-double': {
            name: 'string.quoted.double.weft',
            begin: '"',
            // A `"…"` string cannot span lines: an unterminated one ends, marked, at the line end.
            end: String.raw`(")|((?:[^\\\n])$)`,
            beginCaptures: { 0: { name: 'punctuation.definition.string.begin.weft' } },
            endCaptures: {
                1: { name: 'punctuation.definition.string.end.weft' },
                2: { name: 'invalid.illegal.newline.weft' },
            },
            patterns: [{ include: '#string-character-escape' }, { include: '#interpolation' }],
        },
        interpolation: {
            name: 'meta.template.expression.weft',
            begin: String.raw`\$\{`,
            end: String.raw`\}`,
            beginCaptures: { 0: { name: 'punctuation.definition.template-expression.begin.weft' } },
            endCaptures: { 0: { name: 'punctuation.definition.template-expression.end.weft' } },
            contentName: 'meta.embedded.line.weft',
            patterns: [{ include: '#expression' }],
        },

        numbers: {
            patterns: [
                {
                    name: 'constant.numeric.duration.weft',
                    match: String.raw`\b[0-9]+(?:\.[0-9]+)?(ms|s|m|h|d)\b`,
                    captures: { 1: { name: 'keyword.other.unit.duration.weft' } },
                },
                {
                    name: 'constant.numeric.size.weft',
                    match: String.raw`\b[0-9]+(B|KB|MB|GB|TB)\b`,
                    captures: { 1: { name: 'keyword.other.unit.size.weft' } },
                },
                { name: 'constant.numeric.decimal.weft', match: String.raw`\b[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\b` },
            ],
        },

        constants: {
            patterns: [
                { name: 'constant.language.boolean.true.weft', match: String.raw`\btrue\b` },
                { name: 'constant.language.boolean.false.weft', match: String.raw`\bfalse\b` },
                { name: 'constant.language.null.weft', match: String.raw`\bnull\b` },
            ],
        },

        // `trigger.event…` and `event.data…` are values; `trigger manual` and `for event "…"` keywords.
        'context-values': {
            patterns: [
                { name: 'variable.language.weft', match: String.raw`\b(?:trigger|event)\b(?=\s*\??\.)` },
                ...keywordRule('context', 'variable.language.weft'),
            ],
        },

        // Type positions: `input x: T`, `output x: T`, `var x: T`, `returns T`, `type N { … }`, `type N = …`.
        'type-declaration': {
            patterns: [
                {
                    begin: String.raw`\b(type)\s+(${ID})\s*(\{)`,
                    beginCaptures: {
                        1: { name: 'storage.type.declaration.weft' },
                        2: { name: 'entity.name.type.weft' },
                        3: { name: 'punctuation.definition.block.begin.weft' },
                    },
                    end: String.raw`\}`,
                    endCaptures: { 0: { name: 'punctuation.definition.block.end.weft' } },
                    name: 'meta.type.declaration.weft',
                    patterns: [{ include: '#type-body-content' }],
                },
                {
                    begin: String.raw`\b(type)\s+(${ID})\s*(=)`,
                    beginCaptures: {
                        1: { name: 'storage.type.declaration.weft' },
                        2: { name: 'entity.name.type.weft' },
                        3: { name: 'keyword.operator.assignment.weft' },
                    },
                    end: String.raw`(?=$|;|//)`,
                    name: 'meta.type.declaration.weft',
                    patterns: [{ include: '#type-expression' }],
                },
                {
                    match: String.raw`\b(type)\s+(${ID})`,
                    captures: { 1: { name: 'storage.type.declaration.weft' }, 2: { name: 'entity.name.type.weft' } },
                },
            ],
        },
        'type-body-content': {
            patterns: [
                { include: '#comments' },
                {
                    begin: String.raw`(${ID})\s*(:)`,
                    beginCaptures: { 1: { name: 'variable.other.property.weft' }, 2: { name: 'punctuation.separator.key-value.weft' } },
                    end: String.raw`(?=[,;}]|$|//)`,
                    patterns: [{ include: '#type-expression' }],
                },
                { name: 'punctuation.separator.comma.weft', match: ',' },
            ],
        },
        'type-annotation': {
            patterns: [
                {
                    begin: String.raw`\b(input|output|var)\s+(${ID})\s*(:)`,
                    beginCaptures: {
                        1: { name: 'storage.type.declaration.weft' },
                        2: { name: 'variable.other.declaration.weft' },
                        3: { name: 'punctuation.separator.type.weft' },
                    },
                    end: String.raw`(?=[=;,}]|$|//)`,
                    patterns: [{ include: '#type-expression' }],
                },
                {
                    begin: String.raw`\b(returns)\b`,
                    beginCaptures: { 1: { name: 'keyword.other.option.weft' } },
                    end: String.raw`(?=[;,}]|$|//)`,
                    patterns: [{ include: '#type-expression' }],
                },
            ],
        },
        'type-expression': {
            patterns: [
                { include: '#comments' },
                { include: '#string-double' },
                { name: 'support.type.weft', match: String.raw`\b(?:list|map)\b` },
                { name: 'support.type.primitive.weft', match: String.raw`\b(?:string|number|boolean|duration|size|any|null)\b` },
                { name: 'entity.name.type.weft', match: ID },
                { name: 'punctuation.definition.typeparameters.weft', match: '[<>]' },
                { name: 'keyword.operator.type.union.weft', match: String.raw`\|` },
                { name: 'keyword.operator.type.optional.weft', match: String.raw`\?` },
                {
                    begin: String.raw`\{`,
                    end: String.raw`\}`,
                    beginCaptures: { 0: { name: 'punctuation.definition.block.begin.weft' } },
                    endCaptures: { 0: { name: 'punctuation.definition.block.end.weft' } },
                    patterns: [{ include: '#type-body-content' }],
                },
            ],
        },

        // Names being declared.
        declarations: {
            patterns: [
                {
                    match: String.raw`\b(workflow)\s+(${ID})`,
                    captures: { 1: { name: 'storage.type.declaration.weft' }, 2: { name: 'entity.name.type.workflow.weft' } },
                },
                {
                    match: String.raw`\b(connector)\s+(${ID})\s*(:)\s*(${ID})`,
                    captures: {
                        1: { name: 'storage.type.declaration.weft' },
                        2: { name: 'entity.name.type.connector.weft' },
                        3: { name: 'punctuation.separator.type.weft' },
                        4: { name: 'support.type.connector-kind.weft' },
                    },
                },
                {
                    match: String.raw`\b(secret|var)\s+(${ID})`,
                    captures: { 1: { name: 'storage.type.declaration.weft' }, 2: { name: 'variable.other.declaration.weft' } },
                },
                {
                    // `set name { … }` is a node; `set x = …` (task option) assigns.
                    match: String.raw`\b(set)\s+(${ID})(?=\s*\{)`,
                    captures: { 1: { name: 'storage.type.node.weft' }, 2: { name: 'entity.name.function.node.weft' } },
                },
                {
                    match: String.raw`\b(task|ai|approval|wait|listen|emit|join|fork|fail|terminate|foreach|region)\s+(${ID})(?:\s*(:)(?!:))?`,
                    captures: {
                        1: { name: 'storage.type.node.weft' },
                        2: { name: 'entity.name.function.node.weft' },
                        3: { name: 'punctuation.separator.type.weft' },
                    },
                },
                {
                    match: String.raw`\b(as)\s+(${ID})`,
                    captures: { 1: { name: 'keyword.other.option.weft' }, 2: { name: 'variable.parameter.weft' } },
                },
            ],
        },

        // Error names: `on PaymentDeclined`, `code Declined`, `unless A, B`.
        'error-names': {
            patterns: [
                {
                    match: String.raw`\b(on)\s+(?!(?:error|timeout)\b)(${ID})`,
                    captures: { 1: { name: 'keyword.control.weft' }, 2: { name: 'entity.name.type.error.weft' } },
                },
                {
                    match: String.raw`\b(code)\s+(${ID})`,
                    captures: { 1: { name: 'keyword.other.option.weft' }, 2: { name: 'entity.name.type.error.weft' } },
                },
                {
                    begin: String.raw`\b(unless)\b`,
                    beginCaptures: { 1: { name: 'keyword.other.option.weft' } },
                    end: String.raw`(?=[;}]|$|//)`,
                    patterns: [
                        { name: 'entity.name.type.error.weft', match: ID },
                        { name: 'punctuation.separator.comma.weft', match: ',' },
                    ],
                },
            ],
        },

        operators: {
            patterns: [
                { name: 'keyword.control.edge.weft', match: '->' },
                { name: 'storage.type.function.arrow.weft', match: '=>' },
                { name: 'keyword.operator.comparison.weft', match: '==|!=|<=|>=|<|>' },
                { name: 'keyword.operator.nullish.weft', match: String.raw`\?\?` },
                { name: 'punctuation.accessor.optional.weft', match: String.raw`\?\.` },
                { name: 'keyword.operator.ternary.weft', match: String.raw`\?|:(?=\s*[^:])` },
                { name: 'keyword.operator.arithmetic.weft', match: String.raw`[-+*/%]` },
                { name: 'keyword.operator.assignment.weft', match: '=' },
                ...keywordRule('operator', 'keyword.operator.word.weft'),
            ],
        },

        // `a.b`, `a?.b`, `a.f(…)`: after an accessor every word is a member, keywords included.
        members: {
            patterns: [
                {
                    match: String.raw`(\??\.)\s*(${ID})(?=\s*\()`,
                    captures: { 1: { name: 'punctuation.accessor.weft' }, 2: { name: 'entity.name.function.member.weft' } },
                },
                {
                    match: String.raw`(\??\.)\s*(${ID})`,
                    captures: { 1: { name: 'punctuation.accessor.weft' }, 2: { name: 'variable.other.property.weft' } },
                },
            ],
        },
        // Object keys `{ key: v }` (keywords included) at the start of a line or after `{` / `,`.
        'object-keys': {
            match: String.raw`(?:(?<=[{,])|^)\s*(${ID})\s*(:)(?!:)`,
            captures: { 1: { name: 'variable.other.property.weft' }, 2: { name: 'punctuation.separator.key-value.weft' } },
        },
        // Setting keys followed by their value: `baseUrl "…"`, `header "A" = …`, `memory 64MB`.
        'setting-keys': {
            match: String.raw`(?:(?<=[{,])|^)\s*${notKeyword}(${ID})(?=[ \t]+["0-9A-Za-z_$])`,
            captures: { 1: { name: 'variable.other.property.weft' } },
        },
        calls: {
            match: String.raw`\b${notKeyword}(${ID})\s*(?=\()`,
            captures: { 1: { name: 'entity.name.function.weft' } },
        },

        keywords: {
            patterns: [
                ...keywordRule('control', 'keyword.control.weft'),
                ...keywordRule('declaration', 'storage.type.declaration.weft'),
                ...keywordRule('node', 'storage.type.node.weft'),
                ...keywordRule('trigger', 'keyword.other.trigger.weft'),
                ...keywordRule('target', 'keyword.other.target.weft'),
                ...keywordRule('option', 'keyword.other.option.weft'),
                ...keywordRule('type', 'support.type.primitive.weft'),
                ...keywordRule('httpMethod', 'support.constant.http-method.weft'),
                ...(extra.uncategorised.length ? [{ name: 'keyword.other.weft', match: `\\b(?:${words(extra.uncategorised)})\\b` }] : []),
            ],
        },

        braces: {
            patterns: [
                {
                    begin: String.raw`\{`,
                    end: String.raw`\}`,
                    beginCaptures: { 0: { name: 'punctuation.definition.block.begin.weft' } },
                    endCaptures: { 0: { name: 'punctuation.definition.block.end.weft' } },
                    patterns: [{ include: '#statements' }],
                },
                { name: 'punctuation.definition.brackets.weft', match: String.raw`[\[\]()]` },
                { name: 'punctuation.separator.comma.weft', match: ',' },
                { name: 'punctuation.terminator.statement.weft', match: ';' },
            ],
        },

        identifiers: { name: 'variable.other.weft', match: ID },

        // Expressions: inside `${…}` and, with the declarations, everywhere else.
        expression: {
            patterns: [
                { include: '#comments' },
                { include: '#strings' },
                { include: '#numbers' },
                { include: '#constants' },
                { include: '#context-values' },
                { include: '#members' },
                { include: '#object-keys' },
                { include: '#calls' },
                { include: '#operators' },
                { include: '#keywords' },
                { include: '#setting-keys' },
                { include: '#braces' },
                { include: '#identifiers' },
            ],
        },
        statements: {
            patterns: [
                { include: '#comments' },
                { include: '#inline-script' },
                { include: '#strings' },
                { include: '#type-declaration' },
                { include: '#type-annotation' },
                { include: '#declarations' },
                { include: '#error-names' },
                { include: '#expression' },
            ],
        },
    };
    return { patterns: [{ include: '#statements' }], repository };
}
