// Performance: values derived from a document's links (its `references` list), kept until they
// may differ. Langium gives a document a new list when it unlinks it and appends to the list when
// a reference is linked later on demand (hover, completion), so the same list at the same length
// means the same links. Used by the relink rule (workspace/) and the secret checks (validation/).

export class LinkDerivedCache<K extends object, T> {
    private readonly entries = new WeakMap<K, { links: readonly unknown[]; linked: number; value: T }>();

    /** The value kept for `key` if `links` is still the list it was derived from, at the same length. */
    get(key: K, links: readonly unknown[]): T | undefined {
        const entry = this.entries.get(key);
        return entry && entry.links === links && entry.linked === links.length ? entry.value : undefined;
    }

    /** Keeps `value` for `key`, derived from `links` as they are now; returns it. */
    set(key: K, links: readonly unknown[], value: T): T {
        this.entries.set(key, { links, linked: links.length, value });
        return value;
    }
}
