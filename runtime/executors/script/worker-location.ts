// Runtime script executor — finds the script worker's entry file both when running from the
// transpiled tree (out*/runtime/executors/script/script-worker.js, next to this module) and
// from a bundle (dist/*.cjs, where esbuild.mjs writes dist/script-worker.cjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultScriptWorkerPath(): string {
  const candidates = ['./script-worker.js', './script-worker.cjs'];
  for (const c of candidates) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`the script worker was not found next to ${fileURLToPath(import.meta.url)} (looked for ${candidates.join(', ')})`);
}
