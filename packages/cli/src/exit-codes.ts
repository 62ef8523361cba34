import { CommanderError } from 'commander';
import { type Fault, WeftError } from '@weft/contract/errors';
import { ExitError } from './errors.js';
import type { CliIo } from './io.js';

/** The exit codes of `weft`, documented in docs/cli.md. */
export const ExitCode = {
    /** Done, nothing wrong (warnings allowed). */
    Success: 0,
    /** The check found errors. */
    ProblemsFound: 1,
    /**
     * A usage error: unknown command or option, bad option value, missing or unreadable path, or
     * anything else the user gave that Weft refuses; also what the machine refused (no sandbox, a full disk).
     */
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
 * The exit code of an error by whose fault it is: what the user gave, or what the machine
 * refused, is a usage error; a step's error ends the command as a failed run does. Weft's own
 * (fault `weft`) is an internal error, as is anything that is not a {@link WeftError}.
 */
const exitCodeOfFault: Readonly<Record<Exclude<Fault, 'weft'>, ExitCode>> = {
    user: ExitCode.UsageError,
    infrastructure: ExitCode.UsageError,
    step: ExitCode.ProblemsFound,
};

/**
 * The one place where errors become exit codes and messages. A {@link WeftError} that is not a
 * bug of Weft's gets one line and no stack; anything else is an internal error, with its stack
 * only under `WEFT_DEBUG=1`.
 */
export function endingFor(error: unknown, debug: boolean): Ending {
    if (error instanceof ExitError) {
        return { exitCode: error.exitCode };
    }
    if (error instanceof CommanderError) {
        // Commander has already written its message (see program.ts); help and --version end with 0.
        return { exitCode: error.exitCode === 0 ? ExitCode.Success : ExitCode.UsageError };
    }
    if (error instanceof WeftError && error.fault !== 'weft') {
        return { exitCode: exitCodeOfFault[error.fault], message: `weft: ${oneLine(error.message)}` };
    }
    const description = error instanceof Error ? error.message : String(error);
    const detail = debug && error instanceof Error && error.stack
        ? error.stack
        : 'rerun with WEFT_DEBUG=1 to see the stack trace, and please report it';
    return { exitCode: ExitCode.InternalError, message: `weft: internal error: ${oneLine(description)}\n${detail}` };
}

/** Writes why `error` ends the command (if anything needs saying) and returns its exit code. */
export function reportEnding(error: unknown, io: CliIo): number {
    const ending = endingFor(error, isDebug(io.env));
    if (ending.message !== undefined) io.stderr.write(`${ending.message}\n`);
    return ending.exitCode;
}

function isDebug(env: CliIo['env']): boolean {
    const value = env['WEFT_DEBUG'];
    return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Joins a message's lines, so that a user error stays one line. */
export function oneLine(text: string): string {
    return text.trim().split(/\s*\r?\n\s*/).join(' ');
}
