// tsc checks a pipeline test: testPipeline's mocks are typed by the generated contracts, its
// parameters by the pipeline, and its result's outputs by the pipeline's outputs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A temp project with the consumer's generated contracts, this repository's packages, and `scores.weft.test.ts`. */
function project(body: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-typed-test-'));
    mkdirSync(path.join(folder, 'node_modules', '@weft'), { recursive: true });
    mkdirSync(path.join(folder, 'node_modules', '@types'), { recursive: true });
    symlinkSync(path.join(repository, 'packages', 'runtime'), path.join(folder, 'node_modules', '@weft', 'runtime'), 'dir');
    symlinkSync(path.join(repository, 'packages', 'contract'), path.join(folder, 'node_modules', '@weft', 'contract'), 'dir');
    symlinkSync(path.join(repository, 'node_modules', '@types', 'node'), path.join(folder, 'node_modules', '@types', 'node'), 'dir');
    cpSync(path.join(repository, 'examples', 'consumer', 'src', 'generated'), path.join(folder, 'generated'), { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] },
        include: ['**/*.ts'],
    }));
    writeFileSync(path.join(folder, 'scores.weft.test.ts'), `import { File } from '@weft/contract';
import { testPipeline } from '@weft/runtime/testing';
import * as scores from './generated/scores.js';
${body}
`);
    return folder;
}

function tsc(folder: string): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', folder, '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('a typed pipeline test', () => {
    it('compiles when its mocks fit their contracts and it reads outputs the pipeline has', () => {
        const result = tsc(project(`const result = await testPipeline(scores.scoreReviews, { l2: 1 }, { steps: scores, mocks: {
    report: async (inputs) => ({ summary: new File(inputs.title) }),
} });
const summary: File | undefined = result.outputs?.summary;
const state: string = result.task('r').state;
const attempts: number = result.task('r').attempts;
void [summary, state, attempts, result.task('r').messages.length];`));
        expect(result.output).toBe('');
        expect(result.status).toBe(0);
    }, 120_000);

    it('is rejected when a mock returns the wrong outputs', () => {
        const result = tsc(project(`await testPipeline(scores.scoreReviews, {}, { steps: scores, mocks: {
    report: async () => ({ summary: 'not a file' }),
} });`));
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(/scores\.weft\.test\.ts\(5,\d+\): error TS2322: /);
        expect(result.output).toMatch(/Type 'string' is not assignable to type 'File'/);
    }, 120_000);

    it('is rejected when a mock reads an input its step does not have, or mocks a step that does not exist', () => {
        const result = tsc(project(`await testPipeline(scores.scoreReviews, {}, { steps: scores, mocks: {
    report: async (inputs) => ({ summary: new File(inputs.heading) }),
    trian: async () => ({}),
} });`));
        expect(result.output).toMatch(/scores\.weft\.test\.ts\(5,\d+\): error TS2339: Property 'heading' does not exist/);
        expect(result.output).toMatch(/scores\.weft\.test\.ts\(6,\d+\): error TS\d+: .*'trian' does not exist in type/);
    }, 120_000);

    it('is rejected when it reads an output the pipeline does not have, or gives a parameter of the wrong type', () => {
        const result = tsc(project(`const result = await testPipeline(scores.scoreReviews, { l2: 'high' }, { steps: scores });
void result.outputs?.sumary;`));
        expect(result.output).toMatch(/scores\.weft\.test\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
        expect(result.output).toMatch(/scores\.weft\.test\.ts\(5,\d+\): error TS2551: Property 'sumary' does not exist/);
    }, 120_000);
});
