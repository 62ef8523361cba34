import { ApiException } from '@kubernetes/client-node';
import { WeftError } from '@weft/contract/errors';

/** What a request was about, for messages: `create jobs in namespace ml`. */
export interface RequestSubject {
    readonly context: string;
    readonly verb: string;
    /** The resource as RBAC names it: `jobs.batch`, `configmaps`, `pods/log`. */
    readonly resource: string;
    readonly namespace: string;
}

/** The API server refused the credentials (401) or the permission (403), as the user configured them: no retry helps. */
export class KubernetesPermissionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'kubernetes-permission';

    constructor(readonly subject: RequestSubject, readonly status: 401 | 403, detail: string) {
        super(status === 401
            ? `kubernetes context ${subject.context}: the API server rejected the credentials (401 Unauthorized) while trying to ${subject.verb} ${subject.resource} in namespace ${subject.namespace}`
            : `kubernetes context ${subject.context}: missing permission to ${subject.verb} ${subject.resource} in namespace ${subject.namespace} (403 Forbidden: ${detail}); grant it with a Role (docs/kubernetes.md)`);
        this.name = 'KubernetesPermissionError';
    }
}

/** Any other answer the runtime could not use, after its retries. */
export class KubernetesRequestError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'kubernetes-request';

    constructor(readonly subject: RequestSubject, readonly status: number | undefined, detail: string, options?: ErrorOptions) {
        super(`kubernetes context ${subject.context}: cannot ${subject.verb} ${subject.resource} in namespace ${subject.namespace}: ${detail}`, options);
        this.name = 'KubernetesRequestError';
    }
}

/** The HTTP status of a failed request, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
    if (error instanceof ApiException) return error.code;
    const code = (error as { statusCode?: unknown; code?: unknown } | undefined);
    return typeof code?.statusCode === 'number' ? code.statusCode : undefined;
}

/** The `reason` of a Kubernetes `Status` answer (`AlreadyExists`, `Conflict`, `NotFound`, …). */
export function reasonOf(error: unknown): string | undefined {
    return statusBody(error)?.reason;
}

/** The server's own message, else the error's. */
export function messageOf(error: unknown): string {
    const body = statusBody(error);
    if (body?.message) return body.message;
    if (error instanceof ApiException && typeof error.body === 'string' && error.body.trim() !== '') return error.body.trim();
    const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const base = error instanceof Error ? error.message : String(error);
    return cause?.code ? `${base} (${cause.code})` : base;
}

function statusBody(error: unknown): { reason?: string; message?: string } | undefined {
    if (!(error instanceof ApiException)) return undefined;
    const body: unknown = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    return typeof body === 'object' && body !== null ? body as { reason?: string; message?: string } : undefined;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
