// Runtime types — public surface: value checking against TypeRefs and JSON Schema conversion.
export { checkValue, describeType, durationsAsMs, DURATION_FORMS, formatValueTypeErrors, jsonKind, type CheckOptions, type ValueTypeError } from './check-value.js';
export { toJsonSchema, type JsonSchema, type JsonSchemaOptions, type JsonSchemaResult } from './json-schema.js';
export { assignmentTypeError, AssignmentTypeError, VALUE_TYPE_ERROR } from './assignment-check.js';
