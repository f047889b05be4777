// IR — the one module other parts import the workflow contract from (type-only where possible).
export * from './source-range.js';
export * from './type-ref.js';
export * from './expression.js';
export * from './workflow-definition.js';
