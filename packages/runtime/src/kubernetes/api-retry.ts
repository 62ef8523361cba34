import type { RetryPolicy } from './executor-options.js';
import { KubernetesPermissionError, KubernetesRequestError, messageOf, reasonOf, type RequestSubject, statusOf } from './kubernetes-errors.js';


/**
 * Calls the API server, retrying what may pass: 409 Conflict (not `AlreadyExists`, which the
 * caller decides about), 429 Too Many Requests, 5xx and lost connections, with exponential
 * backoff. 401/403 become {@link KubernetesPermissionError} at once; other answers
 * {@link KubernetesRequestError}, except those `passThrough` accepts, which are rethrown as they are.
 */
export async function callWithRetry<T>(
    subject: RequestSubject, call: () => Promise<T>,
    options: RetryPolicy & { readonly signal?: AbortSignal; readonly passThrough?: (error: unknown) => boolean } = {},
): Promise<T> {
    const attempts = options.attempts ?? 6;
    const base = options.baseDelayMs ?? 200;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            if (options.passThrough?.(error)) throw error;
            const status = statusOf(error);
            if (status === 401 || status === 403) throw new KubernetesPermissionError(subject, status, messageOf(error));
            if (!isTransient(error, status) || attempt >= attempts || options.signal?.aborted) {
                throw new KubernetesRequestError(subject, status, `${status === undefined ? '' : `${status} `}${messageOf(error)}`, { cause: error });
            }
            const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
            await new Promise(resolve => setTimeout(resolve, delay));
        }
    }
}

function isTransient(error: unknown, status: number | undefined): boolean {
    if (status === undefined) return error instanceof TypeError || (error as { cause?: unknown })?.cause !== undefined; // fetch failed: no answer at all
    if (status === 409) return reasonOf(error) !== 'AlreadyExists';
    return status === 429 || status >= 500;
}
