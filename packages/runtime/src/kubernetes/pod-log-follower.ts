import { PassThrough } from 'node:stream';
import { Log } from '@kubernetes/client-node';
import type { StepLogger } from '../contract/step-context.js';
import { forwardLogs } from '../executors/worker-attempt.js';
import { CONTAINER_NAME } from './job-spec.js';
import type { KubeClients } from './kube-clients.js';

/**
 * Follows the log of a Job's pod while it runs (`follow=true`), so the step's lines reach the
 * run's events, and `weft logs`, as they are written. Until the pod exists and its container has
 * started (the kubelet refuses a log before that), it asks again every `pollMs`.
 */
export class PodLogFollower {
    /** Settles when the log has ended (the container exited) or the follower was stopped. */
    readonly done: Promise<void>;
    private stopped = false;
    private attachedTo: { readonly request: AbortController; readonly stream: PassThrough } | undefined;
    private ended = false;
    private wake: (() => void) | undefined;

    constructor(private readonly clients: KubeClients, private readonly namespace: string, private readonly job: string, private readonly logger: StepLogger, private readonly pollMs = 500) {
        this.done = this.follow();
    }

    /** Whether the log was attached to: its lines are (being) forwarded, so reading it again would double them. */
    get attached(): boolean {
        return this.attachedTo !== undefined;
    }

    /** Whether the log was followed to its end: every line the container wrote has been forwarded. */
    get complete(): boolean {
        return this.ended;
    }

    stop(): void {
        this.stopped = true;
        this.attachedTo?.request.abort();
        this.attachedTo?.stream.end();
        this.wake?.();
    }

    private async follow(): Promise<void> {
        const log = new Log(this.clients.config);
        while (!this.stopped) {
            const list = await this.clients.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `job-name=${this.job}` }).catch(() => undefined);
            const pod = list?.items[0]?.metadata?.name;
            if (pod !== undefined) {
                const stream = new PassThrough();
                const ended = new Promise<void>(resolve => stream.on('end', resolve).on('close', resolve));
                const request = await log.log(this.namespace, pod, CONTAINER_NAME, stream, { follow: true }).catch(() => undefined);
                if (request && !this.stopped) {
                    this.attachedTo = { request, stream };
                    forwardLogs(stream, this.logger, 'info');
                    await ended;
                    this.ended = !this.stopped;
                    return;
                }
                request?.abort();
            }
            await new Promise<void>(resolve => {
                this.wake = resolve;
                setTimeout(resolve, this.pollMs);
            });
        }
    }
}
