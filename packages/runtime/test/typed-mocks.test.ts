// tsc rejects a mock whose inputs or outputs do not match its step's contract.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A temp project with the consumer's generated contracts, this repository's runtime and contract packages, and `main.ts`. */
function project(main: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-mocks-'));
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
    writeFileSync(path.join(folder, 'main.ts'), `import { File, runPipeline } from '@weft/runtime';\nimport * as scores from './generated/scores.js';\n${main}\n`);
    return folder;
}

function tsc(folder: string): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', folder, '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('typed mocks', () => {
    it('accepts a mock that fits its contract', () => {
        const result = tsc(project(`await runPipeline(scores.scoreReviews, { l2: 1 }, { steps: scores, mocks: {
    report: async (inputs) => ({ summary: new File(inputs.title) }),
} });`));
        expect(result.output).toBe('');
        expect(result.status).toBe(0);
    }, 120_000);

    it('rejects a mock that returns the wrong outputs', () => {
        const result = tsc(project(`await runPipeline(scores.scoreReviews, {}, { steps: scores, mocks: {
    report: async () => ({ summary: 'not a file' }),
} });`));
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(/main\.ts\(4,\d+\): error TS\d+/);
        expect(result.output).toMatch(/Type 'string' is not assignable to type 'File'/);
    }, 120_000);

    it('rejects a mock that reads an input the step does not have, and a mock of a step that does not exist', () => {
        const result = tsc(project(`await runPipeline(scores.scoreReviews, {}, { steps: scores, mocks: {
    report: async (inputs) => ({ summary: new File(inputs.heading) }),
    trian: async () => ({}),
} });`));
        expect(result.output).toMatch(/main\.ts\(4,\d+\): error TS2339: Property 'heading' does not exist/);
        expect(result.output).toMatch(/main\.ts\(5,\d+\): error TS\d+/);
        expect(result.output).toMatch(/'trian' does not exist in type/);
    }, 120_000);

    it('rejects parameters of the wrong type', () => {
        const result = tsc(project(`await runPipeline(scores.scoreReviews, { l2: 'high' }, { steps: scores });`));
        expect(result.output).toMatch(/main\.ts\(3,\d+\): error TS\d+/);
        expect(result.output).toMatch(/Type 'string' is not assignable to type 'number'/);
    }, 120_000);
});
