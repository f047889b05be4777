// `weft serve` — who may do what. Callers present a bearer token; each token has a name (the
// actor its actions are journaled as, `api:<name>`) and roles:
//   read     list workflows and runs, read a run
//   trigger  start runs (webhook routes, `POST /workflows/:name/runs`) and deliver events
//   operate  approve or reject, pause, resume, cancel, retry, skip, set a variable of a run
//   delete   delete an ended run with its sub-runs and journals (its audit trail goes with it)
// Tokens come from a JSON file (`--tokens file.json`: [{ name, token, roles }]) or, for one
// token with every role, `WEFT_SERVE_TOKEN`. Without any, the server answers everyone, and it
// refuses to start so unless it listens on a loopback address only.
// A webhook sender that cannot send a bearer token (GitHub, Gitea and their like sign the body
// instead) gets an entry with `hmacSecret` in place of `token`: a request is that caller when it
// carries `X-Hub-Signature-256: sha256=<hex>` (or `X-Weft-Signature-256`), the HMAC-SHA256 of
// its exact body under that secret. `"signedAs": "stripe"` or `"slack"` takes those senders'
// timestamped signatures instead (`Stripe-Signature: t=<s>,v1=<hex>` over `<t>.<body>`;
// `X-Slack-Signature: v0=<hex>` over `v0:<X-Slack-Request-Timestamp>:<body>`), refused when the
// timestamp is more than 5 minutes from the server's clock (a replayed request).
// Requests are compared with digests; the values are kept only to be masked (`credentials()`)
// in the server's output and the runs it carries, and errors about the file never show them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { SecretMasker } from '../../runtime/secrets/secret-masker.js';

export const ROLES = ['read', 'trigger', 'operate', 'delete'] as const;
export type Role = (typeof ROLES)[number];

/** How a signing sender signs its bodies (`signedAs` of a token file entry). */
export const SIGNING = ['sha256', 'stripe', 'slack'] as const;
export type Signing = (typeof SIGNING)[number];

/** How far a timestamped signature's time may be from the server's clock (Stripe's and Slack's own default). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** Who made a request, once their token is known. */
export interface Caller {
  name: string;
  roles: ReadonlySet<Role>;
  /** How its request was signed, when a signed body identified it (not a bearer token). */
  signedAs?: Signing;
}

/** A token file or variable that cannot be used: the server does not start. */
export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

interface TokenEntry {
  name: string;
  /** A bearer token's SHA-256 digest (the token itself is not kept)… */
  digest?: Buffer;
  /** …or the secret a sender signs request bodies with, and how it signs. */
  hmacSecret?: Buffer;
  signedAs?: Signing;
  roles: ReadonlySet<Role>;
}

/** What a request presents: its `Authorization` header, its signature headers and its exact body. */
export interface Credentials {
  authorization: string | undefined;
  /** `X-Weft-Signature-256` or `X-Hub-Signature-256`. */
  signature: string | undefined;
  /** `Stripe-Signature`. */
  stripeSignature?: string | undefined;
  /** `X-Slack-Signature` and `X-Slack-Request-Timestamp`. */
  slackSignature?: string | undefined;
  slackTimestamp?: string | undefined;
  body: Buffer;
  /** The server's clock (ms), for timestamped signatures. */
  now?: number;
}

/** The headers a signed webhook carries its body's HMAC-SHA256 in (`sha256=<hex>`), in the order looked at. */
export const SIGNATURE_HEADERS = ['x-weft-signature-256', 'x-hub-signature-256'] as const;

/** The caller every request is when no token is configured (loopback only). */
const ANYONE: Caller = { name: 'anonymous', roles: new Set(ROLES) };

export class Access {
  private constructor(private readonly tokens: readonly TokenEntry[], private readonly values: readonly string[] = []) {}

  /** No tokens: everyone may do everything (the server allows this on loopback only). */
  static open(): Access {
    return new Access([]);
  }

  /**
   * From `[{ name, token, roles }]`; throws `AccessConfigError` naming what is wrong, with every
   * token and signing secret of the entries masked (a token put where a name goes is echoed).
   */
  static fromEntries(entries: unknown, where: string): Access {
    if (!Array.isArray(entries) || entries.length === 0) throw new AccessConfigError(`${where}: expected a non-empty JSON array of { "name", "token", "roles" }`);
    const values = entries.flatMap((e: unknown) => {
      const { token, hmacSecret } = (e ?? {}) as Record<string, unknown>;
      return [token, hmacSecret].filter((v): v is string => typeof v === 'string' && v !== '');
    });
    try {
      return new Access(Access.entriesOf(entries, where), values);
    } catch (err) {
      if (!(err instanceof AccessConfigError)) throw err;
      throw new AccessConfigError(new SecretMasker(values).mask(err.message));
    }
  }

