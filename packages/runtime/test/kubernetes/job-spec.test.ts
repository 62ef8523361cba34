// The pure Job building: quantities, tolerations, labels, names, and whole Jobs checked offline
// against the Kubernetes schema (kubernetes-models validates fields, types and enums).
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, expect, it } from 'vitest';
import {
    attemptJob, attemptLabels, bundleConfigMap, bundleConfigMapName, bundleSize, cpuQuantity, jobName, labelValue, memoryQuantity,
    resourceRequirements, tolerationOf,
} from '../../src/kubernetes/job-spec.js';
import { DEFAULT_STEP_IMAGE, kubernetesTargetOf, TargetError, type KubernetesTarget } from '../../src/plan/targets.js';

const MiB = 1024 * 1024;
const target: KubernetesTarget = kubernetesTargetOf({
    name: 'cluster', kind: 'kubernetes', source: { file: 'x.weft', line: 1 },
    members: { namespace: 'ml', runtimeClass: 'gvisor', serviceAccount: 'weft-runner', volume: 'weft-data', image: 'registry.local/node:22' },
    pools: [
        { name: 'cpu', members: { cpu: 16, memory: 64 * 1024 * MiB, count: 4, labels: { 'weft.dev/pool': 'cpu' } } },
        { name: 'gpu', members: { cpu: 32, memory: 256 * 1024 * MiB, gpu: 4, count: 2, labels: { 'weft.dev/pool': 'gpu' }, taints: ['nvidia.com/gpu', 'dedicated=ml:NoSchedule'] } },
    ],
});

describe('quantities', () => {
    it('writes cpu in millicores and memory in the largest exact binary unit', () => {
        expect(cpuQuantity(500)).toBe('500m');
        expect(cpuQuantity(2000)).toBe('2000m');
        expect(memoryQuantity(2 * 1024 * MiB)).toBe('2Gi');
        expect(memoryQuantity(384 * MiB)).toBe('384Mi');
        expect(memoryQuantity(64 * 1024)).toBe('64Ki');
        expect(memoryQuantity(1000)).toBe('1000');
    });

    it('makes requests equal limits, gpus as nvidia.com/gpu, and leaves out zeros', () => {
        expect(resourceRequirements({ cpu: 500, memory: 256 * MiB, gpu: 2 })).toEqual({
            requests: { cpu: '500m', memory: '256Mi', 'nvidia.com/gpu': '2' },
            limits: { cpu: '500m', memory: '256Mi', 'nvidia.com/gpu': '2' },
        });
        expect(resourceRequirements({ cpu: 0, memory: 0, gpu: 0 })).toEqual({});
    });
});

