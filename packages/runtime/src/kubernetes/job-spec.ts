/**
 * The pure part of running a step on Kubernetes: the Job of one attempt, the ConfigMap of a step
 * bundle, and the small helpers they are made of (quantities, tolerations, labels, names), shared
 * with the Argo Workflows export. docs/kubernetes.md describes the conventions.
 */
import { createHash } from 'node:crypto';
import type { V1ConfigMap, V1Job, V1ResourceRequirements, V1Toleration, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { WeftError } from '@weft/contract/errors';
import { pythonEnvironment, pythonWorkerCommand } from '../executors/python-command.js';
import type { ResourceRequest } from '../scheduling/capacity.js';
import { DEFAULT_STEP_IMAGE, type KubernetesPool, type KubernetesTarget } from '../plan/targets.js';

export const CONTAINER_NAME = 'step';
/** Where the bundle ConfigMap (worker entry and step bundle) is mounted in the pod. */
export const BUNDLE_MOUNT = '/weft/bundle';
/** Where the target's volume is mounted in the pod. */
export const DATA_MOUNT = '/weft/data';
/** Where a command step's project files (its ConfigMap) are mounted in the pod, as the plan's root. */
export const PROJECT_MOUNT = '/weft/project';
/** Where a Python step's worker package (`weft_worker`, the fallback `weft_contract.py`) is mounted in the pod. */
export const PYTHON_WORKER_MOUNT = '/weft/python';
/** Where the folders of a Python step's module path (the run's generated contracts) are mounted in the pod: `<mount>/<n>`. */
export const PYTHON_PATH_MOUNT = '/weft/pythonpath';
/** A ConfigMap holds at most 1 MiB (etcd's object limit, as the API server enforces it). */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;

export const LABELS = {
    managedBy: 'app.kubernetes.io/managed-by',
    run: 'weft.dev/run',
    task: 'weft.dev/task',
    attempt: 'weft.dev/attempt',
    step: 'weft.dev/step',
} as const;
/** Label values are cut to 63 characters; the exact ids are kept in these annotations. */
export const ANNOTATIONS = { run: 'weft.dev/run-id', task: 'weft.dev/task-id' } as const;

/** cpu in millicores as a Kubernetes quantity: `"500m"`. */
export function cpuQuantity(millicores: number): string {
    return `${Math.ceil(millicores)}m`;
}

/** Memory in bytes as a Kubernetes quantity: `"2Gi"`, `"384Mi"`, `"64Ki"` when exact, else bytes. */
export function memoryQuantity(bytes: number): string {
    const whole = Math.ceil(bytes);
    for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
        if (whole >= size && whole % size === 0) return `${whole / size}${unit}`;
    }
    return String(whole);
}

/** requests = limits (Guaranteed QoS); gpus as `nvidia.com/gpu`; a resource of 0 is left out. */
export function resourceRequirements(resources: ResourceRequest): V1ResourceRequirements {
    const quantities: Record<string, string> = {};
    if (resources.cpu > 0) quantities['cpu'] = cpuQuantity(resources.cpu);
    if (resources.memory > 0) quantities['memory'] = memoryQuantity(resources.memory);
    if (resources.gpu > 0) quantities['nvidia.com/gpu'] = String(Math.ceil(resources.gpu));
    return Object.keys(quantities).length === 0 ? {} : { requests: { ...quantities }, limits: { ...quantities } };
}

/** A target that does not say what a pod needs in a form Kubernetes accepts (a malformed taint). */
export class PodConventionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'pod-convention';

    constructor(message: string) {
        super(message);
        this.name = 'PodConventionError';
    }
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** A pool taint `"key[=value][:Effect]"` as the toleration that lets its pods onto the pool's nodes. */
export function tolerationOf(taint: string): V1Toleration {
    const match = /^([^=:]+)(?:=([^:]*))?(?::(.+))?$/.exec(taint.trim());
    if (!match) throw new PodConventionError(`the taint ${JSON.stringify(taint)} is not key=value:Effect`);
    const [, key, value, effect] = match;
    if (effect !== undefined && !taintEffects.includes(effect)) {
        throw new PodConventionError(`the taint ${JSON.stringify(taint)} has the effect ${effect}; expected one of ${taintEffects.join(', ')}`);
    }
    return {
        key: key!,
        ...(value === undefined ? { operator: 'Exists' } : { operator: 'Equal', value }),
        ...(effect === undefined ? {} : { effect }),
    };
}

/** Any text as a valid label value: at most 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric. */
export function labelValue(text: string): string {
    const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63);
    return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** The labels of an attempt's Job and pod; `weft.dev/run` and `weft.dev/task` select them on resume. */
export function attemptLabels(runId: string, taskId: string, attempt: number, step: string): Record<string, string> {
    return {
        [LABELS.managedBy]: 'weft',
        [LABELS.run]: labelValue(runId),
        [LABELS.task]: labelValue(taskId),
        [LABELS.attempt]: String(attempt),
        [LABELS.step]: labelValue(step),
    };
}

