import type { CheckDiagnostic } from './check-diagnostic.js';

/** The `--format json` document: exactly one object on one line. */
export function formatJson(diagnostics: readonly CheckDiagnostic[]): string {
    return JSON.stringify({ diagnostics: diagnostics.map(jsonDiagnostic) });
}

/** One diagnostic as JSON shows it, fields in the documented order (`weft generate --format json` too). */
export function jsonDiagnostic(diagnostic: CheckDiagnostic): CheckDiagnostic {
    return {
        file: diagnostic.file,
        line: diagnostic.line,
        column: diagnostic.column,
        endLine: diagnostic.endLine,
        endColumn: diagnostic.endColumn,
        severity: diagnostic.severity,
        code: diagnostic.code,
        message: diagnostic.message,
    };
}
