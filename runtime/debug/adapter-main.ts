// Debug adapter — runs a `WeftDebugSession` over stdin/stdout (the standalone adapter process).
// The composition that supplies compiling and expression parsing calls this
// (`cli/debug-adapter.ts`, bundled to `dist/debug-adapter.cjs`); nothing here knows Langium.
import type { DebugServices } from './debug-services.js';
import { WeftDebugSession } from './weft-debug-session.js';

export function runDebugAdapterOnStdio(services: DebugServices): WeftDebugSession {
  const session = new WeftDebugSession(services);
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
  return session;
}
