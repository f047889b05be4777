// Robustness test support — the texts that bad-input and fuzz tests start from: every workflow
// under samples/ and the VS Code test fixtures (read from disk, so new samples are covered
// automatically) plus inline workflows that together use every construct of LANGUAGE.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGE_MD_TYPES, LANGUAGE_MD_WORKFLOW } from '../../../support/language-md-example.js';
import { fromRoot, samplesDir } from '../../../support/paths.js';

/** One starting point: a set of files (path relative to the workspace root) and its main file. */
export interface CorpusEntry { name: string; main: string; files: Record<string, string> }

/** The LANGUAGE.md example: its shared types, and the workflow that imports them as ./types.weft. */
export const ORDER_TYPES = LANGUAGE_MD_TYPES.trimStart();
export const ORDER_WORKFLOW = LANGUAGE_MD_WORKFLOW.trimStart();

export const EVERY_CONSTRUCT = `/** Exercises the constructs the order sample does not. */
workflow Everything {
  input  items: list<map<number>>
  input  limit: number = 3
  output total: number
  var    seen: list<string> = []
  var    ratio = limit > 2 ? 1.5e3 : -(limit % 2)

  trigger schedule "0 2 * * *" tz "Europe/Berlin"

  task inline: script """export default (input) => ({ n: input.items.length })""" {
    with { items: items }
    cache for 10m key len(items)
    lock "inline"
    idempotent
  }

  fork spread
  listen outcome {
    "a.done" correlate event.data.id == inline.n,
    "b.failed",
    timeout 1h
  }
  emit announce "weft.started" { count: len(items), first: items[0]?.x ?? 0 }
  set tally { total = items.map(i => i.x).sum(), seen = ["\${limit}"] }
  wait pause for 5s
  wait until_ready until now() > now()
  join both 2 cancel
  join quick first
  foreach each in items as item concurrency 2 until item.x > 10 {
    task one: http GET "https://example.com/items/\${item.x}" { query { q: item.x } headers { a: "b" } }
    start -> one -> end
  }
  region guarded exclusive {
    set inner { }
    start -> inner -> end
  }
  terminate stop
  fail broken "bad" code Broken

  start -> inline -> spread
  spread -> [outcome, announce] when limit > 1 and not (limit in [5, 6])
  spread -> tally otherwise
  outcome -> both on "a.done"
  outcome -> broken on "b.failed"
  outcome -> stop on timeout
  announce -> both
  both -> pause -> until_ready -> quick
  tally -> quick
  quick -> each -> guarded -> end
  inline -> broken on error
}
`;

const INLINE: CorpusEntry[] = [
    { name: 'LANGUAGE.md order fulfilment', main: 'orders.weft', files: { 'types.weft': ORDER_TYPES, 'orders.weft': ORDER_WORKFLOW } },
    { name: 'every construct', main: 'everything.weft', files: { 'everything.weft': EVERY_CONSTRUCT } },
];

function weftFilesUnder(dir: string): string[] {
    if (!existsSync(dir)) return [];
    const found: string[] = [];
    for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) found.push(...weftFilesUnder(full));
        else if (name.endsWith('.weft')) found.push(full);
    }
    return found;
}

/** A folder of .weft files becomes one entry per file, each with all the folder's files (imports). */
function entriesOfFolder(label: string, dir: string): CorpusEntry[] {
    const files = weftFilesUnder(dir);
    const all: Record<string, string> = {};
    for (const file of files) all[path.relative(dir, file).split(path.sep).join('/')] = readFileSync(file, 'utf8');
    return Object.keys(all).map(main => ({ name: `${label}/${main}`, main, files: all }));
}

/** Every starting point: inline workflows, samples/ and the VS Code fixture workspace. */
export function loadCorpus(): CorpusEntry[] {
    return [
        ...INLINE,
        ...entriesOfFolder('samples', samplesDir),
        ...entriesOfFolder('fixtures', fromRoot('test', 'vscode', 'fixtures', 'workspace')),
    ];
}
