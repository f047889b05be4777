// Language benchmark — generated Weft workflows shaped like the samples: blocks of an http task
// with retries and a timeout route, a guarded check with `otherwise`, an error route, a fan-out
// joined again, a `set` step and a `fail`. Pure text generation; no language services here.

/** Nodes one block declares (fetch, enrich, left, right, merged, count, failed). */
export const NODES_PER_BLOCK = 7;

export interface GeneratedWorkflow { text: string; blocks: number; nodes: number; lines: number }

function block(i: number, previous: string): string[] {
    return [
        `  /** Step ${i}: fetch the item, enrich it, send it both ways. */`,
        `  task fetch${i}: http POST "\${baseUrl}/items/${i}" {`,
        `    body { id: order.id, step: ${i} }`,
        `    timeout 10s`,
        `    retry 3 times every 1s backoff 2 max 30s jitter`,
        `  }`,
        `  task enrich${i}: http GET "\${baseUrl}/enrich/${i}" {`,
        `    query { id: order.id }`,
        `    timeout 5s`,
        `    retry 2 times every 1s`,
        `  }`,
        `  task left${i}: http POST "\${baseUrl}/left/${i}" { body { value: enrich${i}.body } timeout 5s }`,
        `  task right${i}: http POST "\${baseUrl}/right/${i}" { body { value: enrich${i}.body } timeout 5s }`,
        `  join merged${i}`,
        `  set count${i} { processed = processed + 1 }`,
        `  fail failed${i} "Step ${i} failed for order \${order.id}"`,
        `  ${previous} -> fetch${i}`,
        `  fetch${i} -> enrich${i} when fetch${i}.status == 200`,
        `  fetch${i} -> failed${i} otherwise`,
        `  fetch${i} -> failed${i} on timeout`,
        `  enrich${i} -> [left${i}, right${i}] -> merged${i} -> count${i}`,
        `  enrich${i} -> failed${i} on error`,
        ``,
    ];
}

/** A workflow of `blocks` blocks (7 nodes each) named `name`, optionally calling `calls` first. */
export function generateWorkflow(name: string, blocks: number, options: { importPaths?: string[]; calls?: string } = {}): GeneratedWorkflow {
    const lines: string[] = [];
    for (const path of options.importPaths ?? []) lines.push(`import "${path}"`);
    lines.push('', `/** Generated benchmark workflow ${name}. */`, `workflow ${name} {`, `  version "1.0.0"`,
        `  input order: Order`, `  input baseUrl: string = "http://127.0.0.1:8080"`, `  var processed: number = 0`,
        `  output total: number`, `  trigger manual`, ``);
    let previous = 'start';
    let extra = 0;
    if (options.calls) {
        lines.push(`  task sub: workflow ${options.calls} { with { order: order } }`);
        lines.push(`  start -> sub`);
        previous = 'sub';
        extra = 1;
    }
    for (let i = 0; i < blocks; i++) {
        lines.push(...block(i, previous));
        previous = `count${i}`;
    }
    lines.push(`  ${previous} -> end`, `}`, ``);
    const text = lines.join('\n');
    return { text, blocks, nodes: blocks * NODES_PER_BLOCK + extra, lines: text.split('\n').length };
}

export const TYPES_FILE = `/** Types shared by the generated benchmark workflows. */
type Item { sku: string, qty: number }
type Order {
  id: string
  customerId: string
  total: number
  items: list<Item>
  note: string?
}
`;

/** A standalone workflow of about `nodes` nodes, with its types inline. */
export function generateSingleFile(nodes: number): GeneratedWorkflow {
    const flow = generateWorkflow('Large', Math.ceil(nodes / NODES_PER_BLOCK));
    const text = TYPES_FILE + '\n' + flow.text;
    return { ...flow, text, lines: text.split('\n').length };
}

/**
 * A workspace of about `lines` lines: types.weft plus flow files of `blocksPerFile` blocks, each
 * importing the types and the previous flow, whose workflow it calls as a sub-workflow.
 */
export function generateWorkspace(lines: number, blocksPerFile = 22): { files: Record<string, string>; lines: number; nodes: number } {
    const files: Record<string, string> = { 'types.weft': TYPES_FILE };
    let total = TYPES_FILE.split('\n').length;
    let nodes = 0;
    for (let k = 0; total < lines; k++) {
        const imports = k === 0 ? ['./types.weft'] : ['./types.weft', `./flow${k - 1}.weft`];
        const flow = generateWorkflow(`Flow${k}`, blocksPerFile, { importPaths: imports, calls: k === 0 ? undefined : `Flow${k - 1}` });
        files[`flow${k}.weft`] = flow.text;
        total += flow.lines;
        nodes += flow.nodes;
    }
    return { files, lines: total, nodes };
}
