import { chmod, copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { KubeConfig, V1Job } from '@kubernetes/client-node';
import type { PathResolver } from '../artifacts/store-outputs.js';
import { workerDir } from '../bundling/runtime-package.js';
import { isCommandImplementation, type PlanCommandImplementation, type PlanFunctionImplementation } from '../contract/plan.js';
import type { AttemptFailure } from '../plan/failure.js';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from '../executors/executor.js';
import {
    type AttemptFolders, prepareAttemptOrFail, readAttemptResult, type WorkerExit, writeInputs,
} from '../executors/worker-attempt.js';
import { forwardLogs } from '../executors/forward-logs.js';
import { callWithRetry } from './api-retry.js';
import type { KubernetesExecutorOptions } from './executor-options.js';
import {
    ANNOTATIONS, attemptFolder, attemptJob, bundleConfigMap, bundleConfigMapName, type BundleFiles, bundleSize, type CommandContainer, CONFIGMAP_LIMIT_BYTES,
    CONTAINER_NAME, DATA_MOUNT, LABELS, labelValue, type PythonContainer, runSelector,
} from './job-spec.js';
import { commandFiles } from './command-files.js';
import { pythonFiles } from './python-files.js';
import { JobWatcher, type JobEnd, jobEnd } from './job-watcher.js';
import { clientsFor, type KubeClients, loadKubeconfig } from './kube-clients.js';
import { KubernetesPermissionError, reasonOf, type RequestSubject } from './kubernetes-errors.js';
import { PodLogFollower } from './pod-log-follower.js';
import { wasOomKilled } from './oom-killed.js';
import { OutOfMemoryError } from '../executors/gvisor/sandbox-errors.js';
import type { KubernetesTarget } from '../plan/targets.js';


/** A target with its clients, resolved once. */
interface Cluster {
    readonly target: KubernetesTarget;
    readonly clients: KubeClients;
    readonly localVolume: string;
}

/**
 * Runs each attempt as a `batch/v1` Job (docs/kubernetes.md): the step bundle in a ConfigMap,
 * inputs and outputs on the target's ReadWriteMany volume, which this machine sees at
 * `localVolume`. One watch per run and namespace follows the Jobs; a cancelled attempt's Job is
 * deleted with `Background` propagation. An attempt whose task already has a Job running or
 * completed (a resumed run) re-attaches to it instead of creating another.
 */
/** How long the end of a followed pod log may lag behind the end of its Job. */
const LOG_DRAIN_MS = 5_000;

export class KubernetesExecutor implements Executor {
    readonly name = 'kubernetes';
    private readonly config: KubeConfig;
    private readonly clusters = new Map<string, Cluster>();
    private readonly watchers = new Map<string, JobWatcher>();
    private readonly configMaps = new Map<string, Promise<void>>();
    /** Jobs whose end this executor has already reported: a retry must not adopt them again. */
    private readonly reported = new Set<string>();

    /** Throws when a target cannot be used: no volume or localVolume, a context the kubeconfig lacks. */
    constructor(private readonly options: KubernetesExecutorOptions) {
        if (options.targets.length === 0) throw new Error('the kubernetes executor needs at least one kubernetes target');
        this.config = loadKubeconfig(options.kubeconfig);
        for (const target of options.targets) this.clusterFor(target.name);
    }

    /** The watch of a run's Jobs on a target (tests read its `stats`). */
    watcherFor(runId: string, targetName: string): JobWatcher | undefined {
        const cluster = this.clusters.get(targetName);
        return cluster && this.watchers.get(this.watcherKey(cluster, runId));
    }

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        let cluster: Cluster;
        try {
            cluster = this.clusterFor(spec.placement?.target);
        } catch (error) {
            return failed(error instanceof Error ? error.message : String(error), false, error);
        }
        const { target } = cluster;
        let follower: PodLogFollower | undefined;
        try {
            const existing = await this.existingJob(cluster, spec);
            const created = existing ? { job: existing } : await this.createJob(cluster, spec, channel);
            if ('failed' in created) return created.failed;
            const { job } = created;
            const attempt = Number(job.metadata?.labels?.[LABELS.attempt] ?? spec.attempt);
            if (existing) channel.logger.info(`re-attached to the Job ${job.metadata?.name} of attempt ${attempt}`, { job: job.metadata?.name });
            const ended = jobEnd(job);
            // While the Job runs its pod's log is followed; a Job found already ended is read once.
            follower = ended ? undefined : new PodLogFollower(cluster.clients, target.namespace, job.metadata!.name!, channel.logger);
            const end = ended ?? await this.waitFor(cluster, spec, job.metadata!.name!, channel.signal);
            if (!end) return failed('the attempt was stopped', false);
            this.reported.add(`${target.name}/${end.job.metadata?.name}`);
            await this.finishPodLogs(cluster, end.job, channel, follower);
            const folder = attemptFolder(spec.runId, spec.taskId, attempt);
            const folders: AttemptFolders = { inputDir: path.join(cluster.localVolume, folder, 'in'), outDir: path.join(cluster.localVolume, folder, 'out') };
            const exit: WorkerExit = { exitCode: end.succeeded ? 0 : 1, stderrTail: end.detail };
            const oomKilled = !end.succeeded && await this.oomKilled(cluster, end.job);
            const result = await readAttemptResult(spec, this.options, folders, exit, volumeResolver(`${DATA_MOUNT}/${folder}`, path.join(cluster.localVolume, folder)),
                () => oomKilled ? outOfMemory(spec) : describeJobFailure(end, target.name), channel.signal);
            return { ...result, outDir: folders.outDir };
        } catch (error) {
            // A missing permission stays missing; anything else (an API server that stayed down) may pass.
            return failed(error instanceof Error ? error.message : String(error), !(error instanceof KubernetesPermissionError), error);
        } finally {
            follower?.stop();
        }
    }

    private clusterFor(targetName: string | undefined): Cluster {
        const target = targetName === undefined ? this.options.targets[0]! : this.options.targets.find(candidate => candidate.name === targetName);
        if (!target) throw new Error(`the kubernetes executor has no target ${targetName}`);
        const known = this.clusters.get(target.name);
        if (known) return known;
        const localVolume = this.options.localVolume ?? target.localVolume;
        if (!target.volume) throw new Error(`target ${target.name} names no volume: set \`volume\` to a ReadWriteMany PersistentVolumeClaim (docs/kubernetes.md)`);
        if (!localVolume) throw new Error(`target ${target.name} names no localVolume: set it to where this machine mounts the volume ${target.volume} (docs/kubernetes.md)`);
        let clients: KubeClients;
        try {
            clients = clientsFor(this.config, target.context);
        } catch (error) {
            throw new Error(`target ${target.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        const cluster = { target, clients, localVolume };
        this.clusters.set(target.name, cluster);
        return cluster;
    }

    private subject(cluster: Cluster, verb: string, resource: string): RequestSubject {
        return { context: cluster.clients.context, verb, resource, namespace: cluster.target.namespace };
    }

    /** A Job of this task still running or completed (from a run that was interrupted): it is adopted, never doubled. */
    private async existingJob(cluster: Cluster, spec: AttemptSpec): Promise<V1Job | undefined> {
        const list = await callWithRetry(this.subject(cluster, 'list', 'jobs.batch'), () => cluster.clients.batch.listNamespacedJob({
            namespace: cluster.target.namespace, labelSelector: `${runSelector(spec.runId)},${LABELS.task}=${labelValue(spec.taskId)}`,
        }), this.options.retry);
        const mine = list.items.filter(job => job.metadata?.annotations?.[ANNOTATIONS.task] === spec.taskId && !job.metadata?.deletionTimestamp
            && !this.reported.has(`${cluster.target.name}/${job.metadata?.name}`));
        const byAttempt = (job: V1Job): number => Number(job.metadata?.labels?.[LABELS.attempt] ?? 0);
        return mine.filter(job => { const end = jobEnd(job); return !end || end.succeeded; }).sort((a, b) => byAttempt(b) - byAttempt(a))[0];
    }

    /** Puts the bundle and inputs in place and creates the attempt's Job; a failure to prepare is the attempt's result. */
    private async createJob(cluster: Cluster, spec: AttemptSpec, channel: AttemptChannel): Promise<{ job: V1Job } | { failed: AttemptResult }> {
        const implementation = spec.step.implementation;
        const runs = isCommandImplementation(implementation)
            ? await this.commandConfigMap(cluster, spec, implementation)
            : implementation.language === 'python' ? await this.pythonConfigMap(cluster, spec, implementation) : await this.bundleConfigMap(cluster, spec);
        if ('failed' in runs) return runs;
        const folder = attemptFolder(spec.runId, spec.taskId, spec.attempt);
        const folders: AttemptFolders = { inputDir: path.join(cluster.localVolume, folder, 'in'), outDir: path.join(cluster.localVolume, folder, 'out') };
        await mkdir(folders.outDir, { recursive: true });
        await mkdir(folders.inputDir, { recursive: true });
        // The pod's user is the image's, often not this machine's: anyone may write the attempt's out/.
        await chmod(folders.outDir, 0o777);
        const mounts = await writeInputs(spec, folders, (host, index) => `${DATA_MOUNT}/${folder}/in/inputs/${index}/${path.basename(host)}`);
        for (const [index, mount] of mounts.entries()) {
            const copy = path.join(folders.inputDir, 'inputs', String(index), path.basename(mount.host));
            await mkdir(path.dirname(copy), { recursive: true });
            await copyFile(mount.host, copy);
        }
        const pool = cluster.target.pools.find(candidate => candidate.name === spec.placement?.pool);
        const body = attemptJob({
            runId: spec.runId, taskId: spec.taskId, attempt: spec.attempt, step: spec.step.name, resources: spec.resources, target: cluster.target,
            ...runs,
            ...(spec.image === undefined ? {} : { image: spec.image }),
            ...(pool ? { pool } : {}),
            ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
            ...(spec.traceEnvironment ? { environment: spec.traceEnvironment } : {}),
        });
        try {
            const created = await callWithRetry(this.subject(cluster, 'create', 'jobs.batch'),
                () => cluster.clients.batch.createNamespacedJob({ namespace: cluster.target.namespace, body }),
                { ...this.options.retry, passThrough: error => reasonOf(error) === 'AlreadyExists' });
            channel.logger.info(`created the Job ${body.metadata!.name} on ${cluster.target.name}${pool ? ` (pool ${pool.name})` : ''}`, { job: body.metadata!.name, target: cluster.target.name, ...(pool ? { pool: pool.name } : {}) });
            return { job: created };
        } catch (error) {
            // A create whose answer was lost and then retried: the Job is ours.
            if (reasonOf(error) !== 'AlreadyExists') throw error;
            return { job: await callWithRetry(this.subject(cluster, 'get', 'jobs.batch'),
                () => cluster.clients.batch.readNamespacedJob({ namespace: cluster.target.namespace, name: body.metadata!.name! }), this.options.retry) };
        }
    }

    /** The step's bundle with the worker in a ConfigMap of the target. */
    private async bundleConfigMap(cluster: Cluster, spec: AttemptSpec): Promise<{ bundleConfigMap: string } | { failed: AttemptResult }> {
        const prepared = await prepareAttemptOrFail(spec, this.options);
        if ('failed' in prepared) return prepared;
        const files = await this.bundleFiles(prepared.bundle.file);
        const size = bundleSize(files);
        if (size > CONFIGMAP_LIMIT_BYTES) {
            return { failed: failed(`the bundle of step ${spec.step.name} is ${(size / 1024 / 1024).toFixed(2)} MiB with the worker, more than a ConfigMap holds (1 MiB); `
                + 'make the step smaller or move large dependencies into the image', false) };
        }
        const configMap = bundleConfigMapName(prepared.bundle.hash);
        await this.ensureConfigMap(cluster, configMap, files);
        return { bundleConfigMap: configMap };
    }

    /** The project files a command step names, in a ConfigMap of the target (kubernetes/command-files.ts). */
    private async commandConfigMap(cluster: Cluster, spec: AttemptSpec, implementation: PlanCommandImplementation): Promise<{ command: CommandContainer } | { failed: AttemptResult }> {
        const files = await commandFiles(spec.root, implementation);
        const size = bundleSize(files.data);
        if (size > CONFIGMAP_LIMIT_BYTES) {
            return { failed: failed(`the files the command of step ${spec.step.name} names are ${(size / 1024 / 1024).toFixed(2)} MiB, more than a ConfigMap holds (1 MiB); `
                + 'put them in the image instead', false) };
        }
        await this.ensureConfigMap(cluster, files.name, files.data);
        return { command: files.container };
    }

    /** The Python worker, the step's sources and the module path's files, in a ConfigMap of the target (kubernetes/python-files.ts). */
    private async pythonConfigMap(cluster: Cluster, spec: AttemptSpec, implementation: PlanFunctionImplementation): Promise<{ python: PythonContainer } | { failed: AttemptResult }> {
        let files;
        try {
            files = pythonFiles(spec.root, implementation, this.options.pythonModulePath ?? []);
        } catch (error) {
            return { failed: failed(error instanceof Error ? error.message : String(error), false, error) };
        }
        const size = bundleSize(files.data);
        if (size > CONFIGMAP_LIMIT_BYTES) {
            return { failed: failed(`the Python sources of step ${spec.step.name} are ${(size / 1024 / 1024).toFixed(2)} MiB with the worker and contracts, more than a ConfigMap holds (1 MiB); `
                + 'put large modules in the image instead', false) };
        }
        await this.ensureConfigMap(cluster, files.name, files.data);
        return { python: files.container };
    }

    /** The worker entry with its modules and the step bundle, as ConfigMap files. */
    private async bundleFiles(bundleFile: string): Promise<BundleFiles> {
        const files: Record<string, string> = { 'package.json': '{"type":"module"}\n', 'step.mjs': await readFile(bundleFile, 'utf8') };
        for (const name of (await readdir(workerDir())).filter(file => file.endsWith('.js'))) {
            files[name] = await readFile(path.join(workerDir(), name), 'utf8');
        }
        return files;
    }

    private ensureConfigMap(cluster: Cluster, name: string, files: BundleFiles): Promise<void> {
        const key = `${cluster.target.name}/${name}`;
        let pending = this.configMaps.get(key);
        if (!pending) {
            pending = callWithRetry(this.subject(cluster, 'create', 'configmaps'),
                () => cluster.clients.core.createNamespacedConfigMap({ namespace: cluster.target.namespace, body: bundleConfigMap(name, cluster.target.namespace, files) }),
                { ...this.options.retry, passThrough: error => reasonOf(error) === 'AlreadyExists' })
                .then(() => undefined, (error: unknown) => {
                    if (reasonOf(error) === 'AlreadyExists') return; // named by content: the one there is the same
                    this.configMaps.delete(key);
                    throw error;
                });
            this.configMaps.set(key, pending);
        }
        return pending;
    }

    private watcherKey(cluster: Cluster, runId: string): string {
        return `${cluster.target.name}\u0000${runId}`;
    }

    /** Waits for the Job to end; on abort deletes it (Background propagation) and resolves undefined. */
    private async waitFor(cluster: Cluster, spec: AttemptSpec, name: string, signal: AbortSignal): Promise<JobEnd | undefined> {
        const key = this.watcherKey(cluster, spec.runId);
        let watcher = this.watchers.get(key);
        if (!watcher) {
            watcher = new JobWatcher(cluster.clients, cluster.target.namespace, runSelector(spec.runId), this.options.retry);
            this.watchers.set(key, watcher);
        }
        const ended = watcher.waitFor(name);
        const aborted = new Promise<undefined>(resolve => {
            if (signal.aborted) resolve(undefined);
            signal.addEventListener('abort', () => resolve(undefined), { once: true });
        });
        const end = await Promise.race([ended, aborted]);
        if (end) return end;
        watcher.forget(name);
        ended.catch(() => undefined);
        await callWithRetry(this.subject(cluster, 'delete', 'jobs.batch'),
            () => cluster.clients.batch.deleteNamespacedJob({ namespace: cluster.target.namespace, name, propagationPolicy: 'Background' }),
            { ...this.options.retry, passThrough: error => reasonOf(error) === 'NotFound' }).catch((error: unknown) => {
            if (reasonOf(error) !== 'NotFound') throw error;
        });
        return undefined;
    }

    /**
     * After the Job ended: the followed log is given a moment to deliver its last lines; a log that
     * was never attached to (the pod ran too briefly, or the Job was found ended) is read whole.
     */
    private async finishPodLogs(cluster: Cluster, job: V1Job, channel: AttemptChannel, follower: PodLogFollower | undefined): Promise<void> {
        if (follower?.attached) {
            await Promise.race([follower.done, new Promise(resolve => setTimeout(resolve, LOG_DRAIN_MS))]);
            if (!follower.complete) channel.logger.warn(`the log of the Job ${job.metadata?.name} did not end within ${LOG_DRAIN_MS} ms of the Job; its last lines may be missing`);
            follower.stop();
            return;
        }
        follower?.stop();
        await this.forwardPodLogs(cluster, job, channel);
    }

    /** Whether the failed Job's pod was killed at its memory limit; a pod that cannot be read says no. */
    private async oomKilled(cluster: Cluster, job: V1Job): Promise<boolean> {
        const namespace = cluster.target.namespace;
        const pods = await callWithRetry(this.subject(cluster, 'list', 'pods'),
            () => cluster.clients.core.listNamespacedPod({ namespace, labelSelector: `job-name=${job.metadata!.name}` }), this.options.retry).catch(() => undefined);
        return pods !== undefined && wasOomKilled(pods.items, CONTAINER_NAME);
    }

    /** The step's output from its pod, into the run's events (JSON log lines keep their level). */
    private async forwardPodLogs(cluster: Cluster, job: V1Job, channel: AttemptChannel): Promise<void> {
        const namespace = cluster.target.namespace;
        try {
            const pods = await callWithRetry(this.subject(cluster, 'list', 'pods'),
                () => cluster.clients.core.listNamespacedPod({ namespace, labelSelector: `job-name=${job.metadata!.name}` }), this.options.retry);
            for (const pod of pods.items) {
                const text = await callWithRetry(this.subject(cluster, 'get', 'pods/log'),
                    () => cluster.clients.core.readNamespacedPodLog({ namespace, name: pod.metadata!.name!, container: CONTAINER_NAME }), this.options.retry);
                const stream = Readable.from([String(text)]);
                await new Promise<void>(resolve => {
                    forwardLogs(stream, channel.logger, 'info');
                    stream.on('end', resolve);
                });
            }
        } catch (error) {
            channel.logger.warn(`no pod logs for the Job ${job.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}

/** Output handles as the pod saw them (under the attempt's `out/`, or an input copy under `in/`) to this machine's paths. */
function volumeResolver(podFolder: string, localFolder: string): PathResolver {
    return workerPath => {
        const relative = path.posix.relative(podFolder, workerPath);
        if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return undefined;
        if (relative.startsWith('out/')) return { out: relative.slice('out/'.length) };
        return relative.startsWith('in/inputs/') ? { input: path.join(localFolder, relative) } : undefined;
    };
}

function failed(message: string, retryable: boolean, cause?: unknown): AttemptResult {
    return { status: 'failed', failure: { message, retryable, ...(cause === undefined ? {} : { cause }) } };
}

/** The pod was `OOMKilled`: an `OutOfMemoryError`, which the engine may place again with more memory (execution/memory-escalation.ts). */
function outOfMemory(spec: AttemptSpec): AttemptFailure {
    const error = new OutOfMemoryError(spec.taskId, spec.resources.memory, undefined, 'pod');
    return { message: error.message, retryable: false, exitCode: 137, cause: error };
}

function describeJobFailure(end: JobEnd, target: string): AttemptFailure {
    return { message: `the Job ${end.job.metadata?.name} on ${target} failed without a result${end.detail ? `: ${end.detail}` : ''}`, retryable: true, exitCode: 1 };
}
