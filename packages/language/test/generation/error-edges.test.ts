// What `weft generate` makes of typed error edges (packages/cli/test/weft-error-edges-fixtures):
// the plan's error-edge fields, valid against the plan schema, and a constructor per declared
// error whose fields tsc checks.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generateFolder, repositoryRoot, runTsc, temporaryProject, writeFiles } from './generation-helper.js';

const fixture = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-error-edges-fixtures');
const planSchema = JSON.parse(readFileSync(path.join(repositoryRoot, 'packages', 'contract', 'schema', 'plan.schema.json'), 'utf8')) as object;

interface Node {
    readonly id: string;
    readonly [field: string]: unknown;
}

describe('generated error edges', () => {
    it('put raises, handles, onExitOf, recover and awaitsRecovery in the plan, which the plan schema accepts', async () => {
        const { files, errors } = await generateFolder(fixture);
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path === 'guarded.guarded.plan.json')!.content) as { nodes: Node[] };
        const byId = Object.fromEntries(plan.nodes.map(node => [node.id, node]));
        expect((byId['t']!['raises'] as { name: string }[]).map(error => error.name)).toEqual(['QualityTooLow', 'DataDrift']);
        expect(byId['t']!['recover']).toEqual([{
            handles: { error: 'QualityTooLow' },
            outputs: { score: { kind: 'output', node: 'f', output: 'score' } },
            needs: ['f'],
        }]);
        expect(byId['f']).toMatchObject({ onFailureOf: ['t'], handles: { error: 'QualityTooLow' }, arguments: { accuracy: { kind: 'member', receiver: { kind: 'failure' }, name: 'accuracy' } } });
        expect(byId['_a']).toMatchObject({ onFailureOf: ['t'], handles: { except: ['QualityTooLow'] } });
        expect(byId['_c']).toMatchObject({ onExitOf: ['t'] });
        expect(byId['_c']).not.toHaveProperty('onFailureOf');
        expect(byId['r']).toMatchObject({ needs: ['t'], awaitsRecovery: ['f'] });
        const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(planSchema);
        expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
    });

    it('emit a constructor per declared error whose fields tsc checks', async () => {
        const { files } = await generateFolder(fixture);
        const project = temporaryProject('weft-error-edges-');
        writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'generated', private: true, type: 'module' }));
        writeFiles(path.join(project, 'src', 'generated'), files);
        writeFileSync(path.join(project, 'src', 'good.ts'), [
            "import { QualityTooLow } from './generated/guarded.js';",
            'const error = new QualityTooLow({ accuracy: 0.4, threshold: 0.8 });',
            'export const accuracy: number = error.fields.accuracy;',
            'export const type: string = error.weftRaised.type;',
        ].join('\n'));
        writeFileSync(path.join(project, 'src', 'bad.ts'), [
            "import { DataDrift, QualityTooLow } from './generated/guarded.js';",
            "export const wrongType = new QualityTooLow({ accuracy: 'low', threshold: 0.8 });",
            'export const missing = new QualityTooLow({ accuracy: 0.4 });',
            "export const unknown = new DataDrift({ column: 'age', extra: 1 });",
        ].join('\n'));
        writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
            compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
            include: ['src/**/*.ts'],
        }));
        const result = runTsc(['-p', project], project);
        const lines = result.output.split('\n').filter(line => line.includes('error TS'));
        expect(lines.filter(line => !line.startsWith('src/bad.ts'))).toEqual([]);
        expect(lines.map(line => line.replace(/^src\/bad\.ts\((\d+),\d+\): error (TS\d+).*$/, '$1 $2'))).toEqual(['2 TS2322', '3 TS2345', '4 TS2353']);
    }, 120_000);
});