describe('tolerations', () => {
    it('reads key, key=value and an effect', () => {
        expect(tolerationOf('nvidia.com/gpu')).toEqual({ key: 'nvidia.com/gpu', operator: 'Exists' });
        expect(tolerationOf('dedicated=ml:NoSchedule')).toEqual({ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' });
        expect(tolerationOf('spot:PreferNoSchedule')).toEqual({ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' });
    });
});

describe('labels and names', () => {
    it('turns any text into a valid label value of at most 63 characters', () => {
        expect(labelValue('train[3]')).toBe('train-3');
        expect(labelValue('-._x_.-')).toBe('x');
        const long = labelValue(`${'a'.repeat(70)}[1]`);
        expect(long.length).toBeLessThanOrEqual(63);
        expect(long).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
    });

    it('labels an attempt with run, task, attempt and step', () => {
        expect(attemptLabels('run-1', 'embed[12]', 3, 'embed')).toEqual({
            'app.kubernetes.io/managed-by': 'weft', 'weft.dev/run': 'run-1', 'weft.dev/task': 'embed-12', 'weft.dev/attempt': '3', 'weft.dev/step': 'embed',
        });
    });

    it('names Jobs as DNS-1123 labels, unique per run, task and attempt, even when cut short', () => {
        const names = [
            jobName('run-a', 'train', 1), jobName('run-a', 'train', 2), jobName('run-b', 'train', 1),
            jobName('run-a', `${'Very_Long_Task_'.repeat(6)}[1]`, 1), jobName('run-a', `${'Very_Long_Task_'.repeat(6)}[2]`, 1),
        ];
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
            expect(name.length).toBeLessThanOrEqual(63);
            expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        }
        expect(jobName('run-a', 'train', 1)).toBe(jobName('run-a', 'train', 1));
    });
});

describe('attemptJob', () => {
    const job = attemptJob({
        runId: 'run-1', taskId: 'train[0]', attempt: 2, step: 'train', resources: { cpu: 4000, memory: 8 * 1024 * MiB, gpu: 1 },
        timeoutMs: 90_500, target, pool: target.pools[1]!, bundleConfigMap: 'weft-bundle-abc', environment: { TRACEPARENT: '00-abc-def-01' },
    });

    it('follows the pod conventions', () => {
        const pod = job.spec!.template.spec!;
        const container = pod.containers[0]!;
        expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 91 });
        expect(pod).toMatchObject({ restartPolicy: 'Never', runtimeClassName: 'gvisor', serviceAccountName: 'weft-runner', nodeSelector: { 'weft.dev/pool': 'gpu' } });
        expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }]);
        expect(container.name).toBe('step');
        expect(container.image).toBe('registry.local/node:22');
        expect(container.command).toEqual(['node', '/weft/bundle/worker-entry.js', '/weft/bundle/step.mjs', '/weft/data/runs/run-1/train_0_/2/in', '/weft/data/runs/run-1/train_0_/2/out']);
        expect(container.env).toEqual([{ name: 'TRACEPARENT', value: '00-abc-def-01' }]);
        expect(container.resources?.limits).toEqual({ cpu: '4000m', memory: '8Gi', 'nvidia.com/gpu': '1' });
        expect(pod.volumes).toEqual([{ name: 'bundle', configMap: { name: 'weft-bundle-abc' } }, { name: 'data', persistentVolumeClaim: { claimName: 'weft-data' } }]);
        expect(job.metadata?.annotations).toEqual({ 'weft.dev/run-id': 'run-1', 'weft.dev/task-id': 'train[0]' });
    });

    it('takes the step image first, then the target image, then the default', () => {
        const base = { runId: 'r', taskId: 't', attempt: 1, step: 's', resources: { cpu: 0, memory: 0, gpu: 0 }, bundleConfigMap: 'b' };
        expect(attemptJob({ ...base, target, image: 'mine:1' }).spec!.template.spec!.containers[0]!.image).toBe('mine:1');
        const bare = kubernetesTargetOf({ name: 'bare', kind: 'kubernetes', members: { namespace: 'default' }, pools: [], source: { file: 'x', line: 1 } });
        const pod = attemptJob({ ...base, target: bare }).spec!.template.spec!;
        expect(pod.containers[0]!.image).toBe(DEFAULT_STEP_IMAGE);
        expect(pod.nodeSelector).toBeUndefined();
        expect(pod.runtimeClassName).toBeUndefined();
    });

    it('is a valid batch/v1 Job by the Kubernetes schema', () => {
        expect(() => new Job(job as never).validate()).not.toThrow();
    });

    it('the schema check catches a broken Job (so the test above can fail)', () => {
        const broken = structuredClone(job);
        (broken.spec!.template.spec!.containers[0] as { name?: unknown }).name = 42;
        expect(() => new Job(broken as never).validate()).toThrow();
    });

    it('puts the bundle in a valid ConfigMap named by its content, and counts its size', () => {
        const files = { 'step.mjs': 'export const step = () => ({});', 'worker-entry.js': '// worker' };
        const map = bundleConfigMap(bundleConfigMapName('sha256:0123456789abcdef0123456789abcdef'), 'ml', files);
        expect(map.metadata?.name).toBe('weft-bundle-0123456789abcdef0123');
        expect(() => new ConfigMap(map as never).validate()).not.toThrow();
        expect(bundleSize(files)).toBe('step.mjs'.length + files['step.mjs'].length + 'worker-entry.js'.length + files['worker-entry.js'].length);
    });
});

describe('attemptJob of a command step', () => {
    const command = { command: ['python3', '-m', 'mypkg.train'], directory: 'pipelines', configMap: 'weft-command-0123', files: [{ key: 'command', path: 'pipelines/.weft-command.json' }] };
    const job = attemptJob({
        runId: 'run-1', taskId: 'train', attempt: 1, step: 'train', resources: { cpu: 1000, memory: 1024 * MiB, gpu: 0 },
        target, image: 'python:3.12-slim', command, environment: { TRACEPARENT: '00-abc-def-01' },
    });
    const container = job.spec!.template.spec!.containers[0]!;

    it('runs the command in the step image, in its folder under /weft/project, with the file protocol\'s variables', () => {
        expect(container.image).toBe('python:3.12-slim');
        expect(container.command).toEqual(['python3', '-m', 'mypkg.train']);
        expect(container.workingDir).toBe('/weft/project/pipelines');
        expect(container.env).toEqual([
            { name: 'LANG', value: 'C.UTF-8' },
            { name: 'WEFT_INPUTS', value: '/weft/data/runs/run-1/train/1/in/inputs.json' },
            { name: 'WEFT_OUT_DIR', value: '/weft/data/runs/run-1/train/1/out' },
            { name: 'TRACEPARENT', value: '00-abc-def-01' },
        ]);
        expect(container.volumeMounts).toEqual([{ name: 'project', mountPath: '/weft/project', readOnly: true }, { name: 'data', mountPath: '/weft/data' }]);
        expect(job.spec!.template.spec!.volumes![0]).toEqual({ name: 'project', configMap: { name: 'weft-command-0123', items: [{ key: 'command', path: 'pipelines/.weft-command.json' }] } });
    });

    it('runs a command of the root folder in /weft/project itself, and is a valid batch/v1 Job', () => {
        const rooted = attemptJob({ runId: 'r', taskId: 't', attempt: 1, step: 's', resources: { cpu: 0, memory: 0, gpu: 0 }, target, command: { ...command, directory: '.' } });
        expect(rooted.spec!.template.spec!.containers[0]!.workingDir).toBe('/weft/project');
        expect(() => new Job(job as never).validate()).not.toThrow();
    });
});

