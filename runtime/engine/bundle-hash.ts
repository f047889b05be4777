// Engine — the hash a run records for the bundle it started from: sha256 of the bundle's
// canonical JSON (object keys sorted, `hash` left out), so equal bundles hash equal wherever
// they were compiled. Used when the compiler did not already set `bundle.hash`.

import { createHash } from 'node:crypto';
import type { WorkflowBundle } from '../ir/index.js';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function bundleHash(bundle: WorkflowBundle): string {
  const { hash: _hash, ...rest } = bundle;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
