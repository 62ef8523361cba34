// The test harness playing Kubernetes' job controller and kubelet (a fake: an API server alone has
// neither). It watches the Jobs weft creates on the real API server, runs each Job's command —
// the same worker entry and step bundle, read from the Job's ConfigMap — in a gVisor sandbox
// with /weft/bundle and /weft/data bound to local folders, and writes the Job's status back
// (Complete or Failed) with replaceNamespacedJobStatus, as the controller would. Given a
// certificate it also plays a kubelet: each Job gets a Pod bound to a fake Node whose kubelet
// endpoint is a local HTTPS server, so `pods/log` requests go through the real API server to the
// command's captured output.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BatchV1Api, CoreV1Api, type KubeConfig, NodeV1Api, type V1Job, Watch } from '@kubernetes/client-node';
import { ociConfig } from '../../src/executors/gvisor/oci-config.js';

/**
 * What the controller does with a Job: run its command, fail it or mark it complete without
 * running, leave it running, or fail it as the kubelet does a container killed at its memory
 * limit (its pod's container terminated with reason `OOMKilled`; needs the fake kubelet).
 */
export type JobBehaviour = 'run' | 'fail' | 'complete-empty' | 'hold' | 'oom-killed';

export interface ControllerOptions {
    readonly config: KubeConfig;
    readonly namespace: string;
    /** The local folder that plays the target's volume. */
    readonly volume: string;
    readonly behaviour?: (job: V1Job) => JobBehaviour;
    /** A serving certificate for the fake kubelet; without it Jobs get no Pods (and no logs). */
    readonly kubelet?: { readonly cert: string; readonly key: string };
}


/** A container log as the fake kubelet serves it: the text so far and who follows it. */
interface LiveLog {
    text: string;
    done: boolean;
    /** Called with each new chunk, then with `undefined` when the command exits. */
    readonly readers: Set<(chunk: string | undefined) => void>;
}

export class FakeJobController {
    /** Names of the Jobs seen, in order, and the output each one's command printed. */
    readonly seen: string[] = [];
    readonly output = new Map<string, string>();
    private readonly batch: BatchV1Api;
    private readonly core: CoreV1Api;
    private abort: AbortController | undefined;
    private stopped = false;
    private readonly running = new Set<Promise<void>>();
    private work = '';
    private kubelet: Server | undefined;
    /** One fake node per controller: each has its own kubelet port. */
    private readonly nodeName: string;
    /** What each pod's command has printed so far, served as its container log (followed live with `follow=true`). */
    private readonly podLogs = new Map<string, LiveLog>();

    constructor(private readonly options: ControllerOptions) {
        this.batch = options.config.makeApiClient(BatchV1Api);
        this.core = options.config.makeApiClient(CoreV1Api);
        this.nodeName = `weft-fake-node-${options.namespace}`;
    }

    async start(): Promise<void> {
        this.work = await mkdtemp(path.join(tmpdir(), 'weft-fake-controller-'));
        if (this.options.kubelet) await this.startKubelet(this.options.kubelet);
        const list = await this.batch.listNamespacedJob({ namespace: this.options.namespace, labelSelector: 'app.kubernetes.io/managed-by=weft' });
        this.watchFrom(list.metadata?.resourceVersion);
    }

    private watchFrom(resourceVersion: string | undefined): void {
        if (this.stopped) return;
        void new Watch(this.options.config).watch(`/apis/batch/v1/namespaces/${this.options.namespace}/jobs`,
            { labelSelector: 'app.kubernetes.io/managed-by=weft', resourceVersion },
            (phase, job: V1Job) => {
                if (job.metadata?.resourceVersion) resourceVersion = job.metadata.resourceVersion;
                if (phase !== 'ADDED' || job.status?.conditions?.length) return;
                const task = this.handle(job).catch(error => { console.error(`fake job controller, Job ${job.metadata?.name}:`, error instanceof Error ? error.message : error, (error as { body?: unknown }).body); });
                this.running.add(task);
                void task.finally(() => this.running.delete(task));
            },
            () => setTimeout(() => this.watchFrom(resourceVersion), 100))
            .then(controller => { this.abort = controller; });
    }