describe('attemptJob of a Python step', () => {
    const python = {
        configMap: 'weft-python-0123', module: 'steps/regression.py', function: 'fit', modulePathFolders: 1,
        worker: [{ key: 'worker-0', path: 'weft_worker/__main__.py' }],
        project: [{ key: 'file-0', path: 'steps/regression.py' }],
        modulePath: [{ key: 'path-0-0', path: '0/housing.py' }],
    };
    const job = attemptJob({ runId: 'run-1', taskId: 'fit', attempt: 1, step: 'fit', resources: { cpu: 1000, memory: 512 * MiB, gpu: 0 }, target, image: 'python:3.11-slim', python });
    const pod = job.spec!.template.spec!;
    const container = pod.containers[0]!;

    it('runs the Python worker on the image\'s python3, the module under /weft/project, in and out on the volume, PYTHONPATH on the contracts', () => {
        expect(container.image).toBe('python:3.11-slim');
        expect(container.command).toEqual([
            'python3', '-B', '-u', '/weft/python/weft_worker/__main__.py', '/weft/project', '/weft/project/steps/regression.py', 'fit',
            '/weft/data/runs/run-1/fit/1/in', '/weft/data/runs/run-1/fit/1/out',
        ]);
        expect(container.workingDir).toBe('/weft/data/runs/run-1/fit/1/out');
        expect(container.env).toEqual([
            { name: 'LANG', value: 'C.UTF-8' }, { name: 'PYTHONDONTWRITEBYTECODE', value: '1' }, { name: 'PYTHONUNBUFFERED', value: '1' },
            { name: 'PYTHONIOENCODING', value: 'utf-8' }, { name: 'PYTHONPATH', value: '/weft/pythonpath/0' },
        ]);
    });

    it('mounts the one ConfigMap read-only three times: the worker, the project sources and the module path, each with its own items', () => {
        expect(container.volumeMounts).toEqual([
            { name: 'python', mountPath: '/weft/python', readOnly: true },
            { name: 'project', mountPath: '/weft/project', readOnly: true },
            { name: 'pythonpath', mountPath: '/weft/pythonpath', readOnly: true },
            { name: 'data', mountPath: '/weft/data' },
        ]);
        expect(pod.volumes!.slice(0, 3)).toEqual([
            { name: 'python', configMap: { name: 'weft-python-0123', items: [{ key: 'worker-0', path: 'weft_worker/__main__.py' }] } },
            { name: 'project', configMap: { name: 'weft-python-0123', items: [{ key: 'file-0', path: 'steps/regression.py' }] } },
            { name: 'pythonpath', configMap: { name: 'weft-python-0123', items: [{ key: 'path-0-0', path: '0/housing.py' }] } },
        ]);
        expect(() => new Job(job as never).validate()).not.toThrow();
    });

    it('leaves out the module path\'s volume and PYTHONPATH when there are no contracts', () => {
        const bare = attemptJob({ runId: 'r', taskId: 't', attempt: 1, step: 's', resources: { cpu: 0, memory: 0, gpu: 0 }, target, python: { ...python, modulePath: [], modulePathFolders: 0 } });
        const spec = bare.spec!.template.spec!;
        expect(spec.volumes!.map(volume => volume.name)).toEqual(['python', 'project', 'data']);
        expect(spec.containers[0]!.env!.map(variable => variable.name)).not.toContain('PYTHONPATH');
        expect(() => new Job(bare as never).validate()).not.toThrow();
    });
});

describe('kubernetesTargetOf', () => {
    it('reads pools with per-node sizes and counts', () => {
        expect(target.pools[1]).toEqual({ name: 'gpu', node: { cpu: 32000, memory: 256 * 1024 * MiB, gpu: 4, gpuMemory: 0 }, count: 2, labels: { 'weft.dev/pool': 'gpu' }, taints: ['nvidia.com/gpu', 'dedicated=ml:NoSchedule'] });
        expect(target.pools[0]!.node.gpu).toBe(0);
    });

    it('refuses a sandbox target and one without a namespace', () => {
        expect(() => kubernetesTargetOf({ name: 'dev', kind: 'sandbox', members: {}, pools: [], source: { file: 'x', line: 1 } })).toThrow(TargetError);
        expect(() => kubernetesTargetOf({ name: 'k', kind: 'kubernetes', members: {}, pools: [], source: { file: 'x', line: 1 } })).toThrow('target k: names no namespace');
    });
});
