// `weft generate` end to end: the built bin in a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli, fixturesFolder, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const golden = path.join(repositoryRoot, 'packages', 'language', 'test', 'generation', 'golden', 'text-classifier');

describe('weft generate', () => {
    it('writes the modules, plans and index of an example, identical to its golden files', () => {
        const out = mkdtempSync(path.join(tmpdir(), 'weft-generate-'));
        const result = runWeft(['generate', path.join(repositoryRoot, 'examples', 'text-classifier'), '--out', out]);
        expect(result.stderr).toContain('generated 4 files (4 changed)');
        expect(result.status).toBe(0);
        for (const file of ['index.ts', 'sentiment.ts', 'text.ts', 'sentiment.trainSentiment.plan.json']) {
            expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(readFileSync(path.join(golden, file), 'utf8'));
        }
        const again = runWeft(['generate', path.join(repositoryRoot, 'examples', 'text-classifier'), '--out', out]);
        expect(again.stderr).toContain('generated 4 files (0 changed)');
    });

    it('refuses a file with errors: prints the diagnostics, writes nothing and exits with 1', () => {
        const out = path.join(mkdtempSync(path.join(tmpdir(), 'weft-generate-')), 'out');
        const result = runWeft(['generate', 'broken/unknown-type.weft', '--out', out]);
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/^broken\/unknown-type\.weft:\d+:\d+: error unknown-reference/m);
        expect(result.stderr).toMatch(/not generated: \d+ errors?/);
        expect(existsSync(out)).toBe(false);
    });

    it('needs --out', () => {
        const result = runWeft(['generate', 'clean']);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("required option '-o, --out <dir>' not specified");
    });

    it('with --watch, generates again when a .weft file changes', async () => {
        const project = mkdtempSync(path.join(tmpdir(), 'weft-watch-'));
        cpSync(path.join(fixturesFolder, 'clean'), project, { recursive: true });
        const out = path.join(project, 'generated');
        const child = spawn(process.execPath, [binPath, 'generate', '.', '--out', out, '--watch'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += chunk));
        try {
            await until(() => stderr.includes('watching'));
            const module = path.join(out, 'reviews.ts');
            expect(readFileSync(module, 'utf8')).not.toContain('watchedAddition');
            const weft = path.join(project, 'reviews.weft');
            writeFileSync(weft, `${readFileSync(weft, 'utf8')}\ntype watchedAddition = string\n`);
            await until(() => existsSync(module) && readFileSync(module, 'utf8').includes('watchedAddition'));
        } finally {
            child.kill('SIGTERM');
        }
    }, 60_000);
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const start = Date.now();
    while (!condition()) {
        if (Date.now() - start > timeoutMs) throw new Error('timed out');
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}
