// `weft run` and `weft manifests` compile in memory and take the language's plan objects as they
// are: the chosen pipeline, the plans of the pipelines it calls, and nothing written or read back.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import type { CliIo } from '../../../src/io.js';
import { compilePipeline } from '../../../src/commands/run/compile-pipeline.js';
import { projectAt } from '../../../src/commands/run/project.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'weft-run-fixtures');

function copyOfFixtures(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-compile-pipeline-'));
    cpSync(fixtures, folder, { recursive: true });
    return folder;
}

function ioIn(cwd: string): CliIo & { readonly output: () => string } {
    let output = '';
    const stream = { write: (text: string) => void (output += text), isTTY: false };
    return { cwd, env: {}, stdout: stream, stderr: stream, output: () => output };
}

describe('compilePipeline', () => {
    it('gives the chosen pipeline\'s plan and its callees\' plans from memory, and writes no plan file', async () => {
        const folder = copyOfFixtures();
        const file = path.join(folder, 'nested.weft');
        const io = ioIn(folder);
        const compiled = await compilePipeline(file, projectAt(folder), { pipeline: 'outer', format: 'text' }, io);
        expect(compiled.plan.pipeline).toBe('outer');
        const call = compiled.plan.nodes.find(node => node.id === 'a')!.call;
        expect(call).toEqual({ kind: 'pipeline', pipeline: 'twiceAndOne', plan: 'nested.twiceAndOne.plan.json' });
        if (call.kind !== 'pipeline') throw new Error('a is a pipeline call');
        const callee = compiled.subPlans(call);
        expect(callee.pipeline).toBe('twiceAndOne');
        // The same object every time: the compilation's, not a copy parsed from text.
        expect(compiled.subPlans(call)).toBe(callee);
        expect(() => compiled.subPlans({ pipeline: 'gone', plan: 'gone.plan.json' })).toThrow('the compilation has no plan gone.plan.json');
        expect(existsSync(path.join(folder, '.weft'))).toBe(false);
        expect(io.output()).toBe('');
    }, 120_000);

    it('refuses a file with several pipelines and no --pipeline, and a pipeline the file does not declare', async () => {
        const folder = copyOfFixtures();
        const file = path.join(folder, 'nested.weft');
        const project = projectAt(folder);
        const several = compilePipeline(file, project, { format: 'text' }, ioIn(folder));
        await expect(several).rejects.toThrow(new UserError('nested.weft declares several pipelines; pick one with --pipeline: outer, twiceAndOne'));
        const unknown = compilePipeline(file, project, { pipeline: 'inner', format: 'text' }, ioIn(folder));
        await expect(unknown).rejects.toThrow(new UserError('nested.weft has no pipeline inner; its pipelines are: outer, twiceAndOne'));
    }, 120_000);
});
