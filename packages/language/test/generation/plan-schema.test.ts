// Every generated plan is valid against the plan's JSON Schema (packages/contract/schema/
// plan.schema.json, shipped as `@weft/contract/plan.schema.json`), and the schema is strict enough
// to reject a broken one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { isPlanFile } from '../../src/generation/index.js';
import { examplesFolder, exampleNames, generateFolder, repositoryRoot } from './generation-helper.js';

const contractFolder = path.join(repositoryRoot, 'packages', 'contract');
const schemaFile = path.join(contractFolder, 'schema', 'plan.schema.json');
const planSchema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(planSchema);

type Plan = Record<string, unknown>;

/** The example folders with `.weft` files: the three examples and the consumer project's `weft/`. */
const planFolders = [...exampleNames.map(name => path.join(examplesFolder, name)), path.join(examplesFolder, 'consumer', 'weft')];

async function plansOf(folder: string): Promise<{ path: string; plan: Plan }[]> {
    const { files } = await generateFolder(folder);
    return files.filter(file => file.path.endsWith('.plan.json')).map(file => ({ path: file.path, plan: JSON.parse(file.content) as Plan }));
}

async function textClassifierPlan(): Promise<Plan> {
    const [first] = await plansOf(path.join(examplesFolder, 'text-classifier'));
    return first!.plan;
}

/** `plan` with `change` applied to a deep copy (typed loosely: the changes break it on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function changed(plan: Plan, change: (copy: any) => void): Plan {
    const copy = structuredClone(plan);
    change(copy);
    return copy;
}

/** The first schema error as `path: message`, or `valid`. */
function verdict(plan: Plan): string {
    if (validate(plan)) return 'valid';
    const [error] = validate.errors!;
    return `${error!.instancePath}: ${error!.message}`;
}

describe.each(planFolders.map(folder => path.relative(repositoryRoot, folder)))('the plans of %s', folder => {
    it('are valid against packages/contract/schema/plan.schema.json', async () => {
        const plans = await plansOf(path.join(repositoryRoot, folder));
        expect(plans.length).toBeGreaterThan(0);
        for (const { path: file, plan } of plans) {
            expect(validate(plan) ? [] : validate.errors, file).toEqual([]);
        }
    });

    it('come with each plan file as the object its text is made from', async () => {
        const { files } = await generateFolder(path.join(repositoryRoot, folder));
        const planFiles = files.filter(file => file.path.endsWith('.plan.json'));
        expect(planFiles.length).toBeGreaterThan(0);
        expect(files.filter(isPlanFile)).toEqual(planFiles);
        for (const file of files.filter(isPlanFile)) expect(file.plan, file.path).toEqual(JSON.parse(file.content));
    });
});

describe('the plan schema', () => {
    it('rejects another plan version, an unknown expression kind and a node without its call', async () => {
        const plan = await textClassifierPlan();
        expect(plan['planVersion']).toBe(3);
        expect(verdict({ ...plan, planVersion: 2 })).toBe('valid');
        for (const version of [1, 4]) expect(verdict({ ...plan, planVersion: version })).toBe('/planVersion: must be equal to one of the allowed values');
        expect(validate({ ...plan, where: [{ expression: { kind: 'javascript', code: 'true' }, text: 'true', source: { file: 'a.weft', line: 1 } }] })).toBe(false);
        const [first, ...rest] = plan['nodes'] as Record<string, unknown>[];
        const { call: _call, ...withoutCall } = first!;
        expect(validate({ ...plan, nodes: [withoutCall, ...rest] })).toBe(false);
        expect(validate(plan)).toBe(true);
    });

    it('rejects a parameter, input, output or artifact without its schema', async () => {
        const plan = await textClassifierPlan();
        expect(verdict(changed(plan, copy => { delete copy.parameters[0].schema; }))).toBe("/parameters/0: must have required property 'schema'");
        expect(verdict(changed(plan, copy => { delete copy.outputs[0].schema; }))).toBe("/outputs/0: must have required property 'schema'");
        expect(verdict(changed(plan, copy => { delete copy.nodes[0].inputs[0].schema; }))).toBe("/nodes/0/inputs/0: must have required property 'schema'");
        expect(verdict(changed(plan, copy => { delete copy.nodes[0].outputs[0].schema; }))).toBe("/nodes/0/outputs/0: must have required property 'schema'");
        expect(verdict(changed(plan, copy => { delete copy.artifacts[0].schema; }))).toBe("/artifacts/0: must have required property 'schema'");
    });

    it('rejects a type schema that is not a JSON Schema object', async () => {
        const plan = await textClassifierPlan();
        expect(verdict(changed(plan, copy => { copy.parameters[0].schema = true; }))).toBe('/parameters/0/schema: must be object');
        expect(verdict(changed(plan, copy => { copy.parameters[0].schema = { type: 'strnig' }; })))
            .toBe('/parameters/0/schema/type: must be equal to one of the allowed values');
        expect(verdict(changed(plan, copy => { copy.nodes[0].outputs[0].schema = { type: 'array', items: { minimum: 'zero' } }; })))
            .toBe('/nodes/0/outputs/0/schema/items/minimum: must be number');
        expect(verdict(changed(plan, copy => { copy.parameters[0].schema = { 'x-weft-unit': 'duration', type: 'number' }; }))).toBe('valid');
    });

    it('rejects a where clause without its text, and the old types table on an output', async () => {
        const plan = await textClassifierPlan();
        expect((plan['where'] as unknown[]).length).toBeGreaterThan(0);
        expect(verdict(changed(plan, copy => { delete copy.where[0].text; }))).toBe("/where/0: must have required property 'text'");
        const node = (plan['nodes'] as { where: unknown[] }[]).findIndex(candidate => candidate.where.length > 0);
        expect(node).toBeGreaterThanOrEqual(0);
        expect(verdict(changed(plan, copy => { delete copy.nodes[node].where[0].text; }))).toBe(`/nodes/${node}/where/0: must have required property 'text'`);
        expect(verdict(changed(plan, copy => { copy.nodes[0].outputs[0].types = { Label: '"pos" | "neg"' }; })))
            .toBe('/nodes/0/outputs/0: must NOT have additional properties');
    });

    it('is what @weft/contract exports as plan.schema.json, and is in its package', () => {
        const resolved = createRequire(path.join(repositoryRoot, 'packages', 'language', 'package.json')).resolve('@weft/contract/plan.schema.json');
        expect(readFileSync(resolved, 'utf8')).toBe(readFileSync(schemaFile, 'utf8'));
        const npm = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: contractFolder, encoding: 'utf8', timeout: 60_000 });
        expect(npm.status, npm.stderr).toBe(0);
        const [packed] = JSON.parse(npm.stdout) as [{ files: { path: string }[] }];
        expect(packed.files.map(file => file.path)).toContain('schema/plan.schema.json');
    });
});
