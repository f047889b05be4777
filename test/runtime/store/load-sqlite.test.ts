// Specification of loading node:sqlite (runtime/store/load-sqlite.ts): a process that opens a
// SQLite store prints no experimental warning, and its other warnings still reach stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const module = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runtime/store/load-sqlite.js')).href;

function run(code: string): { stderr: string; stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return { stderr: r.stderr, stdout: r.stdout, status: r.status };
}

describe('loadSqlite', () => {
  it('loads node:sqlite without printing its experimental warning', () => {
    const r = run(`import { loadSqlite } from ${JSON.stringify(module)};
      const { DatabaseSync } = loadSqlite();
      const db = new DatabaseSync(':memory:');
      console.log(db.prepare('select 41 + 1 as n').get().n);`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '42');
    assert.doesNotMatch(r.stderr, /ExperimentalWarning|SQLite is an experimental/);
  });

  it('leaves every other warning alone, during and after the load', () => {
    const r = run(`import { loadSqlite } from ${JSON.stringify(module)};
      loadSqlite();
      process.emitWarning('a warning of the workflow author', 'DeprecationWarning');
      await new Promise((resolve) => setTimeout(resolve, 10));`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /DeprecationWarning: a warning of the workflow author/);
  });
});
