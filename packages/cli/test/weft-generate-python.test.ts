// `weft generate --lang`: Python contracts, both languages at once, and an unknown language; the built bin in a child process.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const pythonTests = path.join(repositoryRoot, 'packages', 'language', 'test', 'generation', 'python');
const mixed = path.join(pythonTests, 'mixed');

/** The mixed TypeScript and Python fixture, copied where `weft` may write. */
function mixedProject(): string {
    const project = mkdtempSync(path.join(tmpdir(), 'weft-generate-python-'));
    cpSync(mixed, project, { recursive: true });
    return project;
}

describe('weft generate --lang', () => {
    it('python: writes the Python contracts and weft_contract.py, identical to their golden files, and no TypeScript', () => {
        const project = mixedProject();
        const result = runWeft(['generate', '.', '--out', 'contracts', '--lang', 'python'], { cwd: project });
        expect(result.stderr).toBe('generated 3 files (3 changed)\n');
        expect(result.status).toBe(0);
        expect(readdirSync(path.join(project, 'contracts')).sort()).toEqual(['records.py', 'training.py', 'weft_contract.py']);
        for (const file of ['records.py', 'training.py', 'weft_contract.py']) {
            expect(readFileSync(path.join(project, 'contracts', file), 'utf8'), file).toBe(readFileSync(path.join(pythonTests, 'golden', file), 'utf8'));
        }
    });

    it('typescript,python: writes both into one folder', () => {
        const project = mixedProject();
        const result = runWeft(['generate', '.', '--out', 'contracts', '--lang', 'typescript,python'], { cwd: project });
        expect(result.stderr).toBe('generated 7 files (7 changed)\n');
        expect(result.status).toBe(0);
        expect(readdirSync(path.join(project, 'contracts')).sort()).toEqual([
            'index.ts', 'records.py', 'records.ts', 'training.mixed.plan.json', 'training.py', 'training.ts', 'weft_contract.py',
        ]);
    });

    it('typescript is the default', () => {
        const project = mixedProject();
        const result = runWeft(['generate', '.', '--out', 'contracts'], { cwd: project });
        expect(result.status).toBe(0);
        expect(readdirSync(path.join(project, 'contracts')).sort()).toEqual(['index.ts', 'records.ts', 'training.mixed.plan.json', 'training.ts']);
    });

    it('refuses an unknown language with one line and exit code 2, writing nothing', () => {
        const project = mixedProject();
        const result = runWeft(['generate', '.', '--out', 'contracts', '--lang', 'typescript,rust'], { cwd: project });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('weft: --lang typescript,rust: unknown language "rust"; use typescript, python, or both as typescript,python\n');
        expect(existsSync(path.join(project, 'contracts'))).toBe(false);
    });
});
