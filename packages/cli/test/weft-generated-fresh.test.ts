// Generated code is never stale: `weft run` compiles from the .weft sources it is given (no earlier
// `weft generate`), and `weft check` warns about generated contracts that are out of date.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyConsumer, linkedProject } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

/** A project made by `weft init` (no `generated/`: it is what `npm run generate` makes). */
function initProject(): string {
    const parent = linkedProject('weft-fresh-');
    expect(runWeft(['init', 'app'], { cwd: parent }).status).toBe(0);
    return path.join(parent, 'app');
}

/** Replaces `from` (which must occur) with `to` in the project's file. */
function edit(project: string, file: string, from: string, to: string): void {
    const text = readFileSync(path.join(project, file), 'utf8');
    expect(text, `${file} holds ${from}`).toContain(from);
    writeFileSync(path.join(project, file), text.replace(from, to));
}

/** The contract change of these tests: `countWords` gets a `lines` output, which the pipeline returns. */
function addLinesOutput(project: string): void {
    edit(project, 'pipeline.weft', '-> (total: int, counted: int)', '-> (total: int, counted: int, lines: int)');
    edit(project, 'pipeline.weft', 'minWords: int = 1) -> (total: int) {', 'minWords: int = 1) -> (total: int, lines: int) {');
    edit(project, 'pipeline.weft', 'return { total: counted.total }', 'return { total: counted.total, lines: counted.lines }');
    edit(project, 'steps/count-words.ts', 'return { total, counted };', 'return { total, counted, lines: 3 };');
}

const staleWarning = 'pipeline.weft:1:1: warning generated-stale: The generated contracts in generated/pipeline.ts are out of date with this file: '
    + 'run `weft generate . --out generated` (`weft run` does not use them, but the steps\' type-checking does).\n';
const missingWarning = 'pipeline.weft:15:8: warning generated-stale: steps/count-words.ts imports ../generated/pipeline.js, which is not generated '
    + '(generated/pipeline.ts does not exist): run `weft generate . --out generated` (`weft run` does not need it, but the steps\' type-checking does).\n';

describe('weft run without weft generate', () => {
    it('runs a project made by weft init, whose generated/ was never made, and writes no generated/ into it', () => {
        const project = initProject();
        expect(existsSync(path.join(project, 'generated'))).toBe(false);
        const run = runWeft(['run', 'pipeline.weft', '--executor', 'process'], { cwd: project });
        expect(run.stderr).not.toMatch(/Could not resolve/);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^ {2}total: 20$/m);
        expect(run.stdout).toMatch(/^run [0-9a-f-]{36} completed$/m);
        expect(existsSync(path.join(project, 'generated'))).toBe(false);
    }, 120_000);

    it('runs the consumer example in gVisor with src/generated deleted: modules generated into another folder, importing each other', () => {
        const project = copyConsumer();
        rmSync(path.join(project, 'src', 'generated'), { recursive: true });
        const run = runWeft(['run', 'weft/scores.weft', '--executor', 'gvisor', '--format', 'json'], { cwd: project });
        expect(run.stderr).toMatch(/scoreReviews on local \(gvisor\)/);
        expect(run.status).toBe(0);
        const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
        expect(outcome.status).toBe('completed');
        expect(outcome.outputs.metrics).toMatchObject({ rows: 12 });
        expect(existsSync(path.join(project, 'src', 'generated'))).toBe(false);
    }, 180_000);

    it('weft manifests bundles the steps for a kubernetes target without generated/ (Jobs and the Argo export)', () => {
        const project = initProject();
        writeFileSync(path.join(project, 'pipeline.weft'), `${readFileSync(path.join(project, 'pipeline.weft'), 'utf8')}
target cluster: kubernetes {
  context: "ml-prod"
  namespace: "words"
  volume: "weft-data"
  localVolume: "/mnt/weft-data"
  pool cpu { cpu: 4, memory: 8Gi, count: 1 }
}
`);
        const jobs = runWeft(['manifests', 'pipeline.weft', '--target', 'cluster'], { cwd: project });
        expect(jobs.stderr).toBe('');
        expect(jobs.status).toBe(0);
        expect(jobs.stdout).toMatch(/^kind: Job$/m);
        const argo = runWeft(['manifests', 'pipeline.weft', '--target', 'cluster', '--format', 'argo'], { cwd: project });
        expect(argo.stderr).toBe('');
        expect(argo.status).toBe(0);
        expect(argo.stdout).toMatch(/^kind: Workflow$/m);
        expect(existsSync(path.join(project, 'generated'))).toBe(false);
    }, 120_000);

    it('runs the contract as changed although a stale generated/ is on disk, and leaves that folder as it was', () => {
        const project = initProject();
        expect(runWeft(['generate', 'pipeline.weft', '--out', 'generated'], { cwd: project }).status).toBe(0);
        const stale = readFileSync(path.join(project, 'generated', 'pipeline.ts'), 'utf8');
        addLinesOutput(project);
        const run = runWeft(['run', 'pipeline.weft', '--executor', 'process'], { cwd: project });
        expect(run.stderr).not.toMatch(/generated for another contract/);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^ {2}lines: 3$/m);
        expect(readFileSync(path.join(project, 'generated', 'pipeline.ts'), 'utf8')).toBe(stale);
    }, 120_000);

    it('never replaces a hand-written module at a generated path: it is what runs', () => {
        const project = initProject();
        expect(runWeft(['generate', 'pipeline.weft', '--out', 'generated'], { cwd: project }).status).toBe(0);
        // The user's own copy (no generator header) of the contract before the change.
        edit(project, 'generated/pipeline.ts', '// Generated by `weft generate`', '// Kept by hand, once made by weft generate');
        addLinesOutput(project);
        const run = runWeft(['run', 'pipeline.weft', '--executor', 'process'], { cwd: project });
        expect(run.status).toBe(1);
        expect(run.stdout + run.stderr).toMatch(/countWords failed after 1 attempt: the implementation of countWords was generated for another contract than the plan's/);
        // And check does not compare it either.
        const check = runWeft(['check'], { cwd: project });
        expect(check.stdout).toBe('');
        expect(check.stderr).toBe('no problems in 1 file\n');
    }, 120_000);
});

