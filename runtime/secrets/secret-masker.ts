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
    this.secrets.add(secret);
    // The forms a value takes inside JSON text and inside a URL.
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
    let encoded: string | undefined;
    try { encoded = encodeURIComponent(secret); } catch { /* a lone surrogate has no URL form */ }
    if (encoded !== undefined) {
      this.secrets.add(encoded);
      this.secrets.add(encoded.replace(/%20/g, '+'));
    }
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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeString(value: unknown): string {
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}
