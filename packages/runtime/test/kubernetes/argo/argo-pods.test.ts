// The pods of exported workflows, run for real (binder, worker and step bundles from the
// exported ConfigMaps) under a test-only stand-in for Argo's controller (./argo-player.ts).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../../src/contract/plan.js';
import { argoBundles } from '../../../src/kubernetes/argo/argo-bundles.js';
import { argoExport } from '../../../src/kubernetes/argo/argo-workflow.js';
import { anything, literal, node, output, parameter, plan as planOf, stringSchema, typedAs } from '../../execution/plan-fixtures.js';
import { playWorkflow } from './argo-player.js';
import { clusterTarget, generatePlans, repositoryRoot } from './argo-support.js';

/** A shared volume with the example's files as the project (datasets resolve under `project/`). */
function volumeWith(exampleDir: string): string {
    const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
    cpSync(exampleDir, path.join(data, 'project'), { recursive: true, filter: source => !source.includes('node_modules') && !source.includes('.weft') });
    return data;
}

function outputsOf(data: string, run: string, task: string): Record<string, unknown> {
    const taskDir = path.join(data, 'runs', run, task);
    const last = readdirSync(taskDir).map(Number).sort((a, b) => b - a)[0]!;
    return JSON.parse(readFileSync(path.join(taskDir, String(last), 'out', 'outputs.json'), 'utf8')) as Record<string, unknown>;
}

