// Runtime expressions — public surface: the evaluator, its error, value helpers and the stdlib.
export { evaluate, type EvaluationEnvironment } from './evaluate.js';
export { ExpressionError, formatRange } from './expression-error.js';
export { deepEqual, stringify, truthy, typeName } from './values.js';
export { STDLIB, findStdlibFunction, type StdlibCategory, type StdlibFunction, type StdlibParam } from './stdlib/index.js';
export { parseDuration, toTime } from './stdlib/time-functions.js';
