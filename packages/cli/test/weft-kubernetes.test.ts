// `weft run` on a kubernetes target and `weft manifests`, end to end: the built bin against a real
// kube-apiserver, the image-classifier example's `cluster` target, and the test harness playing the
// job controller (runs each Job's command in gVisor, writes its status back).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { V1Job } from '@kubernetes/client-node';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgoWorkflow, ConfigMap } from '@weft/runtime/argo';
import { dagTasks, expectConsistent } from '../../runtime/test/kubernetes/argo/argo-support.js';
import { FakeJobController } from '../../runtime/test/kubernetes/fake-job-controller.js';
import { CLUSTER_SETUP_TIMEOUT, createNamespace, startCluster, type TestCluster } from '../../runtime/test/kubernetes/kube-fixtures.js';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli, runWeft } from './run-weft.js';

const volume = mkdtempSync(path.join(tmpdir(), 'weft-cli-volume-'));
let cluster: TestCluster;
let controller: FakeJobController;
let folder: string;
let env: Record<string, string>;
/** While set, the controller leaves new Jobs running (as a busy cluster would). */
let holding = false;

beforeAll(async () => {
    expectBuiltCli();
    cluster = await startCluster();
    await createNamespace(cluster, 'vision');
    controller = new FakeJobController({ config: cluster.config, namespace: 'vision', volume, kubelet: cluster.certificate, behaviour: () => holding ? 'hold' : 'run' });
    await controller.start();
    folder = exampleProject();
    const kubeconfig = path.join(folder, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfigYaml.replace('contexts:\n', 'contexts:\n- name: ml-prod\n  context:\n    cluster: weft-test\n    user: admin\n'));
    env = { KUBECONFIG: kubeconfig };
}, CLUSTER_SETUP_TIMEOUT);

/**
 * A copy of the image-classifier example (its own step cache). Its target names the context
 * ml-prod and mounts the volume at /mnt/weft-data; here the context is the test server's admin
 * (see the kubeconfig) and the "volume" a temporary folder.
 */
function exampleProject(): string {
    const project = mkdtempSync(path.join(tmpdir(), 'weft-k8s-run-'));
    cpSync(path.join(repositoryRoot, 'examples', 'image-classifier'), project, { recursive: true, filter: file => !file.includes(`${path.sep}.weft`) });
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(project, 'node_modules'));
    const weft = path.join(project, 'digits.weft');
    writeFileSync(weft, readFileSync(weft, 'utf8').replace('localVolume: "/mnt/weft-data"', `localVolume: ${JSON.stringify(volume)}`));
    return project;
}

afterAll(async () => {
    await controller?.stop();
    await cluster?.stop();
});

/** `weft args…` in a child process without blocking this one: the fake controller here must keep serving Jobs. */
function startWeft(args: readonly string[], options: { cwd: string; env: Record<string, string> }) {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    const done = new Promise<{ status: number | null; stdout: string; stderr: string }>(resolve => child.on('close', status => resolve({ status, stdout, stderr })));
    return { child, done, stderr: () => stderr };
}

function runWeftAsync(args: readonly string[], options: { cwd: string; env: Record<string, string> }) {
    return startWeft(args, options).done;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise(resolve => setTimeout(resolve, 200));
    }
}

