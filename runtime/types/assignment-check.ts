// Runtime types — the run-time check of a `set` into a typed `var` or `output` whose value the
// compiler could not prove (IR `Assignment.check`): the engine fails the assigning node with the
// error below, routable as `on ValueTypeError`. The message names types and kinds, never the
// value, which may hold something sensitive (as the checks of run inputs do).
import type { TypeDefinition, TypeRef } from '../ir/type-ref.js';
import { checkValue, describeType, formatValueTypeErrors, type ValueTypeError } from './check-value.js';

/** The error name an `on` edge routes: `A -> B on ValueTypeError`. */
export const VALUE_TYPE_ERROR = 'ValueTypeError';

/** A value set to a typed `var` or `output` that does not meet its declared type. */
export class AssignmentTypeError extends Error {
  override readonly name = VALUE_TYPE_ERROR;
}

/** Mismatches named in one line: three at most, then how many more. */
const SHOWN = 3;

/**
 * Undefined when `value` meets `type`, else the error to fail the node with. Null is taken: it
 * is what a `var` or `output` holds before anything sets it (as `setVariable` and `skip` take
 * it); nested nulls are checked (a required field must be there). Durations are milliseconds
 * here (in-run values), not text as they may be when given from outside.
 */
export function assignmentTypeError(
  target: string,
  role: 'var' | 'output',
  type: TypeRef,
  value: unknown,
  types: Readonly<Record<string, TypeDefinition>>,
): AssignmentTypeError | undefined {
  const wrong = mismatches(type, value, types);
  return wrong === undefined ? undefined : new AssignmentTypeError(`${role} '${target}' is declared ${describeType(type)}; the value set to it is not: ${wrong}`);
}

/**
 * Undefined when the initial value of a typed `var` (or the default of an input) meets its
 * declared type, else the problem that stops the run from starting. Null is taken, as above.
 */
export function initialValueTypeError(
  name: string,
  role: 'var' | 'input',
  type: TypeRef,
  value: unknown,
  types: Readonly<Record<string, TypeDefinition>>,
): string | undefined {
  const wrong = mismatches(type, value, types);
  return wrong === undefined ? undefined : `${role} '${name}' is declared ${describeType(type)}; its ${role === 'var' ? 'initial value' : 'default'} is not: ${wrong}`;
}

/** Undefined when `value` is null or meets `type`, else where it differs, on one line. */
function mismatches(type: TypeRef, value: unknown, types: Readonly<Record<string, TypeDefinition>>): string | undefined {
  if (value === null || value === undefined) return undefined;
  const errors = checkValue(value, type, types as Record<string, TypeDefinition>, { maxErrors: SHOWN + 1 });
  return errors.length === 0 ? undefined : describe(errors);
}

/** The mismatches as the input checks say them (`formatValueTypeErrors`), on one line. */
function describe(errors: ValueTypeError[]): string {
  const shown = formatValueTypeErrors(errors.slice(0, SHOWN)).split('\n');
  if (errors.length > SHOWN) shown.push('and more');
  return shown.join('; ');
}
