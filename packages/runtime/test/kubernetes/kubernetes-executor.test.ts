// The kubernetes executor against a real kube-apiserver: every Job, ConfigMap, watch, status and
// delete goes through it. The harness plays the job controller (fake-job-controller.ts) and runs
// each Job's command in gVisor with the same worker entry and bundle.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { V1Job } from '@kubernetes/client-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanTarget } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Dataset } from '../../src/handles/dataset.js';
import { attemptFolder } from '../../src/kubernetes/job-spec.js';
import { KubernetesExecutor } from '../../src/kubernetes/kubernetes-executor.js';
import { kubernetesTargetOf } from '../../src/plan/targets.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { traceRuns } from '../../src/tracing/trace-runs.js';
import type { RecordedSpans } from '../../src/worker/worker-spans.js';
import { memoryTracing, only, parentOf } from '../tracing/tracing-fixtures.js';
import { literal, node, plan, typedAs } from '../execution/plan-fixtures.js';
import { attemptSpec, channel, fixtureRoot } from '../sandbox/sandbox-fixtures.js';
import { contractsDir, pythonAttempt, pythonRoot } from '../python/python-fixtures.js';
import { FakeJobController, type JobBehaviour } from './fake-job-controller.js';
import { CLUSTER_SETUP_TIMEOUT, createNamespace, CuttableProxy, startCluster, type TestCluster } from './kube-fixtures.js';

const reviews = new Dataset(path.join(fixtureRoot, 'data', 'reviews.jsonl'));
// Every output summarize returns: undeclared ones are refused.
const summarizeOutputs = [
    typedAs('count', 'int'), typedAs('good', 'Dataset<Review>'), typedAs('report', 'File'),
    typedAs('stars', 'Tensor<f32, [n]>'), typedAs('info', '{ attempt: int }'),
];
const volume = mkdtempSync(path.join(tmpdir(), 'weft-k8s-volume-'));
const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-k8s-cache-'));
const fastRetry = { attempts: 3, baseDelayMs: 20 };

let cluster: TestCluster;
let controllers: FakeJobController[] = [];
let behaviour: (job: V1Job) => JobBehaviour = () => 'run';

function planTarget(name: string, namespace: string, context: string, pools: PlanTarget['pools'] = []): PlanTarget {
    return { name, kind: 'kubernetes', members: { namespace, context, volume: 'weft-data', localVolume: volume }, pools, source: { file: 'test.weft', line: 1 } };
}

function executor(options: { kubeconfig?: string; targets?: PlanTarget[]; pythonModulePath?: string[] } = {}): KubernetesExecutor {
    return new KubernetesExecutor({
        targets: (options.targets ?? [planTarget('cluster', 'weft-a', 'admin')]).map(kubernetesTargetOf),
        kubeconfig: { yaml: options.kubeconfig ?? cluster.kubeconfigYaml }, cacheDir, retry: fastRetry,
        ...(options.pythonModulePath ? { pythonModulePath: options.pythonModulePath } : {}),
    });
}

