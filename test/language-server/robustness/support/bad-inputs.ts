// Robustness test support — generators of hostile texts: binary garbage, 1 MB workflows, deep
// nesting, long lines. Deterministic (seeded) so a failure names a reproducible input.
import { seededRandom } from '../../../../runtime/engine/seeded-random.js';

/** `length` random UTF-16 code units, lone surrogates, NULs and control characters included. */
export function binaryGarbage(length: number, seed: number): string {
    const random = seededRandom(seed);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * 0x10000));
    return text;
}

/** Random bytes read as Latin-1 (what a user gets opening a binary file as text). */
export function latin1Garbage(length: number, seed: number): string {
    const random = seededRandom(seed);
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
    return bytes.toString('latin1');
}

/** A valid workflow of about `bytes` characters: chained tasks with retries, guards and errors. */
export function largeWorkflow(bytes: number): string {
    const lines = ['workflow Large {', '  input order: map<any>', '  var count: number = 0'];
    let size = lines.join('\n').length;
    const nodes: string[] = [];
    for (let i = 0; size < bytes - 200; i++) {
        const node = [
            `  /** Step ${i}. */`,
            `  task step${i}: http POST "https://example.com/steps/${i}" {`,
            `    body { id: order.id, step: ${i}, note: "step \${count} of ${i}" }`,
            `    timeout 10s`,
            `    retry 3 times every 1s backoff 2 max 30s jitter`,
            `  }`,
        ].join('\n');
        lines.push(node);
        nodes.push(`step${i}`);
        size += node.length + 1;
    }
    lines.push('  fail failed "failed"');
    lines.push(`  start -> ${nodes[0]}`);
    for (let i = 1; i < nodes.length; i++) {
        lines.push(`  ${nodes[i - 1]} -> ${nodes[i]} when ${nodes[i - 1]}.status == 200`);
        lines.push(`  ${nodes[i - 1]} -> failed otherwise`);
    }
    lines.push(`  ${nodes.at(-1)} -> end`, '}');
    return lines.join('\n') + '\n';
}

/** `var deep = …` nested `depth` times with `open`/`close` around a literal. */
export function nestedExpression(open: string, close: string, depth: number): string {
    return `workflow Deep {\n  var deep = ${open.repeat(depth)}1${close.repeat(depth)}\n  start -> end\n}\n`;
}
