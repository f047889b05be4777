// Specification of snippets/weft.json: every snippet, expanded with its default placeholder
// values as VS Code would insert it, parses without lexer or parser errors in the context where
// it is offered (file level, workflow body, task block). Keeps the snippets in step with the grammar.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import type { Model } from '../../language-server/generated/ast.js';
import { createWeftServices } from '../../language-server/weft-module.js';
import { fromRoot } from '../support/paths.js';

interface Snippet { prefix: string; body: string[]; description: string }
const snippets = JSON.parse(readFileSync(fromRoot('snippets/weft.json'), 'utf8')) as Record<string, Snippet>;

/** Where a snippet is meant to be typed; everything else goes inside a workflow body. */
const FILE_LEVEL = new Set(['Workflow', 'Type', 'Import', 'HTTP connector']);
const TASK_OPTION = new Set(['Retry', 'Limits']);

/** Expands VS Code snippet syntax with default values: ${1:x} -> x, ${1|a,b|} -> a, $1 -> ''. */
export function expandSnippet(body: string): string {
  let out = '';
  let i = 0;
  const readUntilClose = (): string => {
    // Reads a placeholder's default up to its matching '}', expanding nested placeholders.
    let depth = 1;
    let text = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length) { text += c + body[i + 1]; i += 2; continue; }
      if (c === '$' && body[i + 1] === '{') depth++;
      if (c === '}' && --depth === 0) { i++; return expandSnippet(text); }
      text += c;
      i++;
    }
    throw new Error(`unclosed placeholder in ${body}`);
  };
  while (i < body.length) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) { out += body[i + 1]; i += 2; continue; }
    if (c !== '$') { out += c; i++; continue; }
    const simple = /^\$(\d+)/.exec(body.slice(i));
    if (simple) { i += simple[0].length; continue; }
    const choice = /^\$\{\d+\|([^|]*)\|\}/.exec(body.slice(i));
    if (choice) { out += choice[1].split(',')[0]; i += choice[0].length; continue; }
    const placeholder = /^\$\{\d+:/.exec(body.slice(i));
    if (placeholder) { i += placeholder[0].length; out += readUntilClose(); continue; }
    const tabstop = /^\$\{\d+\}/.exec(body.slice(i));
    if (tabstop) { i += tabstop[0].length; continue; }
    throw new Error(`unsupported snippet syntax at ${body.slice(i, i + 20)}`);
  }
  return out;
}

function inContext(name: string, text: string): string {
  if (FILE_LEVEL.has(name)) return text;
  if (TASK_OPTION.has(name)) return `workflow W {\n  task t: script "t.js" {\n    ${text}\n  }\n}\n`;
  return `workflow W {\n${text}\n}\n`;
}

describe('snippets/weft.json', () => {
  const parse = parseHelper<Model>(createWeftServices(EmptyFileSystem).Weft);

  it('expands placeholders, choices, tab stops and escapes like VS Code', () => {
    assert.equal(expandSnippet('task ${1:name}: ${2|GET,POST|} "\\${${3:x}}"$0'), 'task name: GET "${x}"');
    assert.equal(expandSnippet('${1:a ${2:b} c}'), 'a b c');
  });

  it('has a prefix and a description for every snippet', () => {
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.prefix && s.description && s.body.length > 0, name);
    }
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" (${snippet.prefix}) expands to text that parses`, async () => {
      const text = inContext(name, expandSnippet(snippet.body.join('\n')));
      const document = await parse(text);
      const errors = [
        ...document.parseResult.lexerErrors.map((e) => `lexer ${e.line}:${e.column} ${e.message}`),
        ...document.parseResult.parserErrors.map((e) => `parser ${e.token.startLine}:${e.token.startColumn} ${e.message}`),
      ];
      assert.deepEqual(errors, [], text);
    });
  }
});
