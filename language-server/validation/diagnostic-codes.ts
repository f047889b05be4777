// The stable codes of every Weft diagnostic (docs/diagnostics.md lists them with examples and
// fixes), their severities, and the one helper checks report through so that every diagnostic
// carries its code both as `code` (shown) and in `data.code` (read by quick fixes).
import type { AstNode, DiagnosticInfo, ValidationAcceptor, ValidationSeverity } from 'langium';

export const WEFT_CODES = {
    'unknown-name': 'error',
    'invalid-set-target': 'error',
    'duplicate-name': 'error',
    'type-mismatch': 'error',
    'unknown-member': 'error',
    'unknown-function': 'error',
    'argument-count': 'error',
    'missing-input': 'error',
    'unknown-input': 'error',
    'lock-deadlock': 'error',
    'unreachable-node': 'warning',
    'no-path-to-end': 'warning',
    'join-never-fires': 'error',
    'join-count-exceeds-arrivals': 'error',
    'missing-otherwise': 'warning',
    'impossible-error-route': 'error',
    'invalid-edge': 'error',
    'retry-exceeds-timeout': 'warning',
    'compensate-not-task': 'error',
    'secret-leak': 'error',
    'invalid-secret': 'error',
    'import-cycle': 'error',
    'import-unresolved': 'error',
    'invalid-value': 'error',
    'invalid-schedule': 'error',
    'unknown-connector-action': 'error',
    'invalid-option': 'error',
    'duplicate-option': 'error',
    'missing-setting': 'error',
} as const satisfies Record<string, ValidationSeverity>;

export type WeftDiagnosticCode = keyof typeof WEFT_CODES;

/** What quick fixes find in `diagnostic.data`. */
export interface WeftDiagnosticData {
    code: WeftDiagnosticCode;
    [key: string]: unknown;
}

export type ReportInfo<N extends AstNode> = Omit<DiagnosticInfo<N>, 'code' | 'data'> & { data?: Record<string, unknown> };

/** Reports `code` with its severity; `data` extras travel to the quick fixes. */
export function report<N extends AstNode>(accept: ValidationAcceptor, code: WeftDiagnosticCode, message: string, info: ReportInfo<N>): void {
    accept(WEFT_CODES[code], message, { ...info, code, data: { ...info.data, code } } as DiagnosticInfo<N>);
}
