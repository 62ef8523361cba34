// What the real API server says about weft's objects and requests: server-side dry runs of Jobs
// and ConfigMaps, RBAC refusals named by context and permission, and a watch resumed from a
// compacted resourceVersion (410 Gone), on a server that compacts etcd every second and has no
// watch cache, so that an old resourceVersion is really gone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiException, type V1Job } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFiles } from '../../src/kubernetes/command-files.js';
import { attemptJob, bundleConfigMap } from '../../src/kubernetes/job-spec.js';
import { pythonFiles } from '../../src/kubernetes/python-files.js';
import { KubernetesExecutor } from '../../src/kubernetes/kubernetes-executor.js';
import { kubernetesTargetOf } from '../../src/plan/targets.js';
import { typedAs } from '../execution/plan-fixtures.js';
import { attemptSpec, channel } from '../sandbox/sandbox-fixtures.js';
import { FakeJobController } from './fake-job-controller.js';
import { CLUSTER_SETUP_TIMEOUT, createNamespace, CuttableProxy, startCluster, type TestCluster } from './kube-fixtures.js';

const GiB = 1024 ** 3;
const volume = mkdtempSync(path.join(tmpdir(), 'weft-k8s-volume-'));
const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-k8s-cache-'));
let cluster: TestCluster;
let controller: FakeJobController;

const target = (context: string) => kubernetesTargetOf({
    name: 'cluster', kind: 'kubernetes', source: { file: 'test.weft', line: 1 },
    members: { namespace: 'ml', context, runtimeClass: 'gvisor', serviceAccount: 'weft-runner', volume: 'weft-data', localVolume: volume },
    pools: [
        { name: 'cpu', members: { cpu: 16, memory: 64 * GiB, count: 4, labels: { 'weft.dev/pool': 'cpu' } } },
        { name: 'gpu', members: { cpu: 32, memory: 256 * GiB, gpu: 4, count: 2, labels: { 'weft.dev/pool': 'gpu', 'nvidia.com/gpu.product': 'T4' }, taints: ['nvidia.com/gpu', 'dedicated=ml:NoSchedule'] } },
    ],
});

beforeAll(async () => {
    cluster = await startCluster({ extraArgs: ['--watch-cache=false', '--etcd-compaction-interval=1s'] });
    await createNamespace(cluster, 'ml');
    controller = new FakeJobController({ config: cluster.config, namespace: 'ml', volume, behaviour: () => 'hold' });
    await controller.start();
}, CLUSTER_SETUP_TIMEOUT);

afterAll(async () => {
    await controller?.stop();
    await cluster?.stop();
});

async function dryRun(job: V1Job): Promise<void> {
    await cluster.batch.createNamespacedJob({ namespace: 'ml', body: job, dryRun: 'All' });
}

describe('the API server accepts what weft writes', () => {
    const base = { runId: '3f2c8a9e-0d4b-4c1e-9a57-6b1f0e2d7c11', step: 'train', bundleConfigMap: 'weft-bundle-0123456789abcdef0123' };

    it('accepts Jobs for every pool, with and without image, timeout, gpu and trace context (server-side dry run)', async () => {
        const jobs = [
            attemptJob({ ...base, taskId: 'train', attempt: 1, resources: { cpu: 4000, memory: 8 * GiB, gpu: 1 }, target: target('admin'), pool: target('admin').pools[1]!, timeoutMs: 7_200_000, environment: { TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } }),
            attemptJob({ ...base, taskId: 'embed[117]', attempt: 3, resources: { cpu: 500, memory: 384 * 1024 ** 2, gpu: 0 }, target: target('admin'), pool: target('admin').pools[0]!, image: 'ghcr.io/acme/steps:1.4.0' }),
            attemptJob({ ...base, taskId: `${'very_long_task_name_'.repeat(5)}[9]`, attempt: 12, resources: { cpu: 0, memory: 0, gpu: 0 }, target: kubernetesTargetOf({ name: 'bare', kind: 'kubernetes', members: { namespace: 'ml' }, pools: [], source: { file: 'x', line: 1 } }) }),
        ];
        for (const job of jobs) await expect(dryRun(job)).resolves.toBeUndefined();
        await expect(cluster.core.createNamespacedConfigMap({ namespace: 'ml', body: bundleConfigMap(base.bundleConfigMap, 'ml', { 'step.mjs': 'export const step = 1;' }), dryRun: 'All' })).resolves.toBeDefined();
    });

    it('accepts the Job and the ConfigMap of a command step (server-side dry run)', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-k8s-command-'));
        mkdirSync(path.join(root, 'pipelines', 'steps'), { recursive: true });
        writeFileSync(path.join(root, 'pipelines', 'steps', 'train.py'), 'print("training")\n');
        const files = await commandFiles(root, { command: ['python3', './steps/train.py', '--epochs', '3'], directory: 'pipelines' });
        const job = attemptJob({ runId: base.runId, step: 'train', taskId: 'train', attempt: 1, resources: { cpu: 1000, memory: GiB, gpu: 0 }, target: target('admin'), image: 'python:3.12-slim', command: files.container });
        await expect(dryRun(job)).resolves.toBeUndefined();
        await expect(cluster.core.createNamespacedConfigMap({ namespace: 'ml', body: bundleConfigMap(files.name, 'ml', files.data), dryRun: 'All' })).resolves.toBeDefined();
    });

    it('accepts the Job and the ConfigMap of a Python step with its contracts (server-side dry run)', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-k8s-python-'));
        mkdirSync(path.join(root, 'steps'), { recursive: true });
        writeFileSync(path.join(root, 'steps', 'train.py'), 'from steps.features import scale\n\ndef train(inputs, ctx):\n    return {"y": scale(inputs["x"])}\n');
        writeFileSync(path.join(root, 'steps', 'features.py'), 'def scale(x):\n    return x * 2\n');
        const contracts = mkdtempSync(path.join(tmpdir(), 'weft-k8s-contracts-'));
        writeFileSync(path.join(contracts, 'training.py'), 'class TrainInputs: ...\n');
        const files = pythonFiles(root, { language: 'python', module: './steps/train.py', export: 'train' }, [contracts]);
        const job = attemptJob({ runId: base.runId, step: 'train', taskId: 'train', attempt: 1, resources: { cpu: 1000, memory: GiB, gpu: 0 }, target: target('admin'), image: 'python:3.11-slim', python: files.container });
        await expect(dryRun(job)).resolves.toBeUndefined();
        await expect(cluster.core.createNamespacedConfigMap({ namespace: 'ml', body: bundleConfigMap(files.name, 'ml', files.data), dryRun: 'All' })).resolves.toBeDefined();
    });

    it('rejects a broken Job with 422 (so the dry run above can fail)', async () => {
        const job = attemptJob({ ...base, taskId: 'train', attempt: 1, resources: { cpu: 1000, memory: GiB, gpu: 0 }, target: target('admin') });
        job.spec!.template.spec!.restartPolicy = 'Always';
        const error = await dryRun(job).catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(ApiException);
        expect((error as ApiException<unknown>).code).toBe(422);
        expect(JSON.stringify((error as ApiException<unknown>).body)).toContain('spec.template.spec.restartPolicy');
    });
});

