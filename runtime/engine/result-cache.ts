// Engine — the result cache behind `cache for d [key expr]`: results by workflow, node and key,
// each valid until its expiry on the engine's clock. Shared by the runs of one engine; results
// are stored as the journal records them (masked), never secrets.

export interface ResultCache {
  get(key: string, now: number): { value: unknown } | undefined;
  set(key: string, value: unknown, expiresAt: number): void;
}

export class MemoryResultCache implements ResultCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  get(key: string, now: number): { value: unknown } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: e.value };
  }

  set(key: string, value: unknown, expiresAt: number): void {
    this.entries.set(key, { value, expiresAt });
  }
}
