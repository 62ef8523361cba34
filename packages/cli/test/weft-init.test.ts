// `weft init`: the scaffold checks clean (once generated), generates clean and type-checks.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/commands/check/check.js';
import { generate } from '../src/commands/generate/generate.js';
import { init } from '../src/commands/init/init.js';
import { weftSourceOf } from '../src/commands/init/weft-source.js';
import { linkedProject, repositoryRoot, runTsc } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

describe('weft init', () => {
    it('scaffolds a project that checks, generates and type-checks clean', async () => {
        const parent = linkedProject('weft-init-');
        symlinkSync(path.join(repositoryRoot, 'packages', 'runtime'), path.join(parent, 'node_modules', '@weft', 'runtime'), 'dir');
        const result = runWeft(['init', 'app'], { cwd: parent });
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('created app/pipeline.weft');
        const project = path.join(parent, 'app');
        for (const file of ['pipeline.weft', 'pipeline.weft.test.ts', 'steps/count-words.ts', 'package.json', 'tsconfig.json', '.gitignore', 'data/sample.jsonl']) {
            expect(existsSync(path.join(project, file)), file).toBe(true);
        }
        const scripts = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')).scripts;
        expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['check', 'generate', 'run', 'test']));
        expect(scripts.test).toBe('weft test');
        // Before `npm run generate`, the only thing to say is that the step's contract is not generated yet.
        expect((await check({ cwd: project, paths: ['.'] })).diagnostics.map(diagnostic => `${diagnostic.severity} ${diagnostic.code}`)).toEqual(['warning generated-stale']);
        const generated = await generate({ cwd: project, paths: ['pipeline.weft'], out: 'generated' });
        expect(generated.diagnostics).toEqual([]);
        expect(generated.written.sort()).toEqual(['generated/index.ts', 'generated/pipeline.countAll.plan.json', 'generated/pipeline.ts']);
        expect((await check({ cwd: project, paths: ['.'] })).diagnostics).toEqual([]);
        // node_modules of the parent (linked contract, runtime and @types/node) is found from app/; tsc checks the pipeline test too.
        const tsc = runTsc(project);
        expect(tsc.output).toBe('');
        expect(tsc.status).toBe(0);
    }, 120_000);

    it('never overwrites: a second init in the same folder fails and names the files', () => {
        const parent = linkedProject('weft-init-');
        expect(runWeft(['init', 'app'], { cwd: parent }).status).toBe(0);
        const again = runWeft(['init', 'app'], { cwd: parent });
        expect(again.status).toBe(2);
        expect(again.stderr).toContain('not initialising app: .gitignore, data/sample.jsonl, package.json, pipeline.weft, pipeline.weft.test.ts, steps/count-words.ts, tsconfig.json already exist');
    });
});

describe('the Weft a project made by weft init installs', () => {
    /** A project folder with `@weft/cli` installed as npm's hidden lockfile records it (`resolved`). */
    function installedCli(resolved: string): { project: string; cli: string } {
        // The project sits one level down so that tarballs can lie beside it (`../weft/pack`).
        const project = path.join(mkdtempSync(path.join(tmpdir(), 'weft-source-')), 'project');
        const cli = path.join(project, 'node_modules', '@weft', 'cli');
        mkdirSync(cli, { recursive: true });
        writeFileSync(path.join(cli, 'package.json'), JSON.stringify({ name: '@weft/cli', version: '0.3.1' }));
        writeFileSync(path.join(project, 'node_modules', '.package-lock.json'), JSON.stringify({
            name: 'p', lockfileVersion: 3, packages: { 'node_modules/@weft/cli': { version: '0.3.1', resolved } },
        }));
        return { project, cli };
    }

    it('is the registry\'s, at ^ the CLI\'s version, when the CLI came from a registry', async () => {
        const { project, cli } = installedCli('https://registry.npmjs.org/@weft/cli/-/cli-0.3.1.tgz');
        const source = weftSourceOf(cli);
        expect(source).toEqual({ kind: 'registry', version: '0.3.1' });
        await init({ cwd: project, dir: 'app', source });
        const manifest = JSON.parse(readFileSync(path.join(project, 'app', 'package.json'), 'utf8'));
        expect(manifest.dependencies).toEqual({ '@weft/contract': '^0.3.1' });
        expect(manifest.devDependencies).toEqual({ '@weft/cli': '^0.3.1', '@weft/runtime': '^0.3.1', '@types/node': '^22.19.0', node: '^22.19.0', typescript: '^5.9.3' });
        expect(manifest.engines).toEqual({ node: '>=22.19' });
        expect(manifest.allowScripts).toEqual({ node: true });
    });

    it('is the tarballs the CLI was installed from, all four of them', () => {
        const { project, cli } = installedCli('file:../weft/pack/weft-cli-0.3.1.tgz');
        const folder = path.join(project, '..', 'weft', 'pack');
        mkdirSync(folder, { recursive: true });
        for (const name of ['cli', 'contract', 'language', 'runtime']) writeFileSync(path.join(folder, `weft-${name}-0.3.1.tgz`), '');
        expect(weftSourceOf(cli)).toEqual({ kind: 'tarballs', version: '0.3.1', folder });
    });

    it('falls back to the registry when a sibling tarball is missing', () => {
        const { project, cli } = installedCli('file:elsewhere/weft-cli-0.3.1.tgz');
        mkdirSync(path.join(project, 'elsewhere'));
        writeFileSync(path.join(project, 'elsewhere', 'weft-cli-0.3.1.tgz'), '');
        expect(weftSourceOf(cli)).toEqual({ kind: 'registry', version: '0.3.1' });
    });
});