describe('weft check and generated contracts', () => {
    it('warns about a generated module that is out of date, naming the file and the command; after weft generate, nothing', () => {
        const project = initProject();
        expect(runWeft(['generate', 'pipeline.weft', '--out', 'generated'], { cwd: project }).status).toBe(0);
        const fresh = runWeft(['check'], { cwd: project });
        expect(fresh.stdout).toBe('');
        expect(fresh.stderr).toBe('no problems in 1 file\n');
        addLinesOutput(project);
        const stale = runWeft(['check'], { cwd: project });
        expect(stale.status).toBe(0);
        expect(stale.stdout).toBe(staleWarning);
        expect(stale.stderr).toBe('1 warning in 1 file\n');
        const json = runWeft(['check', '--format', 'json'], { cwd: project });
        expect(JSON.parse(json.stdout).diagnostics).toEqual([{
            file: 'pipeline.weft', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', code: 'generated-stale', message: staleWarning.slice(staleWarning.indexOf('The generated'), -1),
        }]);
        // The fix it names, run as given, clears it.
        expect(runWeft(['generate', '.', '--out', 'generated'], { cwd: project }).status).toBe(0);
        const again = runWeft(['check'], { cwd: project });
        expect(again.stdout).toBe('');
        expect(again.stderr).toBe('no problems in 1 file\n');
    }, 120_000);

    it('warns about a generated module that a step imports but that does not exist, at the step\'s run', () => {
        const project = initProject();
        const check = runWeft(['check'], { cwd: project });
        expect(check.status).toBe(0);
        expect(check.stdout).toBe(missingWarning);
        expect(runWeft(['generate', 'pipeline.weft', '--out', 'generated'], { cwd: project }).status).toBe(0);
        expect(runWeft(['check'], { cwd: project }).stdout).toBe('');
    }, 120_000);

    it('names the folders as the user generated them: the consumer example, generated from weft/ into src/generated', () => {
        const project = copyConsumer();
        expect(runWeft(['check', 'weft'], { cwd: project }).stdout).toBe('');
        edit(project, 'weft/scores.weft', '-> (summary: File)', '-> (summary: File, pages: int)');
        const check = runWeft(['check', 'weft'], { cwd: project });
        expect(check.stdout).toBe('weft/scores.weft:1:1: warning generated-stale: The generated contracts in src/generated/scores.ts are out of date with this file: '
            + 'run `weft generate weft --out src/generated` (`weft run` does not use them, but the steps\' type-checking does).\n');
        // types.weft did not change: its module is fresh.
        expect(check.stdout).not.toMatch(/types/);
    }, 120_000);
});
