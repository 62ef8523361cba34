// Z3 prints to the process's stdout and stderr (verbose traces, warnings), from its worker
// threads too; the engine routes all of it to recentZ3Output(). Observed from a child process,
// since a worker thread writes to the file descriptor directly.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const languageFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = path.join(languageFolder, 'dist', 'constraints', 'index.js');
const terms = path.join(languageFolder, 'dist', 'constraints', 'terms.js');

describe('Z3 output', () => {
    it('never reaches stdout or stderr, even with Z3 told to be verbose, and is kept for diagnosis', () => {
        // Tests never build: say what to run when the compiled engine is older than its source.
        const source = path.join(languageFolder, 'src', 'constraints', 'z3-engine.ts');
        if (statSync(built, { throwIfNoEntry: false }) === undefined || statSync(source).mtimeMs > statSync(built).mtimeMs) {
            throw new Error(`${built} is missing or older than ${source}: run \`npx tsc -b\``);
        }
        const script = `
            const { ConstraintSolver, disposeZ3, recentZ3Output, setZ3Parameter } = await import(${JSON.stringify(pathToFileURL(built).href)});
            const { eq, gt, intTerm, mul, variable } = await import(${JSON.stringify(pathToFileURL(terms).href)});
            await setZ3Parameter('verbose', 10);
            const x = variable('x', 'int');
            const y = variable('y', 'int');
            // Non-linear, so neither folding nor interval reasoning answers it: Z3 does.
            const answer = await new ConstraintSolver({ timeoutMilliseconds: 2000 }).solve({ assumptions: [gt(y, intTerm(1)), gt(x, intTerm(1))], tracked: [eq(mul(mul(x, x), y), intTerm(1234567))] });
            const kept = recentZ3Output();
            await disposeZ3();
            console.log(JSON.stringify({ status: answer.status, kept: kept.length, sample: kept.some(line => line.startsWith('(')) }));
        `;
        const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
        expect(child.error).toBeUndefined();
        expect(child.stderr).toBe('');
        expect(child.status).toBe(0);
        const report = JSON.parse(child.stdout) as { status: string; kept: number; sample: boolean };
        expect(child.stdout).toBe(`${JSON.stringify(report)}\n`);
        expect(report.kept).toBeGreaterThan(0);
        expect(report.sample).toBe(true);
    });
});
