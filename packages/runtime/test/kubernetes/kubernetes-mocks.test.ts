// Mocks with the kubernetes executor, against a real kube-apiserver (kube-fixtures.ts): the mocked
// step runs inline and gets no Job; the other step runs as a Job (played by the fake job controller in gVisor).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanTarget } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { KubernetesExecutor } from '../../src/kubernetes/kubernetes-executor.js';
import { kubernetesTargetOf } from '../../src/plan/targets.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { mockedPipeline, mocks, mockStepsRoot, realSourceRan, recording } from '../execution/mock-fixtures.js';
import { workRoot } from '../execution/plan-fixtures.js';
import { FakeJobController } from './fake-job-controller.js';
import { CLUSTER_SETUP_TIMEOUT, createNamespace, startCluster, type TestCluster } from './kube-fixtures.js';

const volume = mkdtempSync(path.join(tmpdir(), 'weft-k8s-mock-volume-'));
const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-k8s-mock-cache-'));
const target: PlanTarget = {
    name: 'cluster', kind: 'kubernetes', members: { namespace: 'weft-mocks', context: 'admin', volume: 'weft-data', localVolume: volume }, pools: [], source: { file: 'test.weft', line: 1 },
};

let cluster: TestCluster;
let controller: FakeJobController;

beforeAll(async () => {
    cluster = await startCluster();
    await createNamespace(cluster, 'weft-mocks');
    controller = new FakeJobController({ config: cluster.config, namespace: 'weft-mocks', volume, kubelet: cluster.certificate });
    await controller.start();
}, CLUSTER_SETUP_TIMEOUT);

afterAll(async () => {
    await controller?.stop();
    await cluster?.stop();
});

describe('mocks with the kubernetes executor', () => {
    it('runs the mocked step inline, without a Job, and the other step as a Job', async () => {
        const { plan, marker } = mockedPipeline([target]);
        const kubernetes = new KubernetesExecutor({ targets: [kubernetesTargetOf(target)], kubeconfig: { yaml: cluster.kubeconfigYaml }, cacheDir, retry: { attempts: 3, baseDelayMs: 20 } });
        const { executor, tasks } = recording(kubernetes);
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(plan, {}, { root: mockStepsRoot, executor, mocks, store, workRoot: workRoot(), runId: 'mocked-kubernetes' });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        expect(result.outputs).toEqual({ result: 42 });
        expect(tasks).toEqual(['b']);
        const jobs = (await cluster.batch.listNamespacedJob({ namespace: 'weft-mocks', labelSelector: 'weft.dev/run=mocked-kubernetes' })).items;
        expect(jobs.map(job => job.metadata?.labels?.['weft.dev/step'])).toEqual(['double']);
        expect(realSourceRan(marker, store, 'mocked-kubernetes')).toBe(false);
        store.close();
    }, 120_000);
});
