// Signed models in the engine: found wherever a declared model reaches a step (argument,
// parameter default, nested in a record or list), verified once per content and key, and a
// bad one fails its task for good before the step runs, with its dependants skipped.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanArtifact } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Model } from '../../src/handles/model.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { FileDigests, generateKeyPair, hashFile, ModelVerificationError, parsePrivateKey, SignedModels, signFile } from '../../src/trust/index.js';
import { literal, node, output, parameter, plan, typedAs, workRoot } from '../execution/plan-fixtures.js';

/** A project folder: `pipelines/models/base.bin` signed by `pipelines/keys/acme.pub`, declared in `pipelines/p.weft`. */
async function signedProject() {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-signed-'));
    mkdirSync(path.join(root, 'pipelines', 'models'), { recursive: true });
    mkdirSync(path.join(root, 'pipelines', 'keys'));
    const pair = generateKeyPair();
    writeFileSync(path.join(root, 'pipelines', 'keys', 'acme.pub'), pair.publicPem);
    const file = path.join(root, 'pipelines', 'models', 'base.bin');
    writeFileSync(file, Buffer.alloc(50_000, 3));
    await signFile(file, parsePrivateKey(pair.privatePem, 'acme.key'));
    const base: PlanArtifact = {
        name: 'base', kind: 'model', type: 'Model<int, int>', source: { file: 'pipelines/p.weft', line: 3 },
        members: { uri: 'file:models/base.bin', signedBy: 'keys/acme.pub' },
    };
    return { root, file, base, privatePem: pair.privatePem };
}

const artifact = (name: string) => ({ kind: 'artifact' as const, name });

describe('SignedModels', () => {
    it('finds declared models at any depth and hashes a model consumed by 100 tasks once', async () => {
        const { root, file, base } = await signedProject();
        let reads = 0;
        const digests = new FileDigests(async (target, algorithms) => {
            reads++;
            return hashFile(target, algorithms);
        });
        const models = new SignedModels(plan([], { artifacts: [base] }), root, digests);
        const nested = { config: { models: [new Model(file)] }, other: 3 };
        const results = await Promise.all(Array.from({ length: 100 }, () => models.check(nested)));
        expect(reads).toBe(1);
        expect(results.every(result => result.length === 1 && result[0]!.model === 'base' && result[0]!.signedBy === 'keys/acme.pub')).toBe(true);
        // A model that is not declared signed (another file) is not checked; neither are plain values.
        expect(await models.check({ m: new Model(path.join(root, 'elsewhere.bin')), n: 1 })).toEqual([]);
    });

    it('names the model, the file and what failed', async () => {
        const { root, file, base } = await signedProject();
        writeFileSync(file, Buffer.alloc(50_000, 4));
        const models = new SignedModels(plan([], { artifacts: [base] }), root);
        const failure = await models.check({ m: new Model(file) }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ModelVerificationError);
        expect((failure as Error).message).toBe(`model base (${file}) failed verification against keys/acme.pub: the file's content differs from what was signed `
            + `(sha512 ${(await hashFile(file, ['sha512'])).sha512!.slice(0, 16)}, signed ${readFileSync(`${file}.sig`, 'utf8').match(/sha512 (\w{16})/)![1]}): it was modified [content-changed]`);
    });
});

describe('signed models in a run', () => {
    const model = typedAs('model', 'Model').schema;
    function pipeline(base: PlanArtifact): CompiledPlan {
        return plan([
            node('useDefault', { arguments: { config: parameter('config') }, types: { config: { type: 'object', properties: { model: model }, required: ['model'] } } }),
            node('useList', { arguments: { models: { kind: 'list', elements: [artifact('base')] } }, types: { models: { type: 'array', items: model } }, settings: { retry: { attempts: literal(3), backoff: literal(1) } } }),
            node('after', { arguments: { x: output('useList', 'value') }, needs: ['useList'] }),
        ], {
            artifacts: [base],
            parameters: [{ name: 'config', type: '{ model: Model<int, int> }', default: { kind: 'record', fields: { model: artifact('base') } } }],
            outputs: [{ name: 'value', type: 'int', value: output('after', 'value') }],
        });
    }

    it('verifies a model reaching steps through a parameter default and a list, and records the verifying key', async () => {
        const { root, base } = await signedProject();
        const calls: string[] = [];
        const store = new SqliteRunStore();
        const mock = (name: string) => async () => { calls.push(name); return { value: 1 }; };
        const result = await runPipeline(pipeline(base), {}, { root, store, workRoot: workRoot(), mocks: { useDefault: mock('useDefault'), useList: mock('useList'), after: mock('after') } });
        expect(result.status).toBe('completed');
        expect(calls.sort()).toEqual(['after', 'useDefault', 'useList']);
        const [input] = store.runInputs(result.runId);
        expect(input).toMatchObject({ name: 'base', kind: 'model', signedBy: 'keys/acme.pub', verifiedKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(store.events(result.runId).filter(event => event.message === 'model base verified by keys/acme.pub').map(event => event.taskId).sort()).toEqual(['useDefault', 'useList']);
    });

    it('fails the consuming tasks for good without calling their steps; dependants are skipped', async () => {
        const { root, file, base } = await signedProject();
        writeFileSync(file, Buffer.alloc(49_999, 3));
        const calls: string[] = [];
        const store = new SqliteRunStore();
        const mock = (name: string) => async () => { calls.push(name); return { value: 1 }; };
        const result = await runPipeline(pipeline(base), {}, { root, store, workRoot: workRoot(), mocks: { useDefault: mock('useDefault'), useList: mock('useList'), after: mock('after') } });
        expect(result.status).toBe('failed');
        expect(calls).toEqual([]);
        const states = Object.fromEntries(result.tasks.map(task => [task.id, `${task.state} ${task.attempts}`]));
        expect(states).toEqual({ useDefault: 'failed 1', useList: 'failed 1', after: 'skipped 0' }); // useList allows 3 attempts: not retried
        expect(result.failures.map(failure => failure.message)).toEqual([
            `model base (${file}) failed verification against keys/acme.pub: the file is 49999 bytes but 50000 bytes were signed (truncated) [size-changed]`,
            `model base (${file}) failed verification against keys/acme.pub: the file is 49999 bytes but 50000 bytes were signed (truncated) [size-changed]`,
        ]);
        expect(store.runInputs(result.runId)[0]!.verifiedKey).toBeUndefined();
    });
});
