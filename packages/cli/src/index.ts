// The `weft` command line as a library: `main` runs it, `check` is the check command's work.
export { main } from './main.js';
export { check, type CheckOptions, type CheckReport } from './commands/check/check.js';
export type { CheckDiagnostic, CheckSeverity } from './commands/check/check-diagnostic.js';
export { ExitCode } from './exit-codes.js';
export { ExitError, UserError } from './errors.js';
export type { CliIo, OutputStream } from './io.js';