  private static entriesOf(entries: unknown[], where: string): TokenEntry[] {
    const tokens: TokenEntry[] = [];
    const names = new Set<string>();
    entries.forEach((e: unknown, i) => {
      const at = `${where}: entry ${i + 1}`;
      if (e === null || typeof e !== 'object') throw new AccessConfigError(`${at} is not an object`);
      const { name, token, hmacSecret, roles, signedAs } = e as Record<string, unknown>;
      if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw new AccessConfigError(`${at}: "name" must be letters, digits, '.', '_' or '-'`);
      if (names.has(name)) throw new AccessConfigError(`${at}: the name '${name}' is used twice`);
      if ((token === undefined) === (hmacSecret === undefined)) throw new AccessConfigError(`${at} ('${name}'): give either "token" or "hmacSecret"`);
      const secret = token ?? hmacSecret;
      if (typeof secret !== 'string' || secret.length < 16) throw new AccessConfigError(`${at} ('${name}'): "${token !== undefined ? 'token' : 'hmacSecret'}" must be a string of at least 16 characters`);
      if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) throw new AccessConfigError(`${at} ('${name}'): "roles" must be a list of ${ROLES.map((r) => `"${r}"`).join(', ')}`);
      if (signedAs !== undefined && (hmacSecret === undefined || !SIGNING.includes(signedAs as Signing))) {
        throw new AccessConfigError(`${at} ('${name}'): "signedAs" goes with "hmacSecret" and is one of ${SIGNING.map((x) => `"${x}"`).join(', ')}`);
      }
      names.add(name);
      const entry: TokenEntry = token !== undefined
        ? { name, digest: digest(secret), roles: new Set(roles as Role[]) }
        : { name, hmacSecret: Buffer.from(secret, 'utf8'), signedAs: (signedAs as Signing | undefined) ?? 'sha256', roles: new Set(roles as Role[]) };
      tokens.push(entry);
    });
    return tokens;
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
        throw new AccessConfigError(`the token file ${tokensFile} is not JSON: ${jsonProblem(text, err as Error)}`);
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

  /** The bearer tokens and signing secrets, for the masker of the server's output and runs; never shown. */
  credentials(): readonly string[] {
    return this.values;
  }

  /**
   * The caller a request's credentials name: a bearer token, else a body signature; undefined
   * when they name nobody. Every entry of the kind is compared, in constant time, whatever matches.
   */
  caller(credentials: Credentials): Caller | undefined {
    if (this.isOpen) return ANYONE;
    let found: TokenEntry | undefined;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '');
    if (bearer) {
      const given = digest(bearer[1]!);
      for (const t of this.tokens) if (t.digest !== undefined && timingSafeEqual(t.digest, given) && found === undefined) found = t;
    } else {
      for (const t of this.tokens) {
        if (t.hmacSecret === undefined) continue;
        if (signedBy(t.hmacSecret, t.signedAs ?? 'sha256', credentials) && found === undefined) found = t;
      }
    }
    if (!found) return undefined;
    return found.signedAs !== undefined ? { name: found.name, roles: found.roles, signedAs: found.signedAs } : { name: found.name, roles: found.roles };
  }
}

/** Whether `credentials` carry a signature of the body under `secret`, as `signing` signs. */
function signedBy(secret: Buffer, signing: Signing, credentials: Credentials): boolean {
  const hmac = (text: Buffer) => createHmac('sha256', secret).update(text).digest();
  const same = (expected: Buffer, hex: string) => /^[0-9a-f]{64}$/i.test(hex) && timingSafeEqual(expected, Buffer.from(hex, 'hex'));
  const fresh = (seconds: string) => /^\d{1,12}$/.test(seconds) && Math.abs((credentials.now ?? Date.now()) - Number(seconds) * 1000) <= SIGNATURE_TOLERANCE_MS;
  if (signing === 'sha256') {
    const signed = /^sha256=(\S+)$/i.exec(credentials.signature?.trim() ?? '');
    return signed !== null && same(hmac(credentials.body), signed[1]!);
  }
  if (signing === 'stripe') {
    // `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (several v1 while a secret is being rolled).
    const parts = (credentials.stripeSignature ?? '').split(',').map((p) => p.trim().split('='));
    const t = parts.find(([k]) => k === 't')?.[1];
    if (t === undefined || !fresh(t)) return false;
    const expected = hmac(Buffer.concat([Buffer.from(`${t}.`, 'utf8'), credentials.body]));
    return parts.filter(([k]) => k === 'v1').some(([, v]) => v !== undefined && same(expected, v));
  }
  const ts = credentials.slackTimestamp?.trim() ?? '';
  const signed = /^v0=(\S+)$/.exec(credentials.slackSignature?.trim() ?? '');
  if (signed === null || !fresh(ts)) return false;
  return same(hmac(Buffer.concat([Buffer.from(`v0:${ts}:`, 'utf8'), credentials.body])), signed[1]!);
}

/**
 * What is wrong with a token file that is not JSON, and where, without its text: V8's messages
 * quote the text around an unexpected token (`…"token":tok-secret-"…`), which may be a token.
 */
function jsonProblem(text: string, err: Error): string {
  const at = / in JSON at position (\d+)/.exec(err.message);
  if (at === null) return /^Unexpected end/.test(err.message) ? 'it ends too early' : 'an unexpected character (its text is not shown: it may hold a token)';
  const before = text.slice(0, Number(at[1])).split('\n');
  return `${err.message.slice(0, at.index)} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
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
