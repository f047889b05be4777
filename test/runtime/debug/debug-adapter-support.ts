// Test support for the debug adapter wire tests: writes inline .weft fixtures to a temporary
// folder and drives the standalone adapter process (`node dist/debug-adapter.cjs`) with
// `DebugClient`. Waits only on DAP events and responses; never sleeps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { distDir } from '../../support/paths.js';

/** Generous: the test machine is shared and slow; every wait still ends on a real event. */
export const WAIT_MS = 60_000;

/** The fixture folders made, removed when the test process exits (each test run left ~30 behind). */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function writeFixture(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-debug-'));
  made.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** 1-based line of the first line of `file`'s text that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex(l => l.includes(needle));
  if (index < 0) throw new Error(`fixture has no line with '${needle}'`);
  return index + 1;
}

export async function startClient(): Promise<DebugClient> {
  const client = new DebugClient(process.execPath, path.join(distDir, 'debug-adapter.cjs'), 'weft', { env: { ...process.env, H9_KEY: 'sk-live-123456' } }, true);
  client.defaultTimeout = WAIT_MS;
  await client.start();
  return client;
}

/** Initializes and launches as VS Code does: the adapter compiles, says `initialized`, then
 * `configure` sets breakpoints and configuration is done. */
export async function launch(client: DebugClient, args: Record<string, unknown>, configure: () => Promise<unknown> = async () => undefined): Promise<void> {
  const initialized = client.waitForEvent('initialized', WAIT_MS);
  await client.initializeRequest({ adapterID: 'weft', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsRunInTerminalRequest: false });
  const launched = client.launchRequest({ virtualTime: true, ...args } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await configure();
  await client.configurationDoneRequest();
  await launched;
}

export async function topFrame(client: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const trace = await client.stackTraceRequest({ threadId });
  const frame = trace.body.stackFrames[0];
  if (!frame) throw new Error(`thread ${threadId} has no frames`);
  return frame;
}

/** The variables of the named scope of a frame, as name -> shown value. */
export async function scopeVariables(client: DebugClient, frameId: number, scopeName: string): Promise<Record<string, string>> {
  const scopes = await client.scopesRequest({ frameId });
  const scope = scopes.body.scopes.find(s => s.name === scopeName);
  if (!scope) throw new Error(`no scope '${scopeName}' (have ${scopes.body.scopes.map(s => s.name).join(', ')})`);
  const vars = await client.variablesRequest({ variablesReference: scope.variablesReference });
  return Object.fromEntries(vars.body.variables.map(v => [v.name, v.value]));
}

/** Sends a request that makes the adapter stop and returns the stopped event. */
export async function untilStopped(client: DebugClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = client.waitForEvent('stopped', WAIT_MS);
  await request();
  return await stopped as DebugProtocol.StoppedEvent;
}
