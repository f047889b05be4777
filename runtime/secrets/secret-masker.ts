// Runtime secrets — replaces every secret value with `•••` in text and deep in JSON values
// (keys included). The engine passes everything bound for the journal, logs, errors, results
// and the debugger through one masker per run. It must never log or return what it masks.

export const SECRET_MASK = '•••';

export interface MaskedError {
  name: string;
  message: string;
  stack?: string;
}

export class SecretMasker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.addForms(s);
    this.rebuild();
  }

  /** Adds a secret value (and its escaped forms); empty strings are ignored. */
  add(secret: string): void {
    this.addForms(secret);
    this.rebuild();
  }

  /** Whether any secret is registered. */
  get active(): boolean {
    return this.pattern !== null;
  }

  /** Whether `text` contains a secret value in any of the masked forms. */
  reveals(text: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  /** `text` with every occurrence of a secret replaced by `•••`. */
  mask(text: string): string {
    if (!this.pattern) return text;
    this.pattern.lastIndex = 0;
    return text.replace(this.pattern, SECRET_MASK);
  }

  /** A copy of a JSON-like value with every string (and object key) masked; other values as is. */
  maskValue<T>(value: T): T {
    if (!this.pattern) return value;
    return this.maskDeep(value, new WeakMap()) as T;
  }

  /** An error's name, message and stack, masked; the original error is left untouched. */
  maskError(error: unknown): MaskedError {
    if (error instanceof Error) {
      const out: MaskedError = { name: this.mask(error.name), message: this.mask(error.message) };
      if (error.stack) out.stack = this.mask(error.stack);
      return out;
    }
    return { name: 'Error', message: this.mask(typeof error === 'string' ? error : safeString(error)) };
  }

  private addForms(secret: string): void {
    if (typeof secret !== 'string' || secret === '') return;
    this.addEncodings(secret);
    // fetch strips leading and trailing HTTP whitespace from header values, so a secret read
    // with a trailing newline (a mounted secret file) goes out, and is echoed back, trimmed.
    const trimmed = secret.replace(HTTP_WHITESPACE_ENDS, '');
    if (trimmed !== secret && trimmed !== '') this.addEncodings(trimmed);
  }

  /** The value and the forms Weft itself turns it into: inside JSON text, a URL and a form body. */
  private addEncodings(secret: string): void {
    this.secrets.add(secret);
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
    let encoded: string | undefined;
    try { encoded = encodeURIComponent(secret); } catch { /* a lone surrogate has no URL form */ }
    if (encoded !== undefined) {
      this.secrets.add(encoded);
      this.secrets.add(encoded.replace(/%20/g, '+'));
    }
    // application/x-www-form-urlencoded (form bodies, `query` values): URLSearchParams also
    // escapes ' ! ( ) ~, which encodeURIComponent leaves alone (a lone surrogate becomes U+FFFD).
    this.secrets.add(new URLSearchParams([['', secret]]).toString().slice(1));
    for (const form of urlForms(secret)) this.secrets.add(form);
  }

  private rebuild(): void {
    const forms = [...this.secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
    this.pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;
  }

  private maskDeep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (typeof value !== 'object' || value === null) return value;
    const prior = seen.get(value);
    if (prior !== undefined) return prior;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.maskDeep(item, seen));
      return out;
    }
    if (value instanceof Error) return this.maskError(value);
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[this.mask(k)] = this.maskDeep(v, seen);
    return out;
  }
}

/** What fetch trims from the ends of a header value (tab, line feed, carriage return, space). */
const HTTP_WHITESPACE_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** Characters no URL position escapes (RFC 3986 "unreserved"). */
const UNRESERVED = /^[\w.~-]*$/;

/** URLs with an empty path, query and fragment, to ask the URL parser what it makes of a secret in each. */
const URL_POSITIONS = ['http://h/', 'http://h/?', 'http://h/#'];

/**
 * The forms the WHATWG URL parser gives `secret` joined into URL text (`"https://h/x?key=" + k`,
 * then fetch, an error or an echo shows the parsed URL): it escapes less than encodeURIComponent
 * (it keeps `/ ? : @ ! $ …`) and differently in the path, the query and the fragment, so each form
 * is taken from the parser. The secret is followed by more text (`_`): at the URL's very end the
 * parser only drops more (trailing spaces, a final dot segment). A form the parser made shorter
 * (a dot segment removed, a tab dropped) is no longer the secret and may be common text: left out.
 */
function urlForms(secret: string): string[] {
  // Most keys and tokens: nothing to ask the parser (a few µs a parse, once per run).
  if (UNRESERVED.test(secret)) return [];
  const forms: string[] = [];
  for (const prefix of URL_POSITIONS) {
    let href: string;
    try { href = new URL(`${prefix}${secret}_`).href; } catch { continue; }
    if (!href.startsWith(prefix) || !href.endsWith('_')) continue;
    const form = href.slice(prefix.length, -1);
    if (form.length >= secret.length) forms.push(form);
  }
  return forms;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeString(value: unknown): string {
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}
