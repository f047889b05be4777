// The identity of a compiled bundle: sha256 of its canonical JSON (object keys sorted, no
// whitespace, `undefined` members dropped, source ranges included), without its `hash` field.
// A run stores this hash with its bundle; equal hashes mean the same definition.
import { createHash } from 'node:crypto';
import type { WorkflowBundle } from './workflow-definition.js';

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(value: unknown): string {
    if (value === null || typeof value !== 'object') {
        const text = JSON.stringify(value);
        return text === undefined ? 'null' : text;
    }
    if (Array.isArray(value)) return `[${value.map(v => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
    const entries = Object.keys(value as Record<string, unknown>)
        .filter(k => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map(k => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
}

/** sha256 (hex) of the bundle's canonical JSON without its `hash`. */
export function bundleHash(bundle: WorkflowBundle): string {
    const { hash: _ignored, ...rest } = bundle;
    return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The bundle with its `hash` set. */
export function withBundleHash(bundle: WorkflowBundle): WorkflowBundle {
    return { ...bundle, hash: bundleHash(bundle) };
}
