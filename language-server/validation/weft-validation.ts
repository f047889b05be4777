// Registers every Weft validation check (one class per concern in this folder) with Langium's
// ValidationRegistry. The checks only read the AST and the type inferrer; they never throw on
// broken input (missing parts of a half-typed file are skipped).
import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { CompensationChecks } from './compensation-checks.js';
import { ContextTypeChecks } from './context-type-checks.js';
import { ExpressionChecks } from './expression-checks.js';
import { GraphChecks } from './graph-checks.js';
import { ImportChecks } from './import-checks.js';
import { NameChecks } from './name-checks.js';
import { OptionChecks } from './option-checks.js';
import { RetryChecks } from './retry-checks.js';
import { SecretChecks } from './secret-checks.js';
import { SubworkflowChecks } from './subworkflow-checks.js';

export function registerWeftValidationChecks(services: WeftServices): void {
    const registry = services.validation.ValidationRegistry;
    const groups: Array<{ checks(): ValidationChecks<WeftAstType> }> = [
        new NameChecks(services),
        new ImportChecks(services),
        new ExpressionChecks(services),
        new ContextTypeChecks(services),
        new SubworkflowChecks(services),
        new GraphChecks(),
        new CompensationChecks(),
        new RetryChecks(),
        new SecretChecks(),
        new OptionChecks(),
    ];
    for (const group of groups) registry.register(group.checks(), group);
}
