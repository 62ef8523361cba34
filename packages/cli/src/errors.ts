import { WeftError } from '@weft/contract/errors';

/**
 * The errors a command throws to end the run. Only the entry point turns them into an exit
 * code (exit-codes.ts); commands never exit themselves.
 */

/** A mistake of the user's: a bad path, an unreadable file, a bad argument. Exit code 2. */
export class UserError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'usage';

    constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = 'UserError';
    }
}

/**
 * Ends the run with `exitCode` after the command has already reported why (e.g. `weft check`
 * printed its diagnostics and found errors).
 */
export class ExitError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'reported';

    constructor(readonly exitCode: number) {
        super(`exit code ${exitCode}`);
        this.name = 'ExitError';
    }
}
