// Runtime types — checks a JSON value against a Weft `TypeRef` (LANGUAGE.md §2) and reports
// every mismatch with its path (`items[2].qty: expected number, got string`). Used for run
// inputs, AI `returns` and sub-workflow inputs. Messages name types, never values.
import type { TypeDefinition, TypeRef } from '../ir/type-ref.js';
import { parseDuration } from '../expressions/stdlib/time-functions.js';

export interface ValueTypeError {
  /** `items[2].qty`; empty for the value itself. */
  path: string;
  message: string;
}

export interface CheckOptions {
  /** Reject object fields the type does not declare (default false: types are structural). */
  rejectExtraFields?: boolean;
  /** Stop after this many errors (default 20). */
  maxErrors?: number;
  /** The value was given from outside, where a duration may be text (`durationsAsMs`): the message says so. */
  durationText?: boolean;
}

/** The forms a duration given from outside takes (`weft run --input`, `weft set`). */
export const DURATION_FORMS = 'milliseconds, or a string such as "250ms", "5s", "2m" or "1h30m"';

/**
 * `value` with each duration given as text (`"5s"`, `"1h30m"`: the language's duration literals,
 * read by `parseDuration`) turned into the milliseconds a duration is, where `type` has one.
 * Text that is no duration is left as it is, for `checkValue` to report. Unions other than `T?`
 * are left alone (which member a string meant is not known).
 */
export function durationsAsMs(value: unknown, type: TypeRef, types: Record<string, TypeDefinition> = {}, depth = 0): unknown {
  if (depth > 64) return value;
  switch (type.kind) {
    case 'duration':
      if (typeof value !== 'string') return value;
      try {
        return parseDuration(value);
      } catch {
        return value;
      }
    case 'optional': return value === null || value === undefined ? value : durationsAsMs(value, type.of, types, depth + 1);
    case 'list': return Array.isArray(value) ? value.map((v) => durationsAsMs(v, type.of, types, depth + 1)) : value;
    case 'map':
      return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, durationsAsMs(v, type.of, types, depth + 1)])) : value;
    case 'object': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, unknown> = { ...value };
      for (const f of type.fields) if (Object.hasOwn(value, f.name)) out[f.name] = durationsAsMs(value[f.name], f.type, types, depth + 1);
      return out;
    }
    case 'named': {
      const def = types[type.name];
      return def ? durationsAsMs(value, def.type, types, depth + 1) : value;
    }
    default: return value;
  }
}

/** Every mismatch of `value` against `type`; an empty list when it conforms. */
export function checkValue(
  value: unknown,
  type: TypeRef,
  types: Record<string, TypeDefinition> = {},
  options: CheckOptions = {},
): ValueTypeError[] {
  const errors: ValueTypeError[] = [];
  const max = options.maxErrors ?? 20;
  check(value, type, '', { types, errors, max, strict: options.rejectExtraFields ?? false, depth: 0, durationText: options.durationText ?? false });
  return errors;
}

/** `items[2].qty: expected number, got string` lines, one per error. */
export function formatValueTypeErrors(errors: ValueTypeError[], root = ''): string {
  return errors.map((e) => {
    const path = root && e.path ? `${root}${e.path.startsWith('[') ? '' : '.'}${e.path}` : root || e.path;
    return path ? `${path}: ${e.message}` : e.message;
  }).join('\n');
}

