import * as path from 'node:path';
import type { LangiumDocument } from 'langium';

type Diagnostic = NonNullable<LangiumDocument['diagnostics']>[number];

/** LSP's severities (fixed by the protocol; Langium does not re-export the enum). */
const LspSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;

export type CheckSeverity = 'error' | 'warning' | 'info';

/**
 * One diagnostic as `weft check` reports it: `file` relative to the working directory, lines
 * and columns 1-based, the end exclusive (the column just after the last character).
 * The field order is the order of `--format json`.
 */
export interface CheckDiagnostic {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: CheckSeverity;
    readonly code: string;
    readonly message: string;
}

/**
 * The code shown for a diagnostic that has none. Every Weft diagnostic has a code, so this marks
 * a bug: Langium reports a validation rule that throws as a code-less error.
 */
export const MissingCode = 'internal-error';

/** The path shown for a document: relative to `cwd` for files, the URI otherwise. */
export function displayPath(document: LangiumDocument, cwd: string): string {
    return document.uri.scheme === 'file' ? path.relative(cwd, document.uri.fsPath) : document.uri.toString();
}

export function toCheckDiagnostic(file: string, diagnostic: Diagnostic): CheckDiagnostic {
    const { start, end } = diagnostic.range;
    return {
        file,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: severityName(diagnostic.severity),
        code: diagnostic.code === undefined ? MissingCode : String(diagnostic.code),
        // LSP 3.18 allows Markdown messages; Weft's are plain text, but take the text either way.
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    };
}

/** LSP leaves the severity optional (the client decides); Weft treats a missing one as an error. */
function severityName(severity: number | undefined): CheckSeverity {
    switch (severity) {
        case LspSeverity.Warning: return 'warning';
        case LspSeverity.Information:
        case LspSeverity.Hint: return 'info';
        default: return 'error';
    }
}

/** Orders by file, line and column, then by the rest so that the output is deterministic. */
export function compareCheckDiagnostics(a: CheckDiagnostic, b: CheckDiagnostic): number {
    return compareStrings(a.file, b.file)
        || a.line - b.line
        || a.column - b.column
        || a.endLine - b.endLine
        || a.endColumn - b.endColumn
        || compareStrings(a.severity, b.severity)
        || compareStrings(a.code, b.code)
        || compareStrings(a.message, b.message);
}

/** Code-unit order: the same on every machine, whatever the locale. */
function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