/** The label selector of a run's Jobs. */
export function runSelector(runId: string): string {
    return `${LABELS.managedBy}=weft,${LABELS.run}=${labelValue(runId)}`;
}

/** A DNS-1123 label (lower case alphanumerics and `-`), at most `max` characters. */
function dnsLabel(text: string, max: number): string {
    return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, max).replace(/^-+|-+$/g, '');
}

function shortHash(text: string, length: number): string {
    return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The Job of one attempt: `weft-<task>-<hash of run and task>-<attempt>`, at most 63 characters,
 * so that two runs, two tasks or two attempts never share a name even when the task is cut short.
 */
export function jobName(runId: string, taskId: string, attempt: number): string {
    const suffix = `-${shortHash(`${runId}\u0000${taskId}`, 10)}-${attempt}`;
    const task = dnsLabel(taskId, 63 - 'weft-'.length - suffix.length) || 'task';
    return `weft-${task}${suffix}`;
}

/** The ConfigMap of a step bundle, named by its content so that runs and attempts share it. */
export function bundleConfigMapName(bundleHash: string): string {
    return `weft-bundle-${bundleHash.replace(/^sha256:/, '').slice(0, 20)}`;
}

/** The files of the bundle ConfigMap: the worker entry with its modules, and the step as `step.mjs`. */
export interface BundleFiles {
    readonly [file: string]: string;
}

/** How many bytes a ConfigMap with these files holds (what the 1 MiB limit counts). */
export function bundleSize(files: BundleFiles): number {
    return Object.entries(files).reduce((sum, [name, content]) => sum + Buffer.byteLength(name) + Buffer.byteLength(content), 0);
}

export function bundleConfigMap(name: string, namespace: string, files: BundleFiles): V1ConfigMap {
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace, labels: { [LABELS.managedBy]: 'weft' } },
        data: { ...files },
    };
}

/** An attempt's folder on the volume, relative to its root: `runs/<run>/<task>/<attempt>`. */
export function attemptFolder(runId: string, taskId: string, attempt: number): string {
    return ['runs', safeSegment(runId), safeSegment(taskId), String(attempt)].join('/');
}

/** A task id (`train[3]`) as one safe path segment (`train_3_`), as the engine names work folders. */
function safeSegment(text: string): string {
    return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A ConfigMap key and the path, under the volume's mount, where it appears. */
export interface ConfigMapItem {
    readonly key: string;
    readonly path: string;
}

/**
 * A command step's container: the command, run in its folder under {@link PROJECT_MOUNT}, where
 * the ConfigMap `configMap` puts each of `files` (a key, and its path relative to the plan's root).
 */
export interface CommandContainer {
    readonly command: readonly string[];
    /** Relative to the plan's root. */
    readonly directory: string;
    readonly configMap: string;
    readonly files: readonly ConfigMapItem[];
}

/**
 * A Python step's container (kubernetes/python-files.ts): the Python worker calls `function` of
 * `module`; the ConfigMap `configMap` brings the worker package to {@link PYTHON_WORKER_MOUNT},
 * the step's sources to {@link PROJECT_MOUNT} and the module path's files to {@link PYTHON_PATH_MOUNT}.
 */
export interface PythonContainer {
    readonly configMap: string;
    readonly worker: readonly ConfigMapItem[];
    readonly project: readonly ConfigMapItem[];
    /** Paths `<n>/<file>`, `n` the folder's place on the module path. */
    readonly modulePath: readonly ConfigMapItem[];
    readonly modulePathFolders: number;
    /** Relative to the plan's root. */
    readonly module: string;
    readonly function: string;
}

/** What one attempt's Job is made of: the node worker on a bundle, a command, or the Python worker. */
export type AttemptJob = AttemptJobBase & ({
    /** The ConfigMap holding the bundle ({@link bundleConfigMapName}). */
    readonly bundleConfigMap: string;
} | { readonly command: CommandContainer } | { readonly python: PythonContainer });

interface AttemptJobBase {
    readonly runId: string;
    readonly taskId: string;
    readonly attempt: number;
    readonly step: string;
    /** The step's `image`, if it sets one. */
    readonly image?: string;
    readonly resources: ResourceRequest;
    readonly timeoutMs?: number;
    readonly target: KubernetesTarget;
    /** The pool the scheduler chose; none when the target has no pools. */
    readonly pool?: KubernetesPool;
    /** `TRACEPARENT`/`TRACESTATE` of the attempt. */
    readonly environment?: Readonly<Record<string, string>>;
}

/** The Job of one attempt (docs/kubernetes.md): one pod, never restarted; retries are the runtime's. */
export function attemptJob(spec: AttemptJob): V1Job {
    const { target, pool } = spec;
    const labels = attemptLabels(spec.runId, spec.taskId, spec.attempt, spec.step);
    const folder = `${DATA_MOUNT}/${attemptFolder(spec.runId, spec.taskId, spec.attempt)}`;
    const process = 'command' in spec ? commandProcess(spec.command, folder) : 'python' in spec ? pythonProcess(spec.python, folder) : workerProcess(spec.bundleConfigMap, folder);
    const environment = Object.entries({ ...process.environment, ...spec.environment }).map(([name, value]) => ({ name, value }));
    const tolerations = (pool?.taints ?? []).map(tolerationOf);
    const deadline = spec.timeoutMs === undefined ? undefined : Math.max(1, Math.ceil(spec.timeoutMs / 1000));
    return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
            name: jobName(spec.runId, spec.taskId, spec.attempt),
            namespace: target.namespace,
            labels,
            annotations: { [ANNOTATIONS.run]: spec.runId, [ANNOTATIONS.task]: spec.taskId },
        },
        spec: {
            backoffLimit: 0,
            ...(deadline === undefined ? {} : { activeDeadlineSeconds: deadline }),
            template: {
                metadata: { labels: { ...labels } },
                spec: {
                    restartPolicy: 'Never',
                    ...(target.runtimeClass ? { runtimeClassName: target.runtimeClass } : {}),
                    ...(target.serviceAccount ? { serviceAccountName: target.serviceAccount } : {}),
                    ...(pool && Object.keys(pool.labels).length > 0 ? { nodeSelector: { ...pool.labels } } : {}),
                    ...(tolerations.length > 0 ? { tolerations } : {}),
                    containers: [{
                        name: CONTAINER_NAME,
                        image: spec.image ?? target.image ?? DEFAULT_STEP_IMAGE,
                        command: process.command,
                        workingDir: process.workingDir,
                        ...(environment.length > 0 ? { env: environment } : {}),
                        resources: resourceRequirements(spec.resources),
                        volumeMounts: [
                            ...process.mounts,
                            ...(target.volume ? [{ name: 'data', mountPath: DATA_MOUNT }] : []),
                        ],
                    }],
                    volumes: [
                        ...process.volumes,
                        ...(target.volume ? [{ name: 'data', persistentVolumeClaim: { claimName: target.volume } }] : []),
                    ],
                },
            },
        },
    };
}