interface State {
  types: Record<string, TypeDefinition>;
  errors: ValueTypeError[];
  max: number;
  strict: boolean;
  depth: number;
  durationText: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function join(path: string, field: string): string {
  if (!IDENT.test(field)) return `${path}[${JSON.stringify(field)}]`;
  return path ? `${path}.${field}` : field;
}

/** The JSON kind of a value, in Weft words. */
export function jsonKind(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number';
  return typeof value;
}

/** A type as the user wrote it: `list<Item>`, `"low" | "high"`, `string?`. */
export function describeType(type: TypeRef): string {
  switch (type.kind) {
    case 'literal': return JSON.stringify(type.value);
    case 'list': return `list<${describeType(type.of)}>`;
    case 'map': return `map<${describeType(type.of)}>`;
    case 'optional': return `${describeType(type.of)}?`;
    case 'union': return type.options.map(describeType).join(' | ');
    case 'object': return `{ ${type.fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${describeType(f.type)}`).join(', ')} }`;
    case 'named': return type.name;
    default: return type.kind;
  }
}

function push(s: State, path: string, message: string): void {
  if (s.errors.length < s.max) s.errors.push({ path, message });
}

function mismatch(s: State, path: string, type: TypeRef, value: unknown): void {
  push(s, path, `expected ${describeType(type)}, got ${jsonKind(value)}`);
}

function check(value: unknown, type: TypeRef, path: string, s: State): void {
  if (s.errors.length >= s.max) return;
  switch (type.kind) {
    case 'any': return;
    case 'string': if (typeof value !== 'string') mismatch(s, path, type, value); return;
    case 'boolean': if (typeof value !== 'boolean') mismatch(s, path, type, value); return;
    case 'number': if (typeof value !== 'number' || !Number.isFinite(value)) mismatch(s, path, type, value); return;
    case 'duration':
    case 'size':
      if (type.kind === 'duration' && s.durationText && (typeof value !== 'number' || !Number.isFinite(value))) {
        push(s, path, `expected duration (${DURATION_FORMS}), got ${typeof value === 'string' ? 'a string that is none of these' : jsonKind(value)}`);
      } else if (typeof value !== 'number' || !Number.isFinite(value)) mismatch(s, path, type, value);
      else if (value < 0) push(s, path, `expected ${type.kind} (${type.kind === 'size' ? 'bytes' : 'milliseconds'}), got a negative number`);
      return;
    case 'null': if (value !== null && value !== undefined) mismatch(s, path, type, value); return;
    case 'literal':
      if (value !== type.value) {
        push(s, path, typeof value === 'string' ? `expected ${describeType(type)}, got a different string` : `expected ${describeType(type)}, got ${jsonKind(value)}`);
      }
      return;
    case 'optional':
      if (value !== null && value !== undefined) check(value, type.of, path, s);
      return;
    case 'list':
      if (!Array.isArray(value)) { mismatch(s, path, type, value); return; }
      for (let i = 0; i < value.length && s.errors.length < s.max; i++) check(value[i], type.of, `${path}[${i}]`, s);
      return;
    case 'map':
      if (!isPlainObject(value)) { mismatch(s, path, type, value); return; }
      for (const [k, v] of Object.entries(value)) check(v, type.of, join(path, k), s);
      return;
    case 'object': {
      if (!isPlainObject(value)) { mismatch(s, path, type, value); return; }
      for (const f of type.fields) {
        const v = Object.hasOwn(value, f.name) ? value[f.name] : undefined;
        if (v === undefined || v === null) {
          if (!f.optional && !acceptsNull(f.type, s)) {
            push(s, join(path, f.name), v === undefined ? `missing required field of type ${describeType(f.type)}` : `expected ${describeType(f.type)}, got null`);
          }
          continue;
        }
        check(v, f.type, join(path, f.name), s);
      }
      if (s.strict) {
        const known = new Set(type.fields.map((f) => f.name));
        for (const k of Object.keys(value)) if (!known.has(k)) push(s, join(path, k), 'unexpected field');
      }
      return;
    }
    case 'union': return checkUnion(value, type, path, s);
    case 'named': {
      const def = s.types[type.name];
      if (!def) { push(s, path, `unknown type ${type.name}`); return; }
      if (s.depth > 64) { push(s, path, `type ${type.name} nests too deeply`); return; }
      if (!sameShape(value, def.type, s) && ['object', 'map', 'list'].includes(def.type.kind)) { mismatch(s, path, type, value); return; }
      s.depth++;
      check(value, def.type, path, s);
      s.depth--;
      return;
    }
  }
}

function acceptsNull(type: TypeRef, s: State): boolean {
  if (type.kind === 'optional' || type.kind === 'null' || type.kind === 'any') return true;
  if (type.kind === 'union') return type.options.some((o) => acceptsNull(o, s));
  if (type.kind === 'named') { const d = s.types[type.name]; return d ? acceptsNull(d.type, { ...s, depth: s.depth + 1 }) && s.depth < 64 : false; }
  return false;
}

/** Matches if any option matches; otherwise reports the errors of the one closest in shape. */
function checkUnion(value: unknown, type: Extract<TypeRef, { kind: 'union' }>, path: string, s: State): void {
  let best: ValueTypeError[] | undefined;
  for (const option of type.options) {
    const trial: State = { ...s, errors: [], max: s.max };
    check(value, option, path, trial);
    if (trial.errors.length === 0) return;
    if (sameShape(value, option, s) && (!best || trial.errors.length < best.length)) best = trial.errors;
  }
  if (best) for (const e of best) push(s, e.path, e.message);
  else mismatch(s, path, type, value);
}

/** Whether a value has the outer shape of the type (object for object, list for list…). */
function sameShape(value: unknown, type: TypeRef, s: State): boolean {
  const kind = jsonKind(value);
  switch (type.kind) {
    case 'object': case 'map': return kind === 'object';
    case 'list': return kind === 'list';
    case 'named': { const d = s.types[type.name]; return d ? sameShape(value, d.type, s) : false; }
    case 'optional': return sameShape(value, type.of, s);
    default: return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
