// Runtime script executor — finds the script worker's and the script host's entry files both
// when running from the transpiled tree (out*/runtime/executors/script/*.js, next to this
// module) and from a bundle (dist/*.cjs, where esbuild.mjs writes dist/script-worker.cjs and
// dist/script-host.cjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function besideThisModule(name: string, what: string): string {
  const candidates = [`./${name}.js`, `./${name}.cjs`];
  for (const c of candidates) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`the ${what} was not found next to ${fileURLToPath(import.meta.url)} (looked for ${candidates.join(', ')})`);
}

export function defaultScriptWorkerPath(): string {
  return besideThisModule('script-worker', 'script worker');
}

export function defaultScriptHostPath(): string {
  return besideThisModule('script-host', 'script host');
}
