// The promise of generation: `tsc` rejects a step implementation that breaks its contract, and
// says so on the implementation.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/commands/generate/generate.js';
import { consumerFolder, copyConsumer, runTsc } from './consumer-project.js';
import { expectBuiltCli } from './run-weft.js';

beforeAll(() => expectBuiltCli());

/** Replaces `search` in the copy's `file` (which must contain it) and returns the 1-based line it is on. */
function edit(project: string, file: string, search: string, replacement: string): number {
    const target = path.join(project, file);
    const text = readFileSync(target, 'utf8');
    const at = text.indexOf(search);
    expect(at, `${file} contains ${search}`).toBeGreaterThanOrEqual(0);
    writeFileSync(target, text.slice(0, at) + replacement + text.slice(at + search.length));
    return text.slice(0, at).split('\n').length;
}

/** The errors of a `tsc --pretty false` run: file, 1-based line and code. */
function errorsIn(output: string): { file: string; line: number; code: string }[] {
    return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+)/gm)].map(match => ({ file: match[1]!, line: Number(match[2]), code: match[3]! }));
}

/** The line of a file's `= implement(` call. */
function implementLine(project: string, file: string): number {
    const lines = readFileSync(path.join(project, file), 'utf8').split('\n');
    return lines.findIndex(line => line.includes('= implement(')) + 1;
}

describe('the consumer example (examples/consumer)', () => {
    it('has generated code that is up to date with its .weft file', async () => {
        const project = copyConsumer();
        const report = await generate({ cwd: project, paths: ['weft'], out: 'src/generated' });
        expect(report.diagnostics.filter(diagnostic => diagnostic.severity === 'error')).toEqual([]);
        expect(report.written, 'examples/consumer/src/generated is stale: run `npm run generate` there').toEqual([]);
        expect(report.unchanged.length).toBeGreaterThan(0);
    });

    it('type-checks as it is', () => {
        const result = runTsc(copyConsumer());
        expect(result.output).toBe('');
        expect(result.status).toBe(0);
    }, 120_000);

    it('fails tsc on the implementation that returns a wrong output type', () => {
        const project = copyConsumer();
        const line = edit(project, 'src/steps/fit.ts', '), metrics };', "), metrics: { rmse: 'low' } };");
        const result = runTsc(project);
        expect(result.status).not.toBe(0);
        const errors = errorsIn(result.output);
        expect(errors.length).toBeGreaterThan(0);
        // Every error is in the broken implementation, between its `implement(` and the mistake.
        const start = implementLine(project, 'src/steps/fit.ts');
        for (const error of errors) {
            expect(error.file).toBe('src/steps/fit.ts');
            expect(error.line).toBeGreaterThanOrEqual(start);
            expect(error.line).toBeLessThanOrEqual(line);
        }
        expect(result.output).toMatch(/Type 'string' is not assignable to type 'number'/);
    }, 120_000);

    it('fails tsc on the implementation that reads an input the contract does not have', () => {
        const project = copyConsumer();
        const line = edit(project, 'src/steps/report.ts', 'const lines = [`# ${inputs.title}`', 'const lines = [`# ${inputs.heading}`');
        const result = runTsc(project);
        expect(result.status).not.toBe(0);
        expect(result.output).toMatch(new RegExp(`src/steps/report\\.ts\\(${line},\\d+\\): error TS2339: Property 'heading' does not exist`));
    }, 120_000);

    it('fails tsc on implementations when the contract changes under them', async () => {
        const project = copyConsumer();
        edit(project, 'weft/scores.weft', 'step report(model: StarModel, metrics: Metrics, title: string = "Star model") -> (summary: File)',
            'step report(model: StarModel, metrics: Metrics, title: string = "Star model") -> (summary: File, pages: int)');
        const report = await generate({ cwd: project, paths: ['weft'], out: 'src/generated' });
        expect(report.written.length).toBeGreaterThan(0);
        const result = runTsc(project);
        expect(result.status).not.toBe(0);
        const errors = errorsIn(result.output);
        expect(errors.map(error => error.file)).toEqual(['src/steps/report.ts']);
        expect(errors[0]!.line).toBe(implementLine(project, 'src/steps/report.ts'));
        expect(result.output).toMatch(/Property 'pages' is missing in type '\{ summary: File; \}' but required in type 'ReportOutputs'/);
    }, 120_000);

    it('keeps its implementation files where its steps say', () => {
        const weft = readFileSync(path.join(consumerFolder, 'weft', 'scores.weft'), 'utf8');
        expect(weft).toContain('run: "../src/steps/fit.ts#fit"');
    });
});
