import type { V1Job } from '@kubernetes/client-node';
import { callWithRetry } from './api-retry.js';
import type { RetryPolicy } from './executor-options.js';
import type { KubeClients } from './kube-clients.js';
import { statusOf } from './kubernetes-errors.js';

/** How a Job ended: its `Complete` or `Failed` condition. */
export interface JobEnd {
    readonly job: V1Job;
    readonly succeeded: boolean;
    /** The condition's reason and message (`DeadlineExceeded: Job was active longer than …`). */
    readonly detail: string;
}

/** A Job that has ended, or undefined while it runs. */
export function jobEnd(job: V1Job): JobEnd | undefined {
    const conditions = job.status?.conditions ?? [];
    const ended = conditions.find(condition => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
    if (!ended) return undefined;
    return { job, succeeded: ended.type === 'Complete', detail: [ended.reason, ended.message].filter(Boolean).join(': ') };
}

interface Waiter {
    readonly resolve: (end: JobEnd) => void;
    readonly reject: (error: Error) => void;
}

/**
 * Follows the Jobs of one run in one namespace of one cluster with a single watch. After a
 * disconnect it watches again from the last resourceVersion it saw; when the server answers
 * `410 Gone` (that version is no longer kept) it lists the Jobs again and watches from the list.
 * The watch runs only while someone waits for a Job.
 */
export class JobWatcher {
    /** How often the watch was re-opened after a disconnect, and how often it had to relist. */
    readonly stats = { reconnects: 0, relists: 0 };
    private readonly waiters = new Map<string, Waiter>();
    private readonly ended = new Map<string, JobEnd>();
    private resourceVersion: string | undefined;
    private abort: AbortController | undefined;
    private running = false;
    private generation = 0;

    constructor(
        private readonly clients: KubeClients, private readonly namespace: string, private readonly selector: string,
        private readonly retry: RetryPolicy = {},
    ) {}

    /** Resolves when the Job has ended; rejects when it is deleted or the watch cannot go on. */
    waitFor(name: string): Promise<JobEnd> {
        const known = this.ended.get(name);
        if (known) return Promise.resolve(known);
        const promise = new Promise<JobEnd>((resolve, reject) => this.waiters.set(name, { resolve, reject }));
        if (!this.running) void this.start();
        return promise;
    }

    /** Stops waiting for a Job (its attempt was cancelled). */
    forget(name: string): void {
        this.waiters.delete(name);
        this.ended.delete(name);
        if (this.waiters.size === 0) this.stop();
    }

    private stop(): void {
        this.running = false;
        this.generation++;
        this.abort?.abort();
        this.abort = undefined;
    }

    private async start(): Promise<void> {
        this.running = true;
        const generation = ++this.generation;
        try {
            if (this.resourceVersion === undefined) await this.relist();
            if (generation === this.generation) await this.openWatch(generation);
        } catch (error) {
            this.failAll(error instanceof Error ? error : new Error(String(error)));
        }
    }

    /** Lists the run's Jobs, settles waiters whose Job ended, and remembers where the list stands. */
    private async relist(): Promise<void> {
        this.stats.relists++;
        const list = await callWithRetry(
            { context: this.clients.context, verb: 'list', resource: 'jobs.batch', namespace: this.namespace },
            () => this.clients.batch.listNamespacedJob({ namespace: this.namespace, labelSelector: this.selector }), this.retry);
        for (const job of list.items) this.observe(job);
        this.resourceVersion = list.metadata?.resourceVersion;
    }

    private async openWatch(generation: number): Promise<void> {
        const path = `/apis/batch/v1/namespaces/${encodeURIComponent(this.namespace)}/jobs`;
        let gone = false;
        this.abort = await this.clients.watch.watch(path,
            { labelSelector: this.selector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
            (phase, object: { metadata?: { resourceVersion?: string; name?: string }; code?: number }) => {
                if (phase === 'ERROR') {
                    if (object.code === 410) gone = true;
                    return;
                }
                if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
                if (phase === 'BOOKMARK') return;
                if (phase === 'DELETED') this.deleted(object.metadata?.name ?? '');
                else this.observe(object as V1Job);
            },
            (error: unknown) => {
                if (generation !== this.generation || !this.running) return;
                if (statusOf(error) === 410) gone = true;
                void this.reconnect(generation, gone, error);
            });
    }

    /** After the watch ended: watch again from where it stopped, or relist after a 410 Gone. */
    private async reconnect(generation: number, gone: boolean, error: unknown): Promise<void> {
        this.stats.reconnects++;
        const status = statusOf(error);
        if (status === 401 || status === 403) {
            try { await this.relist(); } catch (failure) { return this.failAll(failure as Error); }
        }
        await new Promise(resolve => setTimeout(resolve, error ? 250 : 0));
        if (generation !== this.generation || !this.running) return;
        try {
            if (gone) await this.relist();
            if (generation === this.generation && this.running) await this.openWatch(generation);
        } catch (failure) {
            this.failAll(failure instanceof Error ? failure : new Error(String(failure)));
        }
    }

    private observe(job: V1Job): void {
        const name = job.metadata?.name;
        const end = name === undefined ? undefined : jobEnd(job);
        if (!name || !end) return;
        const waiter = this.waiters.get(name);
        if (waiter) {
            this.waiters.delete(name);
            waiter.resolve(end);
            if (this.waiters.size === 0) this.stop();
        } else {
            this.ended.set(name, end);
        }
    }

    private deleted(name: string): void {
        const waiter = this.waiters.get(name);
        if (!waiter) return;
        this.waiters.delete(name);
        waiter.reject(new Error(`the Job ${name} was deleted before it ended`));
        if (this.waiters.size === 0) this.stop();
    }

    private failAll(error: Error): void {
        const waiters = [...this.waiters.values()];
        this.waiters.clear();
        this.stop();
        for (const waiter of waiters) waiter.reject(error);
    }
}
