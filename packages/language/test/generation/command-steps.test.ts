// A step with `command` instead of `run`: its plan records the command and the folder it runs
// in (valid against the plan schema, which refuses an empty command), and its TypeScript contract
// keeps the input and output types but has no `defineStep`, since there is no function to type.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generateFolder, repositoryRoot, runTsc, temporaryProject, writeFiles } from './generation-helper.js';
import { generatePythonFolder } from './python/python-helper.js';

const planSchema = JSON.parse(readFileSync(path.join(repositoryRoot, 'packages', 'contract', 'schema', 'plan.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(planSchema);

const source = `
step double(x: int) -> (value: int) {
  command: ["sh", "./steps/double.sh", "--verbose"]
}

step last(x: int) -> (value: int) {
  run: "../steps.ts#last"
}

pipeline doubled(n: int = 2) -> (result: int) {
  let d = double(n)
  let l = last(d.value)
  return { result: l.value }
}
`;

/** A project with the pipeline in `pipelines/doubled.weft` and its TypeScript step one folder up. */
function project(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-command-steps-'));
    mkdirSync(path.join(folder, 'pipelines'));
    writeFileSync(path.join(folder, 'pipelines', 'doubled.weft'), source);
    writeFileSync(path.join(folder, 'steps.ts'), 'export async function last(inputs: { x: number }) { return { value: inputs.x }; }\n');
    return folder;
}

describe('a command step', () => {
    it('is planned as its command and the folder of its .weft file, beside a function step', async () => {
        const { files, errors } = await generateFolder(project());
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path.endsWith('doubled.plan.json'))!.content) as { nodes: { id: string; call: { implementation: unknown } }[] };
        expect(plan.nodes.map(node => [node.id, node.call.implementation])).toEqual([
            ['d', { command: ['sh', './steps/double.sh', '--verbose'], directory: 'pipelines' }],
            ['l', { module: 'steps.ts', export: 'last', language: 'typescript' }],
        ]);
        expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
    });

    it('is refused by the plan schema with an empty command or a module beside it', async () => {
        const { files } = await generateFolder(project());
        const plan = JSON.parse(files.find(file => file.path.endsWith('doubled.plan.json'))!.content) as { nodes: { call: { implementation: Record<string, unknown> } }[] };
        plan.nodes[0]!.call.implementation = { command: [], directory: 'pipelines' };
        expect(validate(plan)).toBe(false);
        plan.nodes[0]!.call.implementation = { command: ['sh'], directory: 'pipelines', module: 'steps.ts' };
        expect(validate(plan)).toBe(false);
    });

    it('gets its input and output types in TypeScript, and no contract to implement', async () => {
        const { files } = await generateFolder(project());
        const module = files.find(file => file.path.endsWith('doubled.ts'))!;
        expect(module.content).toContain('export interface DoubleInputs {\n    readonly x: number;\n}');
        expect(module.content).toContain('export interface DoubleOutputs {\n    readonly value: number;\n}');
        expect(module.content).toContain('`double` runs the command `["sh","./steps/double.sh","--verbose"]` over the file protocol');
        expect(module.content).not.toMatch(/export const double\b/);
        expect(module.content).toMatch(/export const last = defineStep</);
        // The generated module type-checks.
        const folder = temporaryProject('weft-command-steps-tsc-');
        writeFiles(folder, files);
        writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', target: 'es2022', skipLibCheck: true }, include: ['**/*.ts'] }));
        const tsc = runTsc(['-p', folder], folder);
        expect(tsc.output).toBe('');
        expect(tsc.status).toBe(0);
    }, 120_000);

    it('gets a Python contract that names its command, not an empty `#`', async () => {
        const { files } = await generatePythonFolder(project());
        const module = files.find(file => file.path.endsWith('doubled.py'))!;
        expect(module.content).toContain(`implementation='command ["sh","./steps/double.sh","--verbose"]'`);
        expect(module.content).toContain("implementation='steps.ts#last'");
    });
});