/** What the step's container runs, with the ConfigMap volumes that bring its files. */
interface ContainerProcess {
    readonly command: string[];
    readonly workingDir: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly mounts: readonly V1VolumeMount[];
    readonly volumes: readonly V1Volume[];
}

function workerProcess(bundleConfigMap: string, folder: string): ContainerProcess {
    return {
        command: ['node', `${BUNDLE_MOUNT}/worker-entry.js`, `${BUNDLE_MOUNT}/step.mjs`, `${folder}/in`, `${folder}/out`],
        workingDir: `${folder}/out`,
        environment: {},
        mounts: [{ name: 'bundle', mountPath: BUNDLE_MOUNT, readOnly: true }],
        volumes: [{ name: 'bundle', configMap: { name: bundleConfigMap } }],
    };
}

/** A command step over the file protocol (docs/runtime.md): its executable is the image's, found on the image's `PATH` or in its folder. */
function commandProcess(command: CommandContainer, folder: string): ContainerProcess {
    return {
        command: [...command.command],
        workingDir: command.directory === '.' ? PROJECT_MOUNT : `${PROJECT_MOUNT}/${command.directory}`,
        environment: { LANG: 'C.UTF-8', WEFT_INPUTS: `${folder}/in/inputs.json`, WEFT_OUT_DIR: `${folder}/out` },
        mounts: [{ name: 'project', mountPath: PROJECT_MOUNT, readOnly: true }],
        volumes: [{ name: 'project', configMap: { name: command.configMap, items: command.files.map(file => ({ key: file.key, path: file.path })) } }],
    };
}

/** The Python worker as the process executor runs it (docs/runtime.md, "Python steps"), on the image's `python3`; the module path's folders only when there are any. */
function pythonProcess(python: PythonContainer, folder: string): ContainerProcess {
    const parts = [
        { name: 'python', mountPath: PYTHON_WORKER_MOUNT, items: python.worker },
        { name: 'project', mountPath: PROJECT_MOUNT, items: python.project },
        ...(python.modulePath.length > 0 ? [{ name: 'pythonpath', mountPath: PYTHON_PATH_MOUNT, items: python.modulePath }] : []),
    ];
    const modulePath = Array.from({ length: python.modulePathFolders }, (_, index) => `${PYTHON_PATH_MOUNT}/${index}`);
    return {
        command: pythonWorkerCommand('python3', {
            workerDir: PYTHON_WORKER_MOUNT, root: PROJECT_MOUNT, module: `${PROJECT_MOUNT}/${python.module}`, inputDir: `${folder}/in`, outDir: `${folder}/out`,
        }, python.function),
        workingDir: `${folder}/out`,
        environment: { LANG: 'C.UTF-8', ...pythonEnvironment(modulePath) },
        mounts: parts.map(part => ({ name: part.name, mountPath: part.mountPath, readOnly: true })),
        volumes: parts.map(part => ({ name: part.name, configMap: { name: python.configMap, items: part.items.map(item => ({ key: item.key, path: item.path })) } })),
    };
}
