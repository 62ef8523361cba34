// Every generated plan is valid against the JSON Schema in docs/plan.md, and the schema is strict
// enough to reject a broken one.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { examplesFolder, exampleNames, generateFolder, repositoryRoot } from './generation-helper.js';

function planSchema(): object {
    const markdown = readFileSync(path.join(repositoryRoot, 'docs', 'plan.md'), 'utf8');
    const block = /<!-- plan-schema:start -->\s*```json\n([\s\S]*?)```\s*<!-- plan-schema:end -->/.exec(markdown);
    if (!block) throw new Error('docs/plan.md has no schema between the plan-schema markers');
    return JSON.parse(block[1]!) as object;
}

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(planSchema());

async function plansOf(example: string): Promise<{ path: string; plan: Record<string, unknown> }[]> {
    const { files } = await generateFolder(path.join(examplesFolder, example));
    return files.filter(file => file.path.endsWith('.plan.json')).map(file => ({ path: file.path, plan: JSON.parse(file.content) }));
}

describe.each(exampleNames)('the plans of examples/%s', example => {
    it('are valid against the schema in docs/plan.md', async () => {
        const plans = await plansOf(example);
        expect(plans.length).toBeGreaterThan(0);
        for (const { path: file, plan } of plans) {
            expect(validate(plan) ? [] : validate.errors, file).toEqual([]);
        }
    });
});

describe('the plan schema', () => {
    it('rejects another plan version, an unknown expression kind and a node without its call', async () => {
        const [{ plan }] = await plansOf('text-classifier') as [{ plan: Record<string, unknown> }];
        expect(validate({ ...plan, planVersion: 1 })).toBe(false);
        expect(validate({ ...plan, where: [{ expression: { kind: 'javascript', code: 'true' }, text: 'true', source: { file: 'a.weft', line: 1 } }] })).toBe(false);
        const [first, ...rest] = plan['nodes'] as Record<string, unknown>[];
        const { call: _call, ...withoutCall } = first!;
        expect(validate({ ...plan, nodes: [withoutCall, ...rest] })).toBe(false);
        expect(validate(plan)).toBe(true);
    });
});
