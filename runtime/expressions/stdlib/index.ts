// Runtime expressions — the standard library as one table (LANGUAGE.md §5). The language
// server imports `STDLIB` for completion, hover and signature help; the evaluator calls
// `findStdlibFunction`. `env` is deliberately absent: it exists only in `secret … = env(…)`.
import { jsonFunctions } from './json-functions.js';
import { listFunctions } from './list-functions.js';
import { mapFunctions } from './map-functions.js';
import { mathFunctions } from './math-functions.js';
import type { StdlibFunction } from './stdlib-function.js';
import { stringFunctions } from './string-functions.js';
import { timeFunctions } from './time-functions.js';

export type { StdlibCategory, StdlibFunction, StdlibParam } from './stdlib-function.js';

export const STDLIB: readonly StdlibFunction[] = [
  ...stringFunctions, ...listFunctions, ...mapFunctions, ...mathFunctions, ...timeFunctions, ...jsonFunctions,
];

const byName = new Map<string, StdlibFunction>(STDLIB.map((f) => [f.name, f]));

export function findStdlibFunction(name: string): StdlibFunction | undefined {
  return byName.get(name);
}