describe('the text classifier on Argo (when / else, on failure)', () => {
    const exampleDir = path.join(repositoryRoot, 'examples/text-classifier');
    const plan = generatePlans(exampleDir).get('trainSentiment')!;

    it('trains, evaluates and publishes when accurate enough; the else branch and the handler are skipped', async () => {
        const exported = argoExport(plan, clusterTarget(), { bundles: await argoBundles(plan, exampleDir, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = volumeWith(exampleDir);
        const played = await playWorkflow(exported, { dataDir: data, run: 'sentiment-1', parameters: { threshold: '0.5' } });
        expect(Object.fromEntries(played.phases)).toEqual({
            t: 'Succeeded', m: 'Succeeded', e: 'Succeeded', p: 'Succeeded', a: 'Skipped', f: 'Omitted', 'weft-run-failed': 'Omitted',
        });
        // The condition read the accuracy e's pod published, the same value e wrote to the volume.
        const accuracy = (outputsOf(data, 'sentiment-1', 'e')['metrics'] as Record<string, number>)['accuracy'];
        expect(Number(played.outputs.get('e')!['metrics-accuracy'])).toBe(accuracy);
        expect(accuracy).toBeGreaterThanOrEqual(0.5);
        // publish wrote the model into its work folder on the shared volume, under the default channel.
        expect(existsSync(path.join(data, 'runs', 'sentiment-1', 'p', '1', 'out', 'staging', 'model.json'))).toBe(true);
    }, 120_000);

    it('takes the else branch when the threshold (a workflow parameter given at submission) is not reached', async () => {
        const exported = argoExport(plan, clusterTarget(), { bundles: await argoBundles(plan, exampleDir, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = volumeWith(exampleDir);
        const played = await playWorkflow(exported, { dataDir: data, run: 'sentiment-2', parameters: { threshold: '1' } });
        expect(played.phases.get('p')).toBe('Skipped');
        expect(played.phases.get('a')).toBe('Succeeded');
        expect(played.logs.join('')).toContain('ALERT sentiment accuracy below threshold');
    }, 120_000);
});

describe('the retrieval index on Argo (a fan-out over an upstream output)', () => {
    it('embeds every chunk in its own pod and builds the index from all of them', async () => {
        const exampleDir = path.join(repositoryRoot, 'examples/retrieval-index');
        const plan = generatePlans(exampleDir).get('indexHandbook')!;
        const exported = argoExport(plan, clusterTarget(), { bundles: await argoBundles(plan, exampleDir, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = volumeWith(exampleDir);
        const played = await playWorkflow(exported, { dataDir: data, run: 'handbook-1' });
        expect([...played.phases.values()].every(phase => phase === 'Succeeded')).toBe(true);
        const chunks = outputsOf(data, 'handbook-1', 'parts')['chunks'] as unknown[];
        expect(chunks.length).toBeGreaterThan(1);
        expect(JSON.parse(played.outputs.get('parts')!['items-vectors']!)).toEqual(chunks.map((_, index) => index));
        expect(played.pods.get('vectors')).toBe(chunks.length);
        const index = outputsOf(data, 'handbook-1', 'built');
        expect(index['stats']).toBeDefined();
        const hits = outputsOf(data, 'handbook-1', 'probe')['hits'] as unknown[];
        expect(hits.length).toBeGreaterThan(0);
    }, 240_000);
});

describe('retries and on failure in pods', () => {
    const root = path.join(repositoryRoot, 'packages/runtime/test/kubernetes/argo/fixtures');
    const step = (id: string, exportName: string, shape: Parameters<typeof node>[1] = {}) => {
        const base = node(id, shape);
        return { ...base, call: { kind: 'step' as const, step: exportName, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'pod-steps.ts', export: exportName } } };
    };
    const retried = { retry: { attempts: literal(3), backoff: { kind: 'quantity', unit: 'duration', value: 1000 } as const } };
    const failing: CompiledPlan = planOf([
        step('flaky', 'flaky', { settings: retried }),
        step('broken', 'broken', { after: ['flaky'], settings: retried }),
        { ...step('notify', 'notify', { arguments: { text: { kind: 'member', receiver: { kind: 'failure' }, name: 'message' }, step: { kind: 'member', receiver: { kind: 'failure' }, name: 'step' } }, onFailureOf: ['broken'], types: { text: stringSchema, step: stringSchema } }), outputs: [typedAs('seen', 'string')] },
        step('after', 'flaky', { needs: ['broken'], arguments: { value: output('broken', 'value') } }),
    ], { parameters: [typedAs('label', 'string')] });

    it('retries a retryable failure, runs the handler with the Failure record, and still fails the run', async () => {
        const exported = argoExport(failing, clusterTarget(), { bundles: await argoBundles(failing, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))), parameters: { label: 'x' } });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'failing-1' });
        expect(Object.fromEntries(played.phases)).toEqual({ flaky: 'Succeeded', broken: 'Failed', notify: 'Succeeded', after: 'Omitted', 'weft-run-failed': 'Failed' });
        expect(played.pods.get('flaky')).toBe(2); // failed once (retryable), then succeeded
        expect(played.pods.get('broken')).toBe(3); // every attempt of retry { attempts: 3 }
        expect(outputsOf(data, 'failing-1', 'notify')['seen']).toBe('broken: the disk is on fire');
    }, 120_000);

    it('fails a pod whose outputs break the contract, without retry, naming the field', async () => {
        const bad: CompiledPlan = planOf([step('liar', 'liar', { settings: retried, outputs: ['value'] })], {});
        const exported = argoExport(bad, clusterTarget(), { bundles: await argoBundles(bad, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'liar-1' });
        expect(played.phases.get('liar')).toBe('Failed');
        expect(played.pods.get('liar')).toBe(1);
        expect(played.logs.join('')).toContain('weft: liar returned outputs that do not match its step: value is "seven" (a string), expected an int (declared as int)');
        const failure = JSON.parse(readFileSync(path.join(data, 'runs', 'liar-1', 'liar', '1', 'out', 'failure.json'), 'utf8')) as { message: string };
        expect(failure.message).toContain('value');
    }, 120_000);

    it('fails a pod whose input breaks the step\'s where clause before the step runs, without retry, quoting it', async () => {
        const clause = { expression: { kind: 'binary', operator: '<', left: { kind: 'input', name: 'value' }, right: literal(10) }, text: 'value < 10', source: { file: 'pods.weft', line: 3 } } as const;
        const guarded: CompiledPlan = planOf([step('big', 'flaky', { settings: retried, arguments: { value: literal(12) }, where: [clause] })], {});
        const exported = argoExport(guarded, clusterTarget(), { bundles: await argoBundles(guarded, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'guarded-1' });
        expect(played.phases.get('big')).toBe('Failed');
        expect(played.pods.get('big')).toBe(1);
        expect(played.logs.join('')).toContain('weft: big: the inputs break `where value < 10` (pods.weft:3): it is false for value = 12; the step did not run');
    }, 120_000);

    it('completes a fan-out over no items with an empty list, which its dependents read', async () => {
        const empty: CompiledPlan = planOf([
            step('each', 'flaky', { forEach: { variable: 'v', items: parameter('values') }, arguments: { value: { kind: 'variable', name: 'v' } } }),
            step('total', 'count', { needs: ['each'], arguments: { values: output('each') }, outputs: ['n'], types: { values: { type: 'array', items: { type: 'object' } } } }),
        ], { parameters: [{ name: 'values', type: 'int[]', schema: { type: 'array', items: { type: 'integer' } }, default: { kind: 'list', elements: [] } }] });
        const exported = argoExport(empty, clusterTarget(), { bundles: await argoBundles(empty, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'empty-1' });
        expect(Object.fromEntries(played.phases)).toEqual({ each: 'Skipped', total: 'Succeeded' });
        expect(outputsOf(data, 'empty-1', 'total')['n']).toBe(0);
    }, 60_000);

    it('refuses a workflow parameter that is not a number where the plan needs one, in the pod', async () => {
        const typed: CompiledPlan = planOf([step('echo', 'flaky', { arguments: { value: parameter('n') } })], { parameters: [{ name: 'n', type: 'int', schema: { type: 'integer' }, default: literal(1) }] });
        const exported = argoExport(typed, clusterTarget(), { bundles: await argoBundles(typed, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const played = await playWorkflow(exported, { dataDir: mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-')), run: 'typed-1', parameters: { n: 'many' } });
        expect(played.phases.get('echo')).toBe('Failed');
        expect(played.logs.join('')).toContain('the parameter n must be a number, found "many"');
    }, 60_000);
});

describe('command steps in pods', () => {
    const root = path.join(repositoryRoot, 'packages/runtime/test/kubernetes/argo/fixtures');
    const command = (id: string, script: string, shape: Parameters<typeof node>[1] = {}) => {
        const base = node(id, shape);
        return { ...base, call: { kind: 'step' as const, step: id, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { command: ['sh', `./${script}`], directory: 'commands' } } };
    };

    it('runs a shell script step in its folder, from the ConfigMap of the files it names, its outputs read by the next pod', async () => {
        const doubled: CompiledPlan = planOf([
            command('first', 'double.sh', { arguments: { x: literal(5) } }),
            command('second', 'double.sh', { needs: ['first'], arguments: { x: output('first', 'value') } }),
        ]);
        const exported = argoExport(doubled, clusterTarget(), { bundles: await argoBundles(doubled, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const commandMap = exported.configMaps.find(map => map.metadata.name!.startsWith('weft-command-'))!;
        expect(Object.keys(commandMap.data).sort()).toEqual(['command', 'file-0']);
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'doubled-1' });
        expect(Object.fromEntries(played.phases)).toEqual({ first: 'Succeeded', second: 'Succeeded' });
        expect(outputsOf(data, 'doubled-1', 'second')).toEqual({ value: 20 });
        expect(played.logs.join('')).toContain('doubling 10');
    }, 120_000);

    it('fails a command that writes failure.json and exits 1 with its message, without retry', async () => {
        const refused: CompiledPlan = planOf([command('check', 'refuse.sh', { arguments: { x: literal(3) }, settings: { retry: { attempts: literal(3) } } })]);
        const exported = argoExport(refused, clusterTarget(), { bundles: await argoBundles(refused, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'refused-1' });
        expect(played.phases.get('check')).toBe('Failed');
        expect(played.pods.get('check')).toBe(1);
        expect(played.logs.join('')).toContain('weft: check failed: x must be even');
    }, 120_000);
});

describe('Python steps in pods', () => {
    const root = path.join(repositoryRoot, 'packages/runtime/test/python/fixtures');
    const contracts = path.join(root, 'contracts');
    const python = (id: string, module: string, name: string, shape: Parameters<typeof node>[1] = {}) => {
        const base = node(id, shape);
        return { ...base, call: { kind: 'step' as const, step: id, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module, export: name, language: 'python' as const } } };
    };

    it('runs the Python worker on the bundle\'s sources and contracts, its outputs read by the next pod', async () => {
        const chained: CompiledPlan = planOf([
            python('first', 'steps/basics.py', 'later', { arguments: { x: literal(5) }, outputs: ['doubled', 'trace'], types: { trace: anything } }),
            python('second', 'steps/basics.py', 'later', { needs: ['first'], arguments: { x: output('first', 'doubled') }, outputs: ['doubled', 'trace'], types: { trace: anything } }),
            python('typed', 'steps/typed.py', 'route_step', {
                arguments: { from: literal('box'), options: { kind: 'record', fields: { hops: literal(1), via: literal('lane') } }, weights: { kind: 'record', fields: {} } },
                outputs: ['from', 'total', 'legs'], types: { from: anything, options: anything, weights: anything, total: anything, legs: anything },
            }),
        ]);
        const exported = argoExport(chained, clusterTarget(), { bundles: await argoBundles(chained, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-')), undefined, undefined, [contracts]) });
        const pythonMaps = exported.configMaps.filter(map => map.metadata.name!.startsWith('weft-python-'));
        expect(pythonMaps).toHaveLength(2);
        const firstTemplate = exported.workflow.spec.templates.find(template => template.name === 'first')!;
        const items = firstTemplate.volumes!.find(volume => volume.name === 'bundle')!.configMap!.items!.map(item => item.path);
        expect(items).toEqual(expect.arrayContaining(['python/weft_worker/__main__.py', 'project/steps/basics.py', 'project/helpers/scoring.py', 'pythonpath/0/demo.py']));
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'python-1' });
        expect(Object.fromEntries(played.phases), played.logs.join('')).toEqual({ first: 'Succeeded', second: 'Succeeded', typed: 'Succeeded' });
        expect(outputsOf(data, 'python-1', 'second')).toMatchObject({ doubled: 20 });
        expect(outputsOf(data, 'python-1', 'typed')).toMatchObject({ from: 'lane', total: 1 });
    }, 120_000);

    it('fails a Python step that raises with its message, retried as the step says', async () => {
        const failing: CompiledPlan = planOf([python('boom', 'steps/basics.py', 'fails', { arguments: { label: literal('argo') }, types: { label: anything }, settings: { retry: { attempts: literal(2) } } })]);
        const exported = argoExport(failing, clusterTarget(), { bundles: await argoBundles(failing, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-'))) });
        const data = mkdtempSync(path.join(tmpdir(), 'weft-argo-volume-'));
        const played = await playWorkflow(exported, { dataDir: data, run: 'boom-1' });
        expect(played.phases.get('boom')).toBe('Failed');
        expect(played.pods.get('boom')).toBe(2);
        expect(played.logs.join('')).toContain('weft: boom failed: the step gave up on argo');
    }, 120_000);
});
