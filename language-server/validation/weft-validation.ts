// Registers every Weft validation check (one class per concern in this folder) with Langium's
// ValidationRegistry. The checks only read the AST and the type inferrer; they never throw on
// broken input (missing parts of a half-typed file are skipped).
import type { ValidationCheck, ValidationChecks } from 'langium';
import { isOperationCancelled } from 'langium';
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
    for (const group of groups) registry.register(guarded(group.checks()), group);
}

/**
 * Each check wrapped so that one that stumbles on a half-typed file loses only its own
 * diagnostics instead of aborting every check after it (Langium stops the whole pass).
 */
function guarded(checks: ValidationChecks<WeftAstType>): ValidationChecks<WeftAstType> {
    const result: Record<string, ValidationCheck> = {};
    for (const [type, check] of Object.entries(checks as Record<string, ValidationCheck | undefined>)) {
        if (!check) continue;
        result[type] = function (this: unknown, node, accept, token) {
            try {
                return check.call(this, node, accept, token);
            } catch (error) {
                if (isOperationCancelled(error)) throw error;
                console.error(`Weft validation: the ${type} check failed:`, error);
                return undefined;
            }
        };
    }
    return result as ValidationChecks<WeftAstType>;
}