function lastJson(stdout: string): { runId: string; status: string; outputs: Record<string, unknown> | null } {
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('weft run on a kubernetes target', () => {
    it('runs the image-classifier example as Jobs: every step a Job on the cpu pool, outputs back in the run', async () => {
        const started = Date.now();
        const result = await runWeftAsync(['run', 'digits.weft', '--target', 'cluster', '--format', 'json'], { cwd: folder, env });
        console.log(`weft run on kubernetes: ${Date.now() - started} ms`);
        expect(result.stderr).toMatch(/trainDigits on cluster \(kubernetes\)/);
        expect(result.status, `${result.stderr}${result.stdout}${runWeft(['show', lastJson(result.stdout).runId], { cwd: folder }).stdout}`).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome.status).toBe('completed');
        const report = outcome.outputs!['report'] as Record<string, number>;
        expect(report['accuracy']).toBeGreaterThan(0.85);
        expect(outcome.outputs!['confusion']).toMatchObject({ $weft: 'tensor', dtype: 'i32', shape: [10, 10] });
        const jobs = (await cluster.batch.listNamespacedJob({ namespace: 'vision', labelSelector: `weft.dev/run=${outcome.runId}` })).items;
        expect(jobs.map(job => job.metadata?.annotations?.['weft.dev/task-id']).sort()).toEqual(['b', 'e', 'm', 'p', 'te', 'tr', 'va', 'xte', 'xtr', 'xva']);
        for (const job of jobs) {
            expect(job.status?.conditions?.[0]?.type).toBe('Complete');
            expect(job.spec?.template.spec).toMatchObject({ runtimeClassName: 'gvisor', serviceAccountName: 'weft-runner', nodeSelector: { 'weft.dev/pool': 'cpu' } });
        }
        const train = jobs.find(job => job.metadata?.annotations?.['weft.dev/task-id'] === 'm')!;
        expect(train.spec?.template.spec?.containers[0]).toMatchObject({ image: 'ghcr.io/weft-examples/node:22', resources: { limits: { cpu: '1', memory: '296Mi' } } }); // the server writes 1000m as 1
        expect(train.spec?.activeDeadlineSeconds).toBe(1200);
        const logs = runWeft(['logs', outcome.runId, 'm'], { cwd: folder }).stdout;
        expect(logs).toMatch(/created the Job weft-m-[0-9a-f]{10}-1 on cluster \(pool cpu\)/);
        // The step's own line, read from its pod's log.
        expect(logs).toMatch(/ m#1 info trained 40 epochs; best validation accuracy 0\.\d{3}/);
    }, 300_000);

    it('runs a Python step as a Job on the image\'s python3, importing the pipeline\'s generated Python contracts', async () => {
        const project = mkdtempSync(path.join(tmpdir(), 'weft-k8s-python-'));
        mkdirSync(path.join(project, 'steps'));
        writeFileSync(path.join(project, 'steps', 'score.py'), [
            'from scoring import ScoreInputs',
            '',
            'def score(inputs, ctx):',
            '    ctx.logger.info(f"scoring {inputs.x} beside {ScoreInputs.__name__}")',
            '    return {"s": inputs.x * 1.5}',
            '',
        ].join('\n'));
        writeFileSync(path.join(project, 'scoring.weft'), [
            'step score(x: int) -> (s: float) {\n  run: "./steps/score.py#score"\n  image: "python:3.11-slim"\n}',
            'pipeline scoring(x: int = 4) -> (s: float) {\n  targets: [cluster]\n  let c = score(x)\n  return { s: c.s }\n}',
            `target cluster: kubernetes {\n  context: "ml-prod"\n  namespace: "vision"\n  volume: "weft-data"\n  localVolume: ${JSON.stringify(volume)}\n}`,
        ].join('\n\n'));
        const result = await runWeftAsync(['run', 'scoring.weft', '--format', 'json'], { cwd: project, env });
        expect(result.stderr).toMatch(/scoring on cluster \(kubernetes\)/);
        expect(result.status, result.stderr).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome).toMatchObject({ status: 'completed', outputs: { s: 6 } });
        expect(runWeft(['logs', outcome.runId, 'c'], { cwd: project }).stdout).toMatch(/scoring 4 beside ScoreInputs/);
        const [job] = (await cluster.batch.listNamespacedJob({ namespace: 'vision', labelSelector: `weft.dev/run=${outcome.runId}` })).items;
        expect(job!.spec!.template.spec!.containers[0]).toMatchObject({ image: 'python:3.11-slim', command: expect.arrayContaining(['/weft/python/weft_worker/__main__.py', 'score']) });
    }, 300_000);

    it('resumes a run whose weft process was killed: Jobs still running or completed meanwhile are re-attached, none is created twice', async () => {
        holding = true;
        const folder = exampleProject(); // nothing cached yet
        try {
            const first = startWeft(['run', 'digits.weft', '--target', 'cluster'], { cwd: folder, env });
            const runId = await until(() => /^run ([0-9a-f-]{36}):/m.exec(first.stderr())?.[1], 'the run id');
            const jobsOfRun = async () => (await cluster.batch.listNamespacedJob({ namespace: 'vision', labelSelector: `weft.dev/run=${runId}` })).items;
            const held = await until(async () => { const jobs = await jobsOfRun(); return jobs.length === 3 ? jobs : undefined; }, 'the first three Jobs');
            first.child.kill('SIGKILL');
            await first.done;
            const byTask = new Map(held.map(job => [job.metadata!.annotations!['weft.dev/task-id']!, job.metadata!.name!]));
            // One Job completes while no weft is watching; the other two are still running when weft comes back.
            await controller.run(byTask.get('tr')!);
            holding = false;
            const resumed = startWeft(['resume', runId, '--format', 'json'], { cwd: folder, env });
            await until(() => /re-attached/.test(runWeft(['logs', runId, 'va'], { cwd: folder }).stdout) ? true : undefined, 'the resumed run to re-attach to va');
            await controller.run(byTask.get('va')!);
            await controller.run(byTask.get('te')!);
            const result = await resumed.done;
            expect(result.status, result.stderr).toBe(0);
            expect(lastJson(result.stdout).status).toBe('completed');
            const jobs = await jobsOfRun();
            const tasks = jobs.map(job => job.metadata?.annotations?.['weft.dev/task-id']);
            expect(tasks.sort()).toEqual(['b', 'e', 'm', 'p', 'te', 'tr', 'va', 'xte', 'xtr', 'xva']);
            for (const task of ['tr', 'va', 'te']) expect(jobs.find(job => job.metadata?.annotations?.['weft.dev/task-id'] === task)?.metadata?.name).toBe(byTask.get(task));
        } finally {
            holding = false;
        }
    }, 300_000);

    it('stops with a usage error when the kubeconfig lacks the target\'s context', () => {
        const empty = path.join(folder, 'other-kubeconfig');
        writeFileSync(empty, cluster.kubeconfigYaml);
        const result = runWeft(['run', 'digits.weft', '--target', 'cluster'], { cwd: folder, env: { KUBECONFIG: empty } });
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^weft: cannot run steps with the kubernetes executor \(the runtime of target cluster\): target cluster: the kubeconfig has no context ml-prod; its contexts are: admin, second, viewer$/m);
    });
});