describe('permissions', () => {
    it('names the context and the missing permission when RBAC allows listing Jobs but not creating ConfigMaps', async () => {
        await cluster.config.makeApiClient((await import('@kubernetes/client-node')).RbacAuthorizationV1Api).createNamespacedRole({
            namespace: 'ml', body: { metadata: { name: 'jobs-reader' }, rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }] },
        });
        await cluster.config.makeApiClient((await import('@kubernetes/client-node')).RbacAuthorizationV1Api).createNamespacedRoleBinding({
            namespace: 'ml', body: { metadata: { name: 'viewer-reads-jobs' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'jobs-reader' }, subjects: [{ kind: 'User', name: 'viewer', apiGroup: 'rbac.authorization.k8s.io' }] },
        });
        const executor = new KubernetesExecutor({ targets: [target('viewer')], kubeconfig: { yaml: cluster.kubeconfigYaml }, cacheDir, retry: { attempts: 2, baseDelayMs: 10 } });
        const result = await executor.execute(attemptSpec('noop', {}, { runId: 'run-rbac' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false } });
        if (result.status === 'failed') {
            expect(result.failure.message).toContain('kubernetes context viewer: missing permission to create configmaps in namespace ml');
            expect(result.failure.message).toContain('docs/kubernetes.md');
        }
    });
});

describe('watching Jobs', () => {
    it('relists when the resourceVersion it would resume from was compacted away (410 Gone)', async () => {
        const proxy = new CuttableProxy(cluster.server);
        await proxy.start();
        try {
            const executor = new KubernetesExecutor({ targets: [target('admin')], kubeconfig: { yaml: proxy.kubeconfig(cluster.kubeconfigYaml) }, cacheDir, retry: { attempts: 3, baseDelayMs: 20 } });
            const spec = attemptSpec('noop', {}, { runId: 'run-gone', outputs: [typedAs('ok', 'bool')] });
            const pending = executor.execute(spec, channel());
            let name: string | undefined;
            for (let tries = 0; !name && tries < 200; tries++) {
                await new Promise(resolve => setTimeout(resolve, 100));
                name = (await cluster.batch.listNamespacedJob({ namespace: 'ml', labelSelector: 'weft.dev/run=run-gone' })).items[0]?.metadata?.name;
            }
            expect(name).toBeDefined();
            await new Promise(resolve => setTimeout(resolve, 500));
            proxy.refuse = true;
            proxy.cut();
            await controller.run(name!);
            // More writes, then two compactions: the watch's last resourceVersion is gone.
            for (let index = 0; index < 3; index++) await cluster.core.createNamespacedConfigMap({ namespace: 'ml', body: { metadata: { name: `filler-${index}` } } });
            await new Promise(resolve => setTimeout(resolve, 3000));
            proxy.refuse = false;
            const result = await pending;
            expect(result).toMatchObject({ status: 'completed', outputs: { ok: true } });
            const stats = executor.watcherFor('run-gone', 'cluster')!.stats;
            expect(stats.relists).toBeGreaterThanOrEqual(2);
            expect(stats.reconnects).toBeGreaterThanOrEqual(1);
        } finally {
            await proxy.stop();
        }
    }, 60_000);
});