async function jobsOf(namespace: string, selector: string): Promise<V1Job[]> {
    return (await cluster.batch.listNamespacedJob({ namespace, labelSelector: selector })).items;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

const jobOfTask = (namespace: string, runId: string, taskId: string) => until(async () => (await jobsOf(namespace, `weft.dev/run=${runId}`)).find(job => job.metadata?.annotations?.['weft.dev/task-id'] === taskId), `the Job of ${taskId}`);

beforeAll(async () => {
    cluster = await startCluster();
    await createNamespace(cluster, 'weft-a');
    await createNamespace(cluster, 'weft-b');
    controllers = ['weft-a', 'weft-b'].map(namespace => new FakeJobController({ config: cluster.config, namespace, volume, behaviour: job => behaviour(job), kubelet: cluster.certificate }));
    await Promise.all(controllers.map(controller => controller.start()));
}, CLUSTER_SETUP_TIMEOUT);

afterAll(async () => {
    await Promise.all(controllers.map(controller => controller.stop()));
    await cluster?.stop();
});

beforeEach(() => { behaviour = () => 'run'; });

describe('kubernetes executor', () => {
    it('runs an attempt as a Job, brings its outputs back into the artifact store and its pod log into the events', async () => {
        const spec = attemptSpec('summarize', { reviews, label: 'k8s' }, { runId: 'run-outputs', outputs: summarizeOutputs, timeoutMs: 120_000 });
        const io = channel();
        const result = await executor().execute(spec, io);
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs['count']).toBe(3);
        const good = result.outputs['good'] as Dataset<{ stars: number }>;
        expect(good.path.startsWith(path.join(cacheDir, 'artifacts'))).toBe(true);
        expect((await good.readAll()).map(review => review.stars)).toEqual([5, 4]);
        expect(result.artifacts?.map(artifact => artifact.kind)).toEqual(['dataset', 'file', 'tensor']);
        const [job] = await jobsOf('weft-a', 'weft.dev/run=run-outputs');
        expect(job?.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'weft', 'weft.dev/task': spec.taskId, 'weft.dev/attempt': '1', 'weft.dev/step': 'summarize' });
        expect(job?.spec?.activeDeadlineSeconds).toBe(120);
        expect(job?.status?.conditions?.[0]?.type).toBe('Complete');
        const configMap = job!.spec!.template.spec!.volumes!.find(each => each.name === 'bundle')!.configMap!.name!;
        expect(Object.keys((await cluster.core.readNamespacedConfigMap({ namespace: 'weft-a', name: configMap })).data ?? {}).sort())
            .toEqual(['package.json', 'step-stack.js', 'step.mjs', 'worker-entry.js', 'worker-protocol.js', 'worker-spans.js']);
        // The input went to the volume beside inputs.json, where the pod could read it.
        expect(existsSync(path.join(volume, 'runs', 'run-outputs', spec.taskId, '1', 'in', 'inputs', '0', 'reviews.jsonl'))).toBe(true);
        expect(io.lines.some(line => line.message.startsWith('created the Job'))).toBe(true);
        // The step's own log line, from its pod's log through the API server (pods/log), kept its level and fields.
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
    }, 60_000);

    it('streams the pod log into the events while the Job runs, each line once', async () => {
        const spec = attemptSpec('progress', { ms: 4000 }, { runId: 'run-live-log', outputs: [typedAs('count', 'int')], timeoutMs: 120_000 });
        const io = channel();
        const running = executor().execute(spec, io);
        await until(async () => io.lines.some(line => line.message === 'counting') || undefined, 'the step\'s first log line');
        // The line arrived through the followed log while the Job had not ended yet.
        const [job] = await jobsOf('weft-a', 'weft.dev/run=run-live-log');
        expect(job?.status?.conditions ?? []).toEqual([]);
        const result = await running;
        expect(result.status, JSON.stringify(result)).toBe('completed');
        expect(io.lines.filter(line => line.message === 'counting')).toHaveLength(1);
        expect(io.lines.some(line => line.level === 'warn' && line.message.includes('did not end'))).toBe(false);
    }, 60_000);

    it('reports a step that throws with its message, from failure.json on the volume', async () => {
        const result = await executor().execute(attemptSpec('fails', {}, { runId: 'run-throws' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { message: expect.stringContaining('the step gave up'), retryable: true } });
        // The worker beside the bundle in the pod's ConfigMap folder still maps the step's frames to its source.
        expect(result).toMatchObject({ failure: { cause: { origin: 'step', stack: expect.stringMatching(/^at (Module\.)?fails \(\S*steps\.ts:73:\d+\)$/m) } } });
    }, 60_000);

    it('runs a command step as a Job: the script it names from a ConfigMap, in its folder, its outputs from the volume', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-k8s-command-'));
        mkdirSync(path.join(root, 'commands', 'steps'), { recursive: true });
        writeFileSync(path.join(root, 'commands', 'steps', 'double.sh'), [
            'IFS= read -r json < "$WEFT_INPUTS" || true',
            'x=${json#*\\"x\\":}; x=${x%%[,\\}]*}',
            'echo "doubling $x in $(pwd)"',
            'printf \'{"value":%d}\' "$((x * 2))" > "$WEFT_OUT_DIR/outputs.json"',
        ].join('\n'));
        const implementation = { command: ['sh', './steps/double.sh'], directory: 'commands' };
        const spec = attemptSpec('double', { x: 21 }, { runId: 'run-command', root, outputs: [typedAs('value', 'int')], timeoutMs: 120_000 });
        const io = channel();
        const result = await executor().execute({ ...spec, step: { ...spec.step, implementation } }, io);
        expect(result, JSON.stringify(result)).toMatchObject({ status: 'completed', outputs: { value: 42 } });
        expect(io.lines).toContainEqual({ level: 'info', message: 'doubling 21 in /weft/project/commands' });
        const [job] = await jobsOf('weft-a', 'weft.dev/run=run-command');
        const pod = job!.spec!.template.spec!;
        const folder = `/weft/data/runs/run-command/${spec.taskId}/1`;
        expect(pod.containers[0]).toMatchObject({
            command: ['sh', './steps/double.sh'], workingDir: '/weft/project/commands',
            env: [{ name: 'LANG', value: 'C.UTF-8' }, { name: 'WEFT_INPUTS', value: `${folder}/in/inputs.json` }, { name: 'WEFT_OUT_DIR', value: `${folder}/out` }],
        });
        const project = pod.volumes!.find(volume => volume.name === 'project')!.configMap!;
        expect(project.items).toEqual([{ key: 'file-0', path: 'commands/steps/double.sh' }, { key: 'command', path: 'commands/.weft-command.json' }]);
        expect(Object.keys((await cluster.core.readNamespacedConfigMap({ namespace: 'weft-a', name: project.name! })).data ?? {}).sort()).toEqual(['command', 'file-0']);
    }, 60_000);

    it('runs a Python step as a Job: the worker, its sources and the contracts from one ConfigMap, its log and outputs back', async () => {
        const python = executor({ pythonModulePath: [contractsDir] });
        const io = channel();
        const spec = pythonAttempt('summarize', { reviews: new Dataset(path.join(pythonRoot, 'reviews.jsonl')), label: 'pod' }, { runId: 'run-python', timeoutMs: 120_000 });
        const result = await python.execute(spec, io);
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs['count']).toBe(3);
        expect(result.artifacts?.map(artifact => artifact.kind)).toEqual(['dataset', 'file']);
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
        const job = await jobOfTask('weft-a', 'run-python', spec.taskId);
        const pod = job.spec!.template.spec!;
        const folder = `/weft/data/runs/run-python/${spec.taskId}/1`;
        expect(pod.containers[0]!.command).toEqual(['python3', '-B', '-u', '/weft/python/weft_worker/__main__.py', '/weft/project', '/weft/project/steps/basics.py', 'summarize', `${folder}/in`, `${folder}/out`]);
        expect(pod.containers[0]!.env).toContainEqual({ name: 'PYTHONPATH', value: '/weft/pythonpath/0' });
        const project = pod.volumes!.find(volume => volume.name === 'project')!.configMap!;
        // The module and the helper it imports; not the project's other files.
        expect(project.items!.map(item => item.path).sort()).toEqual(['helpers/scoring.py', 'steps/basics.py']);
        expect(pod.volumes!.find(volume => volume.name === 'pythonpath')!.configMap!.items).toEqual([{ key: 'path-0-0', path: '0/demo.py' }]);
        const data = (await cluster.core.readNamespacedConfigMap({ namespace: 'weft-a', name: project.name! })).data ?? {};
        expect(Object.keys(data).filter(key => key.startsWith('worker-')).length).toBeGreaterThan(5);
    }, 120_000);

    it('runs a typed Python step importing the generated contracts from the module path, and records a Python exception with its traceback', async () => {
        const python = executor({ pythonModulePath: [contractsDir] });
        const typed = await python.execute(pythonAttempt('route_step', { from: 'box', options: { hops: 1, via: 'lane' }, weights: {} }, { runId: 'run-python-typed', module: 'steps/typed.py', timeoutMs: 120_000 }), channel());
        expect(typed, JSON.stringify(typed)).toMatchObject({ status: 'completed', outputs: { from: 'lane', total: 1, legs: [{ name: 'box-1', km: 1 }] } });
        const failedStep = await python.execute(pythonAttempt('fails', { label: 'pod' }, { runId: 'run-python-fails', timeoutMs: 120_000 }), channel());
        expect(failedStep).toMatchObject({ status: 'failed', failure: {
            message: 'the step gave up on pod', retryable: true,
            cause: { name: 'ValueError', origin: 'step', stack: 'at helper (steps/basics.py:39)\nat fails (steps/basics.py:35)' },
        } });
    }, 120_000);

    it('fails a Python step whose module does not exist without retry, before any Job is made', async () => {
        const result = await executor().execute(pythonAttempt('train', {}, { runId: 'run-python-missing', module: 'steps/missing.py' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'cannot bundle steps/missing.py: the module does not exist', retryable: false, cause: { name: 'BundleError' } } });
        expect(await jobsOf('weft-a', 'weft.dev/run=run-python-missing')).toEqual([]);
    }, 60_000);

    it('runs a pipeline whose failed Jobs are retried as new Jobs with the next attempt number', async () => {
        // Attempt 1 fails; attempt 2 "completes" without writing outputs (a failure too, not adopted again); attempt 3 runs.
        const behaviours: Record<string, JobBehaviour> = { 1: 'fail', 2: 'complete-empty' };
        behaviour = job => behaviours[job.metadata?.labels?.['weft.dev/attempt'] ?? ''] ?? 'run';
        const pipeline = plan([node('count', {
            step: 'summarize', arguments: { reviews: { kind: 'artifact', name: 'reviews' }, label: literal('retry') }, outputs: ['count'],
            types: { reviews: typedAs('reviews', 'Dataset<Review>').schema, label: typedAs('label', 'string').schema },
            settings: { retry: { attempts: literal(3), backoff: { kind: 'quantity', unit: 'duration', value: 10 } } },
        })], {
            artifacts: [{ name: 'reviews', kind: 'dataset', type: 'Dataset<Review>', members: { uri: 'file:data/reviews.jsonl' }, source: { file: 'steps.weft', line: 1 } }],
            targets: [planTarget('cluster', 'weft-a', 'admin')],
            outputs: [{ name: 'count', type: 'int', value: { kind: 'output', node: 'count', output: 'count' } }],
        });
        const withModule = { ...pipeline, nodes: pipeline.nodes.map(each => ({ ...each, outputs: summarizeOutputs, call: { ...each.call, implementation: { module: 'steps.ts', export: 'summarize' } } as typeof each.call })) };
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(withModule, {}, { root: fixtureRoot, executor: executor(), store, runId: 'run-retry', workRoot: mkdtempSync(path.join(tmpdir(), 'weft-k8s-work-')) });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        expect(result.outputs).toEqual({ count: 3 });
        expect(result.tasks.find(task => task.id === 'count')?.attempts).toBe(3);
        const jobs = await jobsOf('weft-a', 'weft.dev/run=run-retry');
        expect(jobs.map(job => [job.metadata?.labels?.['weft.dev/attempt'], job.status?.conditions?.[0]?.type]).sort()).toEqual([['1', 'Failed'], ['2', 'Complete'], ['3', 'Complete']]);
        expect(store.attempts('run-retry', 'count').map(attempt => attempt.status)).toEqual(['failed', 'failed', 'completed']);
        expect(store.attempts('run-retry', 'count')[0]?.message).toContain('BackoffLimitExceeded');
        store.close();
    }, 90_000);

    it('fails the task whose Job writes a dataset record that does not fit, at that task and without retry', async () => {
        const write = node('write', {
            step: 'writeReviews', arguments: { count: literal(20), bad: literal(10) }, outputs: ['reviews'],
            types: { reviews: typedAs('reviews', 'Dataset<Review>').schema }, settings: { retry: { attempts: literal(3), backoff: literal(1) } },
        });
        const pipeline = plan([{ ...write, call: { kind: 'step', step: 'writeReviews', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: 'writeReviews' } } }], {
            targets: [planTarget('cluster', 'weft-a', 'admin')],
        });
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(pipeline, {}, { root: fixtureRoot, executor: executor(), store, runId: 'run-bad-records', workRoot: mkdtempSync(path.join(tmpdir(), 'weft-k8s-work-')) });
        expect(result.failures).toEqual([{
            step: 'writeReviews', attempts: 1, kind: 'step', error: 'DatasetRecordError',
            message: expect.stringMatching(/^write: output reviews \(\S+\/artifacts\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.jsonl\) record 10 \(line 11\) field stars is nothing \(the field is missing\), expected a value$/),
        }]);
        expect(store.attempts('run-bad-records', 'write').map(attempt => attempt.status)).toEqual(['failed']);
        store.close();
    }, 90_000);

    it('places a task whose pod was OOMKilled again with twice the memory, on a pool that has it', async () => {
        // The pod of a Job limited to 128Mi is killed at its limit; with 256Mi the step runs.
        behaviour = job => job.spec?.template.spec?.containers[0]?.resources?.limits?.['memory'] === '128Mi' ? 'oom-killed' : 'run';
        const pools = [{ name: 'small', members: { cpu: 2, memory: 192 * 1024 ** 2, count: 1 } }, { name: 'big', members: { cpu: 2, memory: 1024 ** 3, count: 1 } }];
        const targets = [planTarget('cluster', 'weft-a', 'admin', pools)];
        const memory = (mebibytes: number) => ({ kind: 'quantity' as const, unit: 'memory' as const, value: mebibytes * 1024 ** 2 });
        const settings = { resources: { cpu: literal(1), memory: memory(128) }, retry: { memory: memory(512) } };
        const nodes = [{ ...node('n', { step: 'noop', settings }), outputs: [typedAs('ok', 'bool')], call: { kind: 'step' as const, step: 'noop', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: 'noop' } } }];
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(plan(nodes, { targets }), {}, {
            root: fixtureRoot, executor: executor({ targets }), store, runId: 'run-oom-killed', workRoot: mkdtempSync(path.join(tmpdir(), 'weft-k8s-work-')),
        });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        const jobs = (await jobsOf('weft-a', 'weft.dev/run=run-oom-killed')).sort((a, b) => a.metadata!.labels!['weft.dev/attempt']!.localeCompare(b.metadata!.labels!['weft.dev/attempt']!));
        expect(jobs.map(job => [job.metadata?.labels?.['weft.dev/attempt'], job.spec?.template.spec?.containers[0]?.resources?.limits?.['memory'], job.status?.conditions?.[0]?.type]))
            .toEqual([['1', '128Mi', 'Failed'], ['2', '256Mi', 'Complete']]);
        expect(store.attempts('run-oom-killed', 'n').map(({ status, memory, message }) => ({ status, memory, message }))).toEqual([
            { status: 'failed', memory: 128 * 1024 ** 2, message: 'n ran out of memory: its pod was killed at its limit of 128 MiB (resources.memory, or the target\'s default when the step sets none); '
                + 'raise the step\'s memory, set retry { memory: … } to place it again with more, or use less' },
            { status: 'completed', memory: 256 * 1024 ** 2 },
        ]);
        expect(store.transitions('run-oom-killed', 'n').map(change => change.to)).toEqual(['allocating', 'running', 'pausing', 'allocating', 'running', 'completed']);
        store.close();
    }, 90_000);

    it('deletes the Job with Background propagation when the attempt is cancelled', async () => {
        behaviour = () => 'hold';
        const abort = new AbortController();
        const spec = attemptSpec('noop', {}, { runId: 'run-cancel' });
        const pending = executor().execute(spec, channel(abort.signal));
        const job = await jobOfTask('weft-a', 'run-cancel', spec.taskId);
        abort.abort();
        const result = await pending;
        expect(result.status).toBe('failed');
        // Background deletion: with no garbage collector here the Job is gone at once.
        await until(async () => (await jobsOf('weft-a', 'weft.dev/run=run-cancel')).length === 0 ? true : undefined, 'the Job to be deleted');
        expect(job.metadata?.name).toMatch(/^weft-noop-\d+-[0-9a-f]{10}-1$/);
    }, 60_000);

    it('re-attaches to a Job still running after a restart instead of creating a second one', async () => {
        behaviour = () => 'hold';
        const first = attemptSpec('noop', {}, { runId: 'run-resume', outputs: [typedAs('ok', 'bool')] });
        // The first process creates the Job and then "dies": its executor is abandoned, nothing is deleted.
        void executor().execute(first, channel());
        const job = await jobOfTask('weft-a', 'run-resume', first.taskId);
        // The resumed run tries the task again (attempt 2) with a new executor.
        const io = channel();
        const resumed = executor().execute({ ...first, attempt: 2 }, io);
        await until(async () => io.lines.some(line => line.message.startsWith('re-attached')) ? true : undefined, 're-attaching');
        await controllers[0]!.run(job.metadata!.name!);
        const result = await resumed;
        expect(result).toMatchObject({ status: 'completed', outputs: { ok: true } });
        const jobs = await jobsOf('weft-a', 'weft.dev/run=run-resume');
        expect(jobs.map(each => each.metadata?.name)).toEqual([job.metadata?.name]);
    }, 60_000);

    it('follows Jobs across a dropped watch connection, resuming from the last resourceVersion', async () => {
        behaviour = () => 'hold';
        const proxy = new CuttableProxy(cluster.server);
        await proxy.start();
        try {
            const viaProxy = executor({ kubeconfig: proxy.kubeconfig(cluster.kubeconfigYaml) });
            const spec = attemptSpec('noop', {}, { runId: 'run-disconnect', outputs: [typedAs('ok', 'bool')] });
            const pending = viaProxy.execute(spec, channel());
            const job = await jobOfTask('weft-a', 'run-disconnect', spec.taskId);
            await until(async () => viaProxy.watcherFor('run-disconnect', 'cluster') ? true : undefined, 'the watch');
            await new Promise(resolve => setTimeout(resolve, 300));
            proxy.cut();
            // The Job runs and ends while the watch is down.
            await controllers[0]!.run(job.metadata!.name!);
            const result = await pending;
            expect(result).toMatchObject({ status: 'completed', outputs: { ok: true } });
            const stats = viaProxy.watcherFor('run-disconnect', 'cluster')!.stats;
            expect(stats.reconnects).toBeGreaterThanOrEqual(1);
            expect(stats.relists).toBe(1);
        } finally {
            await proxy.stop();
        }
    }, 60_000);

    it('fails an attempt without retry when the context lacks RBAC permission, naming context and permission', async () => {
        const viewer = executor({ targets: [planTarget('cluster', 'weft-a', 'viewer')] });
        const result = await viewer.execute(attemptSpec('noop', {}, { runId: 'run-rbac' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false } });
        if (result.status !== 'failed') return;
        expect(result.failure.message).toContain('kubernetes context viewer: missing permission to list jobs.batch in namespace weft-a');
        expect(result.failure.message).toContain('User "viewer" cannot list resource "jobs"');
    }, 30_000);

    it('refuses a step bundle over the ConfigMap limit of 1 MiB', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-k8s-big-'));
        writeFileSync(path.join(root, 'big.ts'), `const blob = ${JSON.stringify('x'.repeat(1100 * 1024))};\nexport async function big() { return { size: blob.length }; }\n`);
        const result = await executor().execute(attemptSpec('big', {}, { runId: 'run-big', root, step: { name: 'big', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'big.ts', export: 'big' } } }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false } });
        if (result.status === 'failed') expect(result.failure.message).toMatch(/the bundle of step big is 1\.\d\d MiB with the worker, more than a ConfigMap holds \(1 MiB\)/);
        expect(await jobsOf('weft-a', 'weft.dev/run=run-big')).toEqual([]);
    }, 30_000);

    it('spreads one run over two targets on two kubeconfig contexts, placing each task on a pool', async () => {
        const small = (name: string) => [{ name, members: { cpu: 1, memory: 1024 ** 3, count: 1, labels: { 'weft.dev/pool': name } } }];
        const targets = [planTarget('east', 'weft-a', 'admin', small('east-pool')), planTarget('west', 'weft-b', 'second', small('west-pool'))];
        const oneCore = { resources: { cpu: literal(1), memory: { kind: 'quantity' as const, unit: 'memory' as const, value: 256 * 1024 ** 2 } } };
        const nodes = ['left', 'right'].map(id => ({ ...node(id, { step: 'noop', settings: oneCore }), outputs: [typedAs('ok', 'bool')], call: { kind: 'step' as const, step: 'noop', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: 'noop' } } }));
        const pipeline = plan(nodes, { targets });
        const result = await runPipeline(pipeline, {}, {
            root: fixtureRoot, executor: executor({ targets }), targets: ['east', 'west'], runId: 'run-two-contexts',
            workRoot: mkdtempSync(path.join(tmpdir(), 'weft-k8s-work-')),
        });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        const east = await jobsOf('weft-a', 'weft.dev/run=run-two-contexts');
        const west = await jobsOf('weft-b', 'weft.dev/run=run-two-contexts');
        expect([east.length, west.length]).toEqual([1, 1]);
        expect(east[0]?.spec?.template.spec?.nodeSelector).toEqual({ 'weft.dev/pool': 'east-pool' });
        expect(west[0]?.spec?.template.spec?.nodeSelector).toEqual({ 'weft.dev/pool': 'west-pool' });
    }, 90_000);

    it('hands a Job its trace context and re-emits the spans its pod wrote on the volume under the attempt span', async () => {
        // The pod's worker writes out/spans.json on the volume; here the harness writes it where the pod would, as the Job starts.
        const recorded: RecordedSpans = {
            spans: [{ name: 'load', startTime: Date.now(), endTime: Date.now() + 5, attributes: { 'rows.read': 3 }, events: [{ name: 'read', time: Date.now() + 1 }] }],
            attemptEvents: [{ name: 'started', time: Date.now(), attributes: { rows: 3 } }],
        };
        behaviour = job => {
            const labels = job.metadata?.labels ?? {};
            if (labels['weft.dev/run'] === 'run-traced') {
                const out = path.join(volume, attemptFolder('run-traced', job.metadata!.annotations!['weft.dev/task-id']!, Number(labels['weft.dev/attempt'])), 'out');
                mkdirSync(out, { recursive: true });
                writeFileSync(path.join(out, 'spans.json'), JSON.stringify(recorded));
            }
            return 'run';
        };
        const { exporter, provider } = memoryTracing();
        const store = new SqliteRunStore(':memory:');
        const traced = traceRuns({ tracer: provider.getTracer('test'), store, executor: executor() });
        const noop = { ...node('only', { step: 'noop' }), outputs: [typedAs('ok', 'bool')], call: { kind: 'step' as const, step: 'noop', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: 'noop' } } };
        const result = await runPipeline(plan([noop], { targets: [planTarget('cluster', 'weft-a', 'admin')] }), {}, {
            root: fixtureRoot, executor: traced.executor, store: traced.store, runId: 'run-traced', workRoot: mkdtempSync(path.join(tmpdir(), 'weft-k8s-work-')),
        });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        await provider.forceFlush();
        const spans = exporter.getFinishedSpans();
        const attempt = only(spans, 'attempt only #1');
        const load = only(spans, 'load');
        expect(parentOf(load)).toBe(attempt.spanContext().spanId);
        expect(load.spanContext().traceId).toBe(attempt.spanContext().traceId);
        expect(load.attributes).toEqual({ 'rows.read': 3 });
        expect(load.events.map(event => event.name)).toEqual(['read']);
        expect(attempt.events.map(event => [event.name, event.attributes])).toEqual([['started', { rows: 3 }]]);
        expect(attempt.attributes).toMatchObject({ 'weft.executor': 'kubernetes', 'weft.attempt.status': 'completed' });
        // The Job's container got the attempt's context as TRACEPARENT.
        const [job] = await jobsOf('weft-a', 'weft.dev/run=run-traced');
        expect(job?.spec?.template.spec?.containers[0]?.env).toContainEqual({ name: 'TRACEPARENT', value: `00-${attempt.spanContext().traceId}-${attempt.spanContext().spanId}-01` });
        store.close();
    }, 90_000);
});