describe('weft manifests', () => {
    it('prints the Jobs as YAML; each is a valid Job that the API server accepts (server-side dry run)', async () => {
        const result = runWeft(['manifests', 'digits.weft', '--target', 'cluster', '--param', 'batch=50'], { cwd: folder, env });
        expect(result.status, result.stderr).toBe(0);
        const documents = parseAllDocuments(result.stdout).map(document => document.toJS() as V1Job);
        expect(documents.map(job => job.metadata?.annotations?.['weft.dev/task-id'])).toEqual(['tr', 'va', 'te', 'xtr', 'xva', 'xte', 'm', 'e', 'b', 'p']);
        for (const job of documents) {
            expect(() => new Job(job as never).validate()).not.toThrow();
            await cluster.batch.createNamespacedJob({ namespace: 'vision', body: job, dryRun: 'All' });
        }
        // The parameter reached the settings: memory 256Mi + batch × 1Mi.
        expect(documents[6]!.spec?.template.spec?.containers[0]?.resources?.limits).toEqual({ cpu: '1000m', memory: '306Mi' });
        expect(runWeft(['manifests', 'digits.weft', '--target', 'cluster', '--param', 'batch=50'], { cwd: folder }).stdout).toBe(result.stdout);
    }, 120_000);

    it('--format argo prints the ConfigMaps and one Argo Workflow: consistent, its ConfigMaps accepted by the API server', async () => {
        const result = runWeft(['manifests', 'digits.weft', '--target', 'cluster', '--format', 'argo', '--param', 'batch=50'], { cwd: folder, env });
        expect(result.status, result.stderr).toBe(0);
        const documents = parseAllDocuments(result.stdout).map(document => document.toJS() as { kind: string; metadata: { name: string } });
        const workflow = documents.at(-1) as unknown as ArgoWorkflow;
        const configMaps = documents.slice(0, -1) as unknown as ConfigMap[];
        expect(workflow.kind).toBe('Workflow');
        expect(configMaps.length).toBeGreaterThan(0);
        expect(configMaps.every(map => map.kind === 'ConfigMap')).toBe(true);
        expectConsistent({ workflow, configMaps });
        // One DAG task per call of the pipeline (the image example has no fan-out), the batch fixed as given.
        expect(dagTasks(workflow).map(task => task.name)).toEqual(expect.arrayContaining(['tr', 'va', 'te', 'xtr', 'xva', 'xte', 'm', 'e', 'b', 'p']));
        expect(workflow.spec.arguments?.parameters?.find(parameter => parameter.name === 'batch')?.value).toBe('50');
        for (const map of configMaps) await cluster.core.createNamespacedConfigMap({ namespace: 'vision', body: map as never, dryRun: 'All' });
    }, 120_000);

    it('--format argo refuses a sandbox target with one line and exit code 2', () => {
        const sandbox = runWeft(['manifests', 'digits.weft', '--target', 'dev', '--format', 'argo'], { cwd: folder });
        expect(sandbox.status).toBe(2);
        expect(sandbox.stderr).toMatch(/^weft: target dev is a sandbox target/);
    }, 60_000);

    it('refuses a sandbox target, an unknown target and an unknown format with one line and exit code 2', () => {
        const sandbox = runWeft(['manifests', 'digits.weft', '--target', 'dev'], { cwd: folder });
        expect(sandbox.status).toBe(2);
        expect(sandbox.stderr).toBe('weft: target dev is a sandbox target; weft manifests writes Jobs for kubernetes targets (cluster)\n');
        const unknown = runWeft(['manifests', 'digits.weft', '--target', 'moon'], { cwd: folder });
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toBe('weft: trainDigits has no target moon; its targets are: dev, cluster\n');
        const format = runWeft(['manifests', 'digits.weft', '--format', 'helm'], { cwd: folder });
        expect(format.status).toBe(2);
        expect(format.stderr).toMatch(/^weft: option '-f, --format <format>' argument 'helm' is invalid/);
        const parameter = runWeft(['manifests', 'digits.weft', '--param', 'batch=7'], { cwd: folder });
        expect(parameter.status).toBe(2);
        expect(parameter.stderr).toBe('weft: batch = 7, trainRows = 400 breaks where batch in 8..trainRows (pipeline trainDigits, digits.weft:69)\n');
    }, 60_000);
});
