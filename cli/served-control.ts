// CLI — a control on a run of a store that a live `weft serve` serves goes through the server's
// API: the server carries the store's runs, and an engine beside it would race its appends
// (`runtime/store/serve-marker.ts`). The server applies the control, journaled as its caller
// (`api:<token name>`), and carries the run on; the command says so and how to follow the run.
// The CLI presents `WEFT_SERVE_TOKEN` as its bearer token when it is set (the token a server
// started with that variable accepts).
import type { CliIo } from './command.js';
import { ExitCode } from './command.js';
import { storeFileFor } from './run-store-option.js';
import { storeArgument } from './store-hint.js';
import { liveServer } from '../runtime/store/serve-marker.js';
import { askServer, type ServedRequest } from '../runtime/store/serve-client.js';

export interface ServedControl {
  request: ServedRequest;
  /** What the command says it did (`Approved 'check' of run …`), or how to say it from the server's answer. */
  said: string | ((answer: Record<string, unknown>) => string);
  /** The run to name in "follow it with weft watch" (none for an event). */
  runId?: string;
  /** The control ends the run (`cancel`): nothing to carry on or follow. */
  ends?: boolean;
  /** What else the answer calls for (an event some carrier did not take up: said on stderr, exit 1). */
  after?: (answer: Record<string, unknown>, io: CliIo) => number;
}

/**
 * Applies `control` through the live server that serves the command's store, if one does:
 * the exit code (0 done; 1 refused by the server, with its message, or no answer; 2 when the
 * server wants a token the CLI does not have), having printed what happened (`--json`: the
 * server's answer). Undefined, having done nothing, when no live server serves the store.
 */
export async function throughServer(command: string, values: Record<string, unknown>, cwd: string, io: CliIo, control: ServedControl): Promise<number | undefined> {
  if (values.memory === true) return undefined;
  const storeFile = storeFileFor(values, cwd);
  const server = liveServer(storeFile);
  if (server === undefined || server.pid === process.pid) return undefined;
  const token = process.env.WEFT_SERVE_TOKEN;
  const answer = await askServer(server, control.request, token);
  if (!answer.ok) {
    io.stderr(`weft ${command}: ${answer.message}${answer.auth ? (token ? ' (the token in WEFT_SERVE_TOKEN)' : ' (give the CLI a token with the operate role in WEFT_SERVE_TOKEN)') : ''}\n`);
    return answer.auth ? ExitCode.usage : 1;
  }
  if (values.json === true) io.stdout(JSON.stringify(answer.body, null, 2) + '\n');
  else {
    const said = typeof control.said === 'string' ? control.said : control.said(answer.body);
    const then = control.ends ? '' : `, which carries ${control.runId !== undefined ? `the run on; follow it with: weft watch ${control.runId}${storeArgument(values, cwd)}` : 'the runs on'}`;
    io.stdout(`${said} through weft serve at ${server.url}${then}\n`);
  }
  return control.after?.(answer.body, io) ?? ExitCode.ok;
}
