// The integration suite's runner, loaded by the VS Code extension host (extensionTestsPath) under
// both launchers: it runs every bundled `*.test.cjs` next to it with mocha and rejects when a
// test fails, which makes the workbench report exit code 1.
import Mocha from 'mocha';
import { promises as fs } from 'node:fs';
import path from 'node:path';

async function findBundles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findBundles(p)));
    else if (entry.name.endsWith('.test.cjs')) found.push(p);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.WEFT_VSCODE_TEST_TIMEOUT_MS ?? 30_000),
    grep: process.env.WEFT_VSCODE_GREP,
  });
  // The restricted session (an untrusted workspace) runs restricted/; the trusted one the rest.
  const restricted = process.env.WEFT_TEST_SESSION === 'restricted';
  for (const file of await findBundles(__dirname)) {
    const inRestricted = path.relative(__dirname, file).split(path.sep)[0] === 'restricted';
    if (inRestricted === restricted) mocha.addFile(file);
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
