// `weft init`: the scaffold checks clean, generates clean and type-checks.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/commands/check/check.js';
import { generate } from '../src/commands/generate/generate.js';
import { linkedProject, runTsc } from './consumer-project.js';
import { buildCli, runWeft } from './run-weft.js';

beforeAll(() => buildCli(), 120_000);

describe('weft init', () => {
    it('scaffolds a project that checks, generates and type-checks clean', async () => {
        const parent = linkedProject('weft-init-');
        const result = runWeft(['init', 'app'], { cwd: parent });
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('created app/pipeline.weft');
        const project = path.join(parent, 'app');
        for (const file of ['pipeline.weft', 'steps/count-words.ts', 'package.json', 'tsconfig.json', '.gitignore', 'data/sample.jsonl']) {
            expect(existsSync(path.join(project, file)), file).toBe(true);
        }
        const scripts = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')).scripts;
        expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['check', 'generate', 'run']));
        expect((await check({ cwd: project, paths: ['.'] })).diagnostics).toEqual([]);
        const generated = await generate({ cwd: project, paths: ['pipeline.weft'], out: 'generated' });
        expect(generated.diagnostics).toEqual([]);
        expect(generated.written.sort()).toEqual(['generated/index.ts', 'generated/pipeline.countAll.plan.json', 'generated/pipeline.ts']);
        // node_modules of the parent (linked runtime) is found from app/.
        const tsc = runTsc(project);
        expect(tsc.output).toBe('');
        expect(tsc.status).toBe(0);
    }, 120_000);

    it('never overwrites: a second init in the same folder fails and names the files', () => {
        const parent = linkedProject('weft-init-');
        expect(runWeft(['init', 'app'], { cwd: parent }).status).toBe(0);
        const again = runWeft(['init', 'app'], { cwd: parent });
        expect(again.status).toBe(2);
        expect(again.stderr).toContain('not initialising app: .gitignore, data/sample.jsonl, package.json, pipeline.weft, steps/count-words.ts, tsconfig.json already exist');
    });
});
