// Store — the marker beside a store that a server process carries (`<store>.serve.json`: pid,
// when it started, URL, how often it takes over runs left behind), so that no second process
// acts on its runs: its appends would race the server's. `weft serve` writes it once it listens
// and removes it when it stops. While a live process holds it, the CLI's controls and the
// editor's Runs view go through the server's API (`serve-client.ts`), and what has no
// counterpart there (`weft resume --all`, a second `weft serve`) refuses and names the server
// to use instead. A marker whose process is gone (a server killed with SIGKILL), or whose pid another
// process has since been given, is stale and ignored.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ownProcessStart, processLives } from './process-identity.js';

export interface ServeMarker {
  pid: number;
  /** When that process started, where the OS says (`process-identity.ts`): a later process given the same pid is not it. */
  pidStart?: string;
  url: string;
  startedAt: string;
  /** How often the server looks for runs left behind (`weft serve --adopt-every`); 0 or absent: only when it starts. */
  adoptEveryMs?: number;
}

export function markerFileFor(storeFile: string): string {
  return `${storeFile}.serve.json`;
}

/** Writes the marker of this process serving `storeFile` at `url` (looking for runs left behind every `adoptEveryMs`). */
export function writeServeMarker(storeFile: string, url: string, adoptEveryMs?: number): void {
  const marker: ServeMarker = { pid: process.pid, url, startedAt: new Date().toISOString() };
  if (adoptEveryMs) marker.adoptEveryMs = adoptEveryMs;
  const pidStart = ownProcessStart();
  if (pidStart !== undefined) marker.pidStart = pidStart;
  writeFileSync(markerFileFor(storeFile), JSON.stringify(marker) + '\n');
}

/** Removes this process's marker (another process's is left alone). */
export function removeServeMarker(storeFile: string): void {
  if (liveServer(storeFile)?.pid === process.pid) rmSync(markerFileFor(storeFile), { force: true });
}

/** The server whose live process serves `storeFile`, if one does. */
export function liveServer(storeFile: string): ServeMarker | undefined {
  let marker: ServeMarker;
  try {
    marker = JSON.parse(readFileSync(markerFileFor(storeFile), 'utf8')) as ServeMarker;
  } catch {
    return undefined;
  }
  if (typeof marker.pid !== 'number' || typeof marker.url !== 'string') return undefined;
  // Stale: its process is gone (a server killed with SIGKILL), or its pid is another process's now.
  if (!processLives(marker.pid, typeof marker.pidStart === 'string' ? marker.pidStart : undefined)) return undefined;
  return marker;
}

/** A command that would act on runs a live `weft serve` carries: it names the server to use. */
export class StoreServedError extends Error {
  override name = 'StoreServedError';
  constructor(storeFile: string, marker: ServeMarker) {
    super(`the store ${storeFile} is served by weft serve (pid ${marker.pid}) at ${marker.url}, which carries its runs: act on them through its API (for example POST ${marker.url}/runs/<runId>/approve), or stop that server first`);
  }
}

/** Throws `StoreServedError` when a live `weft serve` serves `storeFile`. */
export function refuseIfServed(storeFile: string): void {
  const marker = liveServer(storeFile);
  if (marker && marker.pid !== process.pid) throw new StoreServedError(storeFile, marker);
}
