/**
 * Every diagnostic code Weft reports (docs/language.md, section 11). Codes are stable: the
 * LSP `code` of each diagnostic, the `code` field of `weft check --format json`, and what tests
 * and users match on.
 */
export const DiagnosticCode = {
    SyntaxError: 'syntax-error',
    // Limits checked before parsing (parsing/source-limits.ts).
    FileTooLarge: 'file-too-large',
    TooDeep: 'too-deep',
    DuplicateDeclaration: 'duplicate-declaration',
    UnknownReference: 'unknown-reference',
    ImportNotFound: 'import-not-found',
    InvalidVersion: 'invalid-version',
    VersionMismatch: 'version-mismatch',
    TypeMismatch: 'type-mismatch',
    ShapeMismatch: 'shape-mismatch',
    MissingArgument: 'missing-argument',
    UnknownArgument: 'unknown-argument',
    DuplicateArgument: 'duplicate-argument',
    TooManyArguments: 'too-many-arguments',
    Cycle: 'cycle',
    UnusedResult: 'unused-result',
    MissingOutput: 'missing-output',
    UnknownOutput: 'unknown-output',
    InvalidMember: 'invalid-member',
    MissingRun: 'missing-run',
    ImplNotFound: 'impl-not-found',
    // A step's `command` (validation/commands.ts).
    RunAndCommand: 'run-and-command',
    EmptyCommand: 'empty-command',
    CommandNotAString: 'command-not-a-string',
    MisplacedCommand: 'misplaced-command',
    InvalidQuantity: 'invalid-quantity',
    // Typed error edges (validation/error-edges.ts).
    InvalidRaises: 'invalid-raises',
    ErrorNotRaised: 'error-not-raised',
    UnhandledError: 'unhandled-error',
    InvalidHandler: 'invalid-handler',
    InvalidRecover: 'invalid-recover',
    // Proved with Z3 (packages/language/src/constraints).
    ConstraintUnsat: 'constraint-unsat',
    DefaultViolatesConstraint: 'default-violates-constraint',
    CallViolatesConstraint: 'call-violates-constraint',
    ResourceInfeasible: 'resource-infeasible',
    DeadlineRisk: 'deadline-risk',
    RetryMemoryTooLow: 'retry-memory-too-low',
    RetryMemoryExceedsTarget: 'retry-memory-exceeds-target',
    SolverTimeout: 'solver-timeout',
    // Reported by `weft check` only (packages/cli/src/commands/check/stale-generated.ts).
    GeneratedStale: 'generated-stale',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.values(DiagnosticCode);

export function isDiagnosticCode(value: unknown): value is DiagnosticCode {
    return typeof value === 'string' && (allDiagnosticCodes as readonly string[]).includes(value);
}
