import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { runStoreContract } from './store-contract.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-store-'));
  dirs.push(dir);
  return path.join(dir, 'runs.db');
}
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

runStoreContract('SqliteRunStore (NORMAL)', () => new SqliteRunStore({ file: tempFile() }));
runStoreContract('SqliteRunStore (FULL, macrotask group commit)', () => new SqliteRunStore({ file: tempFile(), synchronous: 'FULL', groupCommit: 'immediate' }));

describe('SqliteRunStore on disk', () => {
  it('keeps runs and journals across reopening the file', async () => {
    const file = tempFile();
    const first = new SqliteRunStore({ file });
    await first.createRun({ runId: 'r1', workflow: 'W', version: '2.0.0', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'hx', createdAt: 10 });
    await first.append('r1', [{ type: 'Paused', seq: 1, at: 11, actor: 'me' }]);
    await first.close();
    const second = new SqliteRunStore({ file });
    const run = await second.getRun('r1');
    assert.equal(run?.version, '2.0.0');
    assert.equal(run?.status, 'paused');
    assert.deepEqual(await second.readEvents('r1'), [{ type: 'Paused', seq: 1, at: 11, actor: 'me' }]);
    await second.close();
  });

  it('sees events another connection appended to the same file', async () => {
    const file = tempFile();
    const writer = new SqliteRunStore({ file });
    const reader = new SqliteRunStore({ file, pollMs: 10 });
    await writer.createRun({ runId: 'r1', workflow: 'W', version: '1', bundle: { irVersion: 1, entry: 'W', workflows: {}, types: {} }, bundleHash: 'h', createdAt: 1 });
    const waiting = reader.waitForEvents('r1', 0);
    await writer.append('r1', [{ type: 'Paused', seq: 1, at: 2 }]);
    assert.deepEqual((await waiting).map((e) => e.type), ['Paused']);
    await writer.close();
    await reader.close();
  });
});
