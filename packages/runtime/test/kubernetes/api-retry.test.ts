// Retrying API calls: which answers are retried and how errors are named. The failing calls are
// fakes (ApiException objects made here): the real server cannot be asked for a 429 or a 503.
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { callWithRetry } from '../../src/kubernetes/api-retry.js';
import { KubernetesPermissionError, KubernetesRequestError } from '../../src/kubernetes/kubernetes-errors.js';

const subject = { context: 'prod', verb: 'create', resource: 'jobs.batch', namespace: 'ml' };
const answer = (code: number, reason?: string) => new ApiException(code, 'failed', JSON.stringify({ kind: 'Status', reason, message: `server says ${code}` }), {});

function failingThen(errors: unknown[]): { call: () => Promise<string>; calls: () => number } {
    let calls = 0;
    return { call: async () => { const error = errors[calls++]; if (error) throw error; return 'ok'; }, calls: () => calls };
}

describe('callWithRetry', () => {
    it('retries 409 Conflict, 429, 5xx and lost connections, then succeeds', async () => {
        const lost = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        const flaky = failingThen([answer(409, 'Conflict'), answer(429, 'TooManyRequests'), answer(503), answer(500), lost]);
        await expect(callWithRetry(subject, flaky.call, { baseDelayMs: 1 })).resolves.toBe('ok');
        expect(flaky.calls()).toBe(6);
    });

    it('gives up after its attempts with the last answer in the message', async () => {
        const down = failingThen(Array.from({ length: 10 }, () => answer(503)));
        const error = await callWithRetry(subject, down.call, { attempts: 3, baseDelayMs: 1 }).catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(KubernetesRequestError);
        expect((error as Error).message).toBe('kubernetes context prod: cannot create jobs.batch in namespace ml: 503 server says 503');
        expect(down.calls()).toBe(3);
    });

    it('does not retry 401, 403, AlreadyExists or 422', async () => {
        for (const [error, kind] of [[answer(403, 'Forbidden'), KubernetesPermissionError], [answer(401), KubernetesPermissionError], [answer(409, 'AlreadyExists'), KubernetesRequestError], [answer(422, 'Invalid'), KubernetesRequestError]] as const) {
            const once = failingThen([error, error]);
            await expect(callWithRetry(subject, once.call, { baseDelayMs: 1 })).rejects.toBeInstanceOf(kind);
            expect(once.calls()).toBe(1);
        }
        const forbidden = await callWithRetry(subject, failingThen([answer(403, 'Forbidden')]).call).catch((failure: unknown) => failure as Error);
        expect(forbidden.message).toBe('kubernetes context prod: missing permission to create jobs.batch in namespace ml (403 Forbidden: server says 403); grant it with a Role (docs/kubernetes.md)');
    });

    it('hands AlreadyExists back untouched when the caller takes it', async () => {
        const exists = answer(409, 'AlreadyExists');
        await expect(callWithRetry(subject, failingThen([exists]).call, { passThrough: error => error === exists })).rejects.toBe(exists);
    });
});