    /** An HTTPS server answering the API server's `/containerLogs/<ns>/<pod>/<container>`, and a Node pointing at it. */
    private async startKubelet(certificate: { cert: string; key: string }): Promise<void> {
        this.kubelet = createServer(certificate, (request, response) => {
            const url = new URL(request.url ?? '/', 'https://kubelet');
            const [, kind, , pod] = url.pathname.split('/');
            const log = kind === 'containerLogs' && pod !== undefined ? this.podLogs.get(pod) : undefined;
            response.writeHead(log === undefined ? 404 : 200, { 'content-type': 'text/plain' });
            if (log === undefined) return void response.end('no such container');
            response.write(log.text);
            if (log.done || url.searchParams.get('follow') !== 'true') return void response.end();
            // Following: each new chunk as the command writes it, and the end when it exits.
            const reader = (chunk: string | undefined): void => { if (chunk === undefined) response.end(); else response.write(chunk); };
            log.readers.add(reader);
            response.on('close', () => log.readers.delete(reader));
        });
        await new Promise<void>(resolve => this.kubelet!.listen(0, '127.0.0.1', resolve));
        const port = (this.kubelet.address() as { port: number }).port;
        const node = await this.core.createNode({ body: { metadata: { name: this.nodeName } } }).catch(() => this.core.readNode({ name: this.nodeName }));
        node.status = { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } };
        await this.core.replaceNodeStatus({ name: this.nodeName, body: node });
    }

    /** The Job's pod, bound to the fake node (the service account must exist; no token is mounted). */
    private async createPod(job: V1Job): Promise<string> {
        const namespace = this.options.namespace;
        const template = job.spec!.template;
        const account = template.spec!.serviceAccountName ?? 'default';
        await this.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: account } } }).catch(() => undefined);
        // As on a cluster set up for weft (docs/kubernetes.md): the RuntimeClass exists, handled by runsc.
        const runtimeClass = template.spec!.runtimeClassName;
        if (runtimeClass) await this.options.config.makeApiClient(NodeV1Api).createRuntimeClass({ body: { metadata: { name: runtimeClass }, handler: 'runsc' } }).catch(() => undefined);
        const name = `${job.metadata!.name!}-${Math.random().toString(36).slice(2, 7)}`;
        await this.core.createNamespacedPod({ namespace, body: {
            metadata: { name, labels: { ...template.metadata?.labels, 'job-name': job.metadata!.name! } },
            spec: { ...template.spec!, nodeName: this.nodeName, automountServiceAccountToken: false },
        } });
        return name;
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.kubelet?.close();
        this.abort?.abort();
        await Promise.allSettled([...this.running]);
        await rm(this.work, { recursive: true, force: true });
    }

    private async handle(job: V1Job): Promise<void> {
        const name = job.metadata!.name!;
        if (this.seen.includes(name)) return;
        this.seen.push(name);
        const behaviour = this.options.behaviour?.(job) ?? 'run';
        if (behaviour === 'hold') return;
        if (behaviour === 'fail') return this.finish(name, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        if (behaviour === 'complete-empty') return this.finish(name, true);
        if (behaviour === 'oom-killed') return this.oomKill(job);
        await this.execute(job);
    }

    /** Runs a Job that was held, now. */
    async run(name: string): Promise<void> {
        await this.execute(await this.batch.readNamespacedJob({ namespace: this.options.namespace, name }));
    }

    private async execute(job: V1Job): Promise<void> {
        const name = job.metadata!.name!;
        const pod = this.kubelet ? await this.createPod(job) : undefined;
        const log: LiveLog = { text: '', done: false, readers: new Set() };
        if (pod) this.podLogs.set(pod, log);
        const { exitCode, output } = await this.runInSandbox(job, chunk => {
            log.text += chunk;
            for (const reader of log.readers) reader(chunk);
        });
        log.done = true;
        for (const reader of log.readers) reader(undefined);
        this.output.set(name, output);
        await this.finish(name, exitCode === 0, exitCode === 0 ? undefined : 'BackoffLimitExceeded', exitCode === 0 ? undefined : `the pod exited with ${exitCode}`);
    }

    /** The Job's pod is killed at its memory limit: the container's state says `OOMKilled`, then the Job fails. */
    private async oomKill(job: V1Job): Promise<void> {
        const namespace = this.options.namespace;
        const pod = await this.core.readNamespacedPod({ namespace, name: await this.createPod(job) });
        const container = job.spec!.template.spec!.containers[0]!;
        const now = new Date();
        pod.status = {
            phase: 'Failed',
            containerStatuses: [{
                name: container.name, image: container.image ?? '', imageID: '', ready: false, restartCount: 0,
                state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: now, finishedAt: now } },
            }],
        };
        await this.core.replaceNamespacedPodStatus({ namespace, name: pod.metadata!.name!, body: pod });
        await this.finish(job.metadata!.name!, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    }

    /** Writes the Job's status as the job controller does when its pod ends. */
    async finish(name: string, succeeded: boolean, reason?: string, message?: string): Promise<void> {
        const namespace = this.options.namespace;
        const job = await this.batch.readNamespacedJob({ namespace, name });
        const now = new Date();
        job.status = {
            ...job.status,
            startTime: job.status?.startTime ?? now,
            ...(succeeded ? { succeeded: 1, completionTime: now } : { failed: 1 }),
            conditions: [{ type: succeeded ? 'Complete' : 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) }],
        };
        await this.batch.replaceNamespacedJobStatus({ namespace, name, body: job });
    }

    /**
     * The Job's container command in runsc: each ConfigMap volume (the bundle at /weft/bundle, a
     * command's project files at /weft/project, items at their paths) from its ConfigMap,
     * /weft/data the local volume, node from this machine.
     */
    private async runInSandbox(job: V1Job, onOutput: (chunk: string) => void): Promise<{ exitCode: number; output: string }> {
        const pod = job.spec!.template.spec!;
        const container = pod.containers[0]!;
        const id = `weft-fake-${job.metadata!.name!}-${process.pid}`;
        const configMapMounts = [];
        for (const volume of pod.volumes!.filter(candidate => candidate.configMap)) {
            const mountPath = container.volumeMounts!.find(mount => mount.name === volume.name)!.mountPath;
            const configMap = await this.core.readNamespacedConfigMap({ namespace: this.options.namespace, name: volume.configMap!.name! });
            const folder = path.join(this.work, id, volume.name);
            const items = volume.configMap!.items ?? Object.keys(configMap.data ?? {}).map(key => ({ key, path: key }));
            for (const item of items) {
                await mkdir(path.dirname(path.join(folder, item.path)), { recursive: true });
                await writeFile(path.join(folder, item.path), configMap.data![item.key]!);
            }
            await mkdir(folder, { recursive: true });
            configMapMounts.push({ destination: mountPath, source: folder, readOnly: true });
        }
        const sandbox = path.join(this.work, id, 'sandbox');
        const rootfs = path.join(sandbox, 'rootfs');
        for (const dir of ['usr', 'etc', 'tmp', 'proc', 'dev', 'weft/data', 'weft/node', ...configMapMounts.map(mount => mount.destination.slice(1))]) await mkdir(path.join(rootfs, dir), { recursive: true });
        for (const link of ['bin', 'lib', 'lib64', 'sbin']) await symlink(`usr/${link}`, path.join(rootfs, link));
        const config = ociConfig({
            args: container.command!, cwd: container.workingDir ?? '/',
            env: ['PATH=/weft/node:/usr/bin:/bin', ...(container.env ?? []).map(variable => `${variable.name}=${variable.value}`)],
            uid: 0,
            mounts: [
                ...configMapMounts,
                { destination: '/weft/data', source: this.options.volume, readOnly: false },
                { destination: '/weft/node', source: path.dirname(process.execPath), readOnly: true },
            ],
            limits: { memory: 0, cpu: 0, pids: 256 },
            cgroupsPath: `weft-test/${id}`,
            // The container image's /etc, as far as this stand-in has one: the host's; no network, as in a pod without egress.
            etcSource: '/etc',
            network: 'none',
        });
        await writeFile(path.join(sandbox, 'config.json'), JSON.stringify(config));
        const child = spawn('runsc', ['--network=none', 'run', '--bundle', sandbox, id], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', chunk => { output += String(chunk); onOutput(String(chunk)); });
        child.stderr.on('data', chunk => { output += String(chunk); onOutput(String(chunk)); });
        const exitCode = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)));
        await new Promise(resolve => spawn('runsc', ['delete', '-force', id], { stdio: 'ignore' }).on('close', resolve));
        return { exitCode, output };
    }
}
