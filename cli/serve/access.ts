// `weft serve` — who may do what. Callers present a bearer token; each token has a name (the
// actor its actions are journaled as, `api:<name>`) and roles:
//   read     list workflows and runs, read a run
//   trigger  start runs (webhook routes, `POST /workflows/:name/runs`) and deliver events
//   operate  approve or reject, pause, resume, cancel a run
// Tokens come from a JSON file (`--tokens file.json`: [{ name, token, roles }]) or, for one
// token with every role, `WEFT_SERVE_TOKEN`. Without any, the server answers everyone, and it
// refuses to start so unless it listens on a loopback address only.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export const ROLES = ['read', 'trigger', 'operate'] as const;
export type Role = (typeof ROLES)[number];

/** Who made a request, once their token is known. */
export interface Caller {
  name: string;
  roles: ReadonlySet<Role>;
}

/** A token file or variable that cannot be used: the server does not start. */
export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

interface TokenEntry {
  name: string;
  digest: Buffer;
  roles: ReadonlySet<Role>;
}

/** The caller every request is when no token is configured (loopback only). */
const ANYONE: Caller = { name: 'anonymous', roles: new Set(ROLES) };

export class Access {
  private constructor(private readonly tokens: readonly TokenEntry[]) {}

  /** No tokens: everyone may do everything (the server allows this on loopback only). */
  static open(): Access {
    return new Access([]);
  }

  /** From `[{ name, token, roles }]`; throws `AccessConfigError` naming what is wrong. */
  static fromEntries(entries: unknown, where: string): Access {
    if (!Array.isArray(entries) || entries.length === 0) throw new AccessConfigError(`${where}: expected a non-empty JSON array of { "name", "token", "roles" }`);
    const tokens: TokenEntry[] = [];
    const names = new Set<string>();
    entries.forEach((e: unknown, i) => {
      const at = `${where}: entry ${i + 1}`;
      if (e === null || typeof e !== 'object') throw new AccessConfigError(`${at} is not an object`);
      const { name, token, roles } = e as Record<string, unknown>;
      if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw new AccessConfigError(`${at}: "name" must be letters, digits, '.', '_' or '-'`);
      if (names.has(name)) throw new AccessConfigError(`${at}: the name '${name}' is used twice`);
      if (typeof token !== 'string' || token.length < 16) throw new AccessConfigError(`${at} ('${name}'): "token" must be a string of at least 16 characters`);
      if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) throw new AccessConfigError(`${at} ('${name}'): "roles" must be a list of ${ROLES.map((r) => `"${r}"`).join(', ')}`);
      names.add(name);
      tokens.push({ name, digest: digest(token), roles: new Set(roles as Role[]) });
    });
    return new Access(tokens);
  }

  /** The token file (`--tokens`), else `WEFT_SERVE_TOKEN`, else open access. */
  static configured(tokensFile: string | undefined, environment: Readonly<Record<string, string | undefined>>): Access {
    if (tokensFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(tokensFile, 'utf8');
      } catch (err) {
        throw new AccessConfigError(`cannot read the token file ${tokensFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new AccessConfigError(`the token file ${tokensFile} is not JSON: ${(err as Error).message}`);
      }
      return Access.fromEntries(parsed, tokensFile);
    }
    const single = environment.WEFT_SERVE_TOKEN;
    if (single !== undefined && single !== '') return Access.fromEntries([{ name: 'default', token: single, roles: [...ROLES] }], 'WEFT_SERVE_TOKEN');
    return Access.open();
  }

  get isOpen(): boolean {
    return this.tokens.length === 0;
  }

  /**
   * The caller of a request with this `Authorization` header: undefined when the header is
   * missing or names no token (every token is compared, in constant time, whatever matches).
   */
  caller(authorization: string | undefined): Caller | undefined {
    if (this.isOpen) return ANYONE;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const given = digest(m[1]!);
    let found: TokenEntry | undefined;
    for (const t of this.tokens) if (timingSafeEqual(t.digest, given) && found === undefined) found = t;
    return found && { name: found.name, roles: found.roles };
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether `host` names only this machine (the only place an open server may listen). */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
