// `weft run` of pipelines with Python steps: the mixed example under gVisor, a retry, a traceback,
// a broken contract, the Job weft manifests writes for a Python step, and the executors and
// commands that refuse Python steps, naming the step.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { V1Job } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

const example = path.join(repositoryRoot, 'examples', 'house-prices');
const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'python-steps-fixtures');

/** A project whose pipeline calls a Python step on a kubernetes target. */
function manifestsProject(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-manifests-python-'));
    mkdirSync(path.join(folder, 'steps'));
    writeFileSync(path.join(folder, 'steps', 'score.py'), 'def score(inputs, ctx):\n    return {"s": 1.0}\n');
    writeFileSync(path.join(folder, 'cluster.weft'), [
        'step score(x: int) -> (s: float) {\n  run: "./steps/score.py#score"\n  image: "python:3.11"\n}',
        'pipeline scoring(x: int = 2) -> (s: float) {\n  targets: [cluster]\n  let c = score(x)\n  return { s: c.s }\n}',
        'target cluster: kubernetes {\n  context: "test"\n  namespace: "ml"\n  volume: "weft-data"\n  pool cpu { cpu: 4, memory: 8Gi, count: 1 }\n}',
    ].join('\n\n'));
    return folder;
}

describe('weft run of a pipeline with Python steps', () => {
    it('runs the house-prices example under gVisor: a TypeScript step, then Python steps with numpy; a rerun takes the fit from cache', () => {
        const folder = project(example);
        const first = runWeft(['run', 'houses.weft', '--format', 'json'], { cwd: folder });
        expect(first.stderr).toMatch(/housePrices on dev \(gvisor\)/);
        expect(first.status, first.stderr).toBe(0);
        const outcome = lastJson(first.stdout);
        expect(outcome.status).toBe('completed');
        const metrics = outcome.outputs!['metrics'] as Record<string, number>;
        // Prices in thousands, noise of 8: the ridge fit recovers the linear prices.
        expect(metrics['rows']).toBe(50);
        expect(metrics['r2']).toBeGreaterThan(0.95);
        expect(metrics['rmse']).toBeLessThan(12);
        expect(outcome.outputs!['trainRmse']).toBeLessThan(12);
        expect(outcome.outputs!['model']).toMatchObject({ $weft: 'model' });
        const model = JSON.parse(readFileSync((outcome.outputs!['model'] as { path: string }).path, 'utf8')) as { weights: number[] };
        expect(model.weights).toHaveLength(4);
        // ctx.logger lines of the Python step reach the run's log.
        expect(runWeft(['logs', outcome.runId], { cwd: folder }).stdout).toMatch(/fitted 150 rows/);

        const second = runWeft(['run', 'houses.weft', '--explain-cache'], { cwd: folder });
        expect(second.status).toBe(0);
        expect(second.stdout).toMatch(/^ {2}f: hit: same key as run /m);
    }, 240_000);

    it('type-checks the example\'s Python steps with mypy --strict against the generated contracts, whose weft_contract.py is the one the runtime ships', () => {
        const out = mkdtempSync(path.join(tmpdir(), 'weft-python-contracts-'));
        const generated = runWeft(['generate', example, '--out', out, '--lang', 'python']);
        expect(generated.status, generated.stderr).toBe(0);
        expect(readFileSync(path.join(out, 'weft_contract.py'), 'utf8')).toBe(readFileSync(path.join(repositoryRoot, 'packages', 'runtime', 'python', 'weft_contract.py'), 'utf8'));
        const mypy = spawnSync('/usr/bin/mypy', ['--strict', '--cache-dir', path.join(out, '.mypy_cache'), path.join(example, 'steps', 'regression.py')], {
            env: { ...process.env, MYPYPATH: [out, path.join(repositoryRoot, 'packages', 'runtime', 'python')].join(':') }, encoding: 'utf8', timeout: 240_000,
        });
        expect(mypy.stdout).toMatch(/^Success: no issues found in 1 source file/);
        expect(mypy.status).toBe(0);
    }, 240_000);

    it('retries a Python step whose first attempt raised, with stepErrors', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'python.weft', '--pipeline', 'retrying', '--format', 'json'], { cwd: folder });
        expect(result.status, result.stderr).toBe(0);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { y: 21 } });
        expect(runWeft(['show', lastJson(result.stdout).runId], { cwd: folder }).stdout).toMatch(/^ {2}f\s+completed\s+2\s/m);
        const logs = runWeft(['logs', lastJson(result.stdout).runId], { cwd: folder }).stdout;
        expect(logs).toMatch(/attempt 1 of flaky/);
        expect(logs).toMatch(/attempt 2 of flaky/);
    }, 120_000);

    it('reports a Python exception at the step\'s file and line, exit 1', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'python.weft', '--pipeline', 'exploding'], { cwd: folder });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('explode failed after 1 attempt: integer division or modulo by zero\n  ZeroDivisionError at divide (steps/steps.py:16)');
        const runId = /^run ([0-9a-f-]{36})/m.exec(result.stderr)![1]!;
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toContain('at divide (steps/steps.py:16)');
        expect(show).toContain('at explode (steps/steps.py:12)');
    }, 120_000);

    it('fails a Python step whose output breaks its declared type, naming the output', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'python.weft', '--pipeline', 'lying'], { cwd: folder });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('lie failed after 1 attempt: l returned outputs that do not match its step: y is "not a number" (a string), expected an int (declared as int)');
    }, 120_000);

    it('refuses a Python step on the inline executor before anything runs, naming the first one, inside a called pipeline too, exit 2', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-run-python-'));
        mkdirSync(path.join(folder, 'steps'));
        writeFileSync(path.join(folder, 'steps', 'double.ts'), 'export function double(inputs: { x: number }) { return { y: inputs.x * 2 }; }\n');
        writeFileSync(path.join(folder, 'steps', 'score.py'), 'def score(inputs, ctx):\n    return None\n');
        writeFileSync(path.join(folder, 'nested.weft'), [
            'step double(x: int) -> (y: int) {\n  run: "./steps/double.ts#double"\n}',
            'step score(x: int) -> (s: float) {\n  run: "./steps/score.py#score"\n}',
            'pipeline inner(x: int) -> (s: float) {\n  let c = score(x)\n  return { s: c.s }\n}',
            'pipeline outer(x: int = 2) -> (s: float) {\n  let d = double(x)\n  let i = inner(d.y)\n  return { s: i.s }\n}',
        ].join('\n\n'));
        const result = runWeft(['run', 'nested.weft', '--pipeline', 'outer', '--executor', 'inline'], { cwd: folder });
        expect(result.stderr).toBe('weft: step `score` (node c of pipeline inner) is implemented in Python (steps/score.py#score), '
            + 'and the inline executor cannot run Python steps yet: run it with the process, gvisor or kubernetes executor\n');
        expect(result.status).toBe(2);
    });

    it('weft manifests writes the Job of a Python step: the Python worker on the step image, its module and the contracts from one ConfigMap', () => {
        const folder = manifestsProject();
        const result = runWeft(['manifests', 'cluster.weft'], { cwd: folder });
        expect(result.status, result.stderr).toBe(0);
        const [job] = parseAllDocuments(result.stdout).map(document => document.toJS() as V1Job);
        const container = job!.spec!.template.spec!.containers[0]!;
        expect(container.image).toBe('python:3.11');
        expect(container.command!.slice(0, 7)).toEqual(['python3', '-B', '-u', '/weft/python/weft_worker/__main__.py', '/weft/project', '/weft/project/steps/score.py', 'score']);
        expect(container.env).toContainEqual({ name: 'PYTHONPATH', value: '/weft/pythonpath/0' });
        const volumes = job!.spec!.template.spec!.volumes!;
        expect(volumes.find(volume => volume.name === 'project')!.configMap!.items).toEqual([{ key: 'file-0', path: 'steps/score.py' }]);
        // The run's generated contracts (`weft generate --lang python`) travel on the module path.
        expect(volumes.find(volume => volume.name === 'pythonpath')!.configMap!.items!.map(item => item.path)).toContain('0/weft_contract.py');
    });

    it('weft manifests --format argo writes a Python step\'s template: the binder runs the Python worker over its weft-python ConfigMap', () => {
        const result = runWeft(['manifests', 'cluster.weft', '--format', 'argo'], { cwd: manifestsProject() });
        expect(result.status, result.stderr).toBe(0);
        const documents = parseAllDocuments(result.stdout).map(document => document.toJS() as { kind: string; metadata: { name?: string }; data?: Record<string, string> });
        const python = documents.find(document => document.kind === 'ConfigMap' && document.metadata.name!.startsWith('weft-python-'))!;
        expect(Object.values(python.data!)).toContain('def score(inputs, ctx):\n    return {"s": 1.0}\n');
        expect(documents.at(-1)!.kind).toBe('Workflow');
    });

    it('weft build still refuses a pipeline with a Python step (an artifact carries no Python worker), naming it, exit 2', () => {
        const result = runWeft(['build', 'cluster.weft', '--out', 'artifact'], { cwd: manifestsProject() });
        expect(result.stderr).toBe('weft: step `score` (node c of pipeline scoring) is implemented in Python (steps/score.py#score), '
            + 'and weft build cannot run Python steps yet: run it with the process, gvisor or kubernetes executor\n');
        expect(result.status).toBe(2);
    });

    it('weft resume finishes a run with a typed Python step whose driver was killed: the step imports the run\'s generated contracts again', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'python.weft', '--pipeline', 'resumable', '--format', 'json'], folder, /s {2}running/);
        await run.started;
        run.child.kill('SIGKILL');
        await run.exited;
        const runId = runIdIn(run.output().stderr);
        const resumed = runWeft(['resume', runId, '--format', 'json'], { cwd: folder });
        expect(resumed.status, resumed.stderr).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: { y: 15 } });
    }, 120_000);
});
