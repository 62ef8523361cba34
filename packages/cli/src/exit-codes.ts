import { CommanderError } from 'commander';
import { UnreadablePathError } from '@weft/language/node';
import { ExitError, UserError } from './errors.js';

/** The exit codes of `weft`, documented in docs/cli.md. */
export const ExitCode = {
    /** Done, nothing wrong (warnings allowed). */
    Success: 0,
    /** The check found errors. */
    ProblemsFound: 1,
    /** A usage error: unknown command or option, bad option value, missing or unreadable path. */
    UsageError: 2,
    /** A bug in weft (sysexits' EX_SOFTWARE). */
    InternalError: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** How a run ended: the exit code and the lines (if any) to write to stderr. */
export interface Ending {
    readonly exitCode: number;
    readonly message?: string;
}

/**
 * The one place where errors become exit codes and messages. User errors get one line and no
 * stack; anything unexpected is an internal error, with its stack only under `WEFT_DEBUG=1`.
 */
export function endingFor(error: unknown, debug: boolean): Ending {
    if (error instanceof ExitError) {
        return { exitCode: error.exitCode };
    }
    if (error instanceof CommanderError) {
        // Commander has already written its message (see program.ts); help and --version end with 0.
        return { exitCode: error.exitCode === 0 ? ExitCode.Success : ExitCode.UsageError };
    }
    if (error instanceof UserError || error instanceof UnreadablePathError) {
        return { exitCode: ExitCode.UsageError, message: `weft: ${oneLine(error.message)}` };
    }
    const description = error instanceof Error ? error.message : String(error);
    const detail = debug && error instanceof Error && error.stack
        ? error.stack
        : 'rerun with WEFT_DEBUG=1 to see the stack trace, and please report it';
    return { exitCode: ExitCode.InternalError, message: `weft: internal error: ${oneLine(description)}\n${detail}` };
}

/** Joins a message's lines, so that a user error stays one line. */
export function oneLine(text: string): string {
    return text.trim().split(/\s*\r?\n\s*/).join(' ');
}
