import { Readable } from 'node:stream';
import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { StepLogger } from '../contract/step-context.js';
import { forwardLogs } from '../executors/forward-logs.js';
import { CONTAINER_NAME } from './job-spec.js';
import type { KubeClients } from './kube-clients.js';

/**
 * Follows the log of a Job's pod while it runs (`pods/log` with `follow=true`), so the step's
 * lines reach the run's events, and `weft logs`, as they are written. Until the pod exists and its
 * container has started (the kubelet refuses a log before that), it asks again every `pollMs`.
 * It makes the request itself rather than through the client's `Log`, whose response stream has
 * no error listener: stopping it, or a dropped connection, would be an uncaught exception.
 */
export class PodLogFollower {
    /** Settles when the log has ended (the container exited) or the follower was stopped. */
    readonly done: Promise<void>;
    private readonly stopper = new AbortController();
    private attachedToLog = false;
    private ended = false;
    private wake: (() => void) | undefined;

    constructor(private readonly clients: KubeClients, private readonly namespace: string, private readonly job: string, private readonly logger: StepLogger, private readonly pollMs = 500) {
        this.done = this.follow();
    }

    /** Whether the log was attached to: its lines are (being) forwarded, so reading it again would double them. */
    get attached(): boolean {
        return this.attachedToLog;
    }

    /** Whether the log was followed to its end: every line the container wrote has been forwarded. */
    get complete(): boolean {
        return this.ended;
    }

    stop(): void {
        this.stopper.abort();
        this.wake?.();
    }

    private async follow(): Promise<void> {
        const { signal } = this.stopper;
        while (!signal.aborted) {
            const list = await this.clients.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `job-name=${this.job}` }).catch(() => undefined);
            const pod = list?.items[0]?.metadata?.name;
            const body = pod === undefined ? undefined : await this.open(pod, signal).catch(() => undefined);
            if (body) {
                this.attachedToLog = true;
                await new Promise<void>(resolve => {
                    body.on('end', () => { this.ended = true; resolve(); });
                    // A stop or a dropped connection ends the follow; what arrived was forwarded.
                    body.on('error', () => resolve());
                    body.on('close', () => resolve());
                    forwardLogs(body, this.logger, 'info');
                });
                return;
            }
            await new Promise<void>(resolve => {
                this.wake = resolve;
                setTimeout(resolve, this.pollMs);
            });
        }
    }

    /** The followed log of the pod's step container, or undefined while the kubelet has none to give. */
    private async open(pod: string, signal: AbortSignal): Promise<Readable | undefined> {
        const cluster = this.clients.config.getCurrentCluster();
        if (!cluster) return undefined;
        const url = new URL(`${cluster.server}/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods/${encodeURIComponent(pod)}/log`);
        url.searchParams.set('container', CONTAINER_NAME);
        url.searchParams.set('follow', 'true');
        const context = new RequestContext(url.toString(), HttpMethod.GET);
        await this.clients.config.applySecurityAuthentication(context);
        const response = await fetch(url, { headers: context.getHeaders(), dispatcher: context.getDispatcher() as never, signal });
        if (response.status !== 200 || !response.body) {
            await response.body?.cancel().catch(() => undefined);
            return undefined;
        }
        const body = Readable.fromWeb(response.body as never);
        body.on('error', () => undefined); // never uncaught, even before the caller listens
        return body;
    }
}
