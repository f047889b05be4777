// Test support for the extension's run logic: compiles inline .weft text to a bundle through
// the real compile step (written to a temporary file, since compiling reads disk).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';

/** The folders made, removed when the test process exits (each test run left ~28 behind). */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export async function compileSource(text: string, workflow?: string): Promise<WorkflowBundle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-ext-'));
  made.push(dir);
  const file = path.join(dir, 'main.weft');
  writeFileSync(file, text);
  const result = await compileWorkflow(file, workflow);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.bundle;
}
