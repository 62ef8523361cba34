import {
    type AstNode, isOperationCancelled, type MaybePromise, type ValidationAcceptor, type ValidationCheck, ValidationRegistry,
} from 'langium';

/**
 * Langium's registry, but a check that returns nothing is run synchronously. Langium wraps every
 * check in an async function, so that each of the ~200,000 check calls of a 1,000-step pipeline
 * costs promises and a turn of the microtask queue; most of Weft's checks are synchronous. A
 * check that throws is still reported as an error on its node, as Langium does.
 */
export class WeftValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept, cancelToken) => {
            const context = 'An error occurred during validation';
            let result: MaybePromise<void>;
            try {
                result = check.call(thisObj, node, accept, cancelToken);
            } catch (error) {
                reportFailedCheck(error, context, accept, node);
                return;
            }
            if (isPromiseLike(result)) return Promise.resolve(result).catch(error => reportFailedCheck(error, context, accept, node));
            return;
        };
    }
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
    return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}

/**
 * Messages of failed checks already logged. A check that fails on one kind of node fails on
 * thousands of them (issue 25: a deep expression logged "Maximum call stack size exceeded" with
 * its stack thousands of times per keystroke): each message is logged once per process, and each
 * node still gets its diagnostic. Bounded, so that ever-new messages cannot grow it for good.
 */
const loggedFailures = new Set<string>();
const MAX_LOGGED_FAILURES = 1000;

/** What Langium's `handleException` does: cancellation goes on, anything else becomes a diagnostic. */
function reportFailedCheck(error: unknown, context: string, accept: ValidationAcceptor, node: AstNode): void {
    if (isOperationCancelled(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (!loggedFailures.has(message) && loggedFailures.size < MAX_LOGGED_FAILURES) {
        loggedFailures.add(message);
        console.error(`${context} (logged once; every node it fails on gets a diagnostic):`, error);
        if (error instanceof Error && error.stack) console.error(error.stack);
    }
    accept('error', `${context}: ${message}`, { node });
}
