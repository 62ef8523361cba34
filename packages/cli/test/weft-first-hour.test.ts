// A new user's first hour, through the built bin: generating contracts before the steps exist,
// `run` naming the .js of a .ts, `cache: yes`, `-f` and `--format json` on every command that
// prints data, and `weft check --format json` that prints JSON only, Z3 checks included.
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

function project(files: Readonly<Record<string, string>>): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-first-hour-'));
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        writeFileSync(path.join(folder, name), content);
    }
    return folder;
}

const trainWeft = `step train(x: int) -> (y: int) {
  run: "./steps/train.ts#train"
}

pipeline p(x: int = 3) -> (y: int) {
  let t = train(x: x)
  return { y: t.y }
}
`;

describe('weft generate before the steps exist', () => {
    it('generates with an impl-not-found warning (exit 0) and graph draws, while check and run still refuse (exit 1)', () => {
        const folder = project({ 'p.weft': trainWeft });
        const generated = runWeft(['generate', 'p.weft', '--out', 'generated'], { cwd: folder });
        const warning = `p.weft:2:8: warning impl-not-found: The implementation file \`./steps/train.ts\` does not exist (looked for ${folder}/steps/train.ts); create it or fix the path before \`#\`. Generated anyway; \`weft check\` and \`weft run\` need it.\n`;
        expect(generated.stdout).toBe(warning);
        expect(generated.stderr).toBe('generated 3 files (3 changed); 1 warning\n');
        expect(generated.status).toBe(0);
        expect(existsSync(path.join(folder, 'generated', 'p.ts'))).toBe(true);

        const checked = runWeft(['check', 'p.weft'], { cwd: folder });
        expect(checked.stdout).toBe(`p.weft:2:8: error impl-not-found: The implementation file \`./steps/train.ts\` does not exist (looked for ${folder}/steps/train.ts); create it or fix the path before \`#\`.\n`);
        expect(checked.status).toBe(1);

        // A drawing needs no step code either.
        const drawn = runWeft(['graph', 'p.weft'], { cwd: folder });
        expect(drawn).toMatchObject({ status: 0, stderr: '' });
        expect(drawn.stdout).toMatch(/^flowchart TD\n {4}t\["t = train/);

        // weft run is about to run the step: it refuses, as check does.
        const ran = runWeft(['run', 'p.weft'], { cwd: folder });
        expect(ran.stdout).toBe(checked.stdout);
        expect(ran.stderr).toBe('not run: 1 error\n');
        expect(ran.status).toBe(1);

        // Once the step exists, generate is clean again.
        mkdirSync(path.join(folder, 'steps'));
        writeFileSync(path.join(folder, 'steps', 'train.ts'), 'export async function train(inputs: { x: number }) { return { y: inputs.x }; }\n');
        const again = runWeft(['generate', 'p.weft', '--out', 'generated'], { cwd: folder });
        expect(again.stdout).toBe('');
        expect(again.stderr).toBe('generated 3 files (0 changed)\n');
    }, 120_000);

    it('-f json: the diagnostics (the warning among them) and the files, as one object; nothing on stderr', () => {
        const folder = project({ 'p.weft': trainWeft });
        const generated = runWeft(['generate', 'p.weft', '-o', 'generated', '-f', 'json'], { cwd: folder });
        expect(generated.stderr).toBe('');
        expect(generated.status).toBe(0);
        expect(JSON.parse(generated.stdout)).toEqual({
            diagnostics: [{
                file: 'p.weft', line: 2, column: 8, endLine: 2, endColumn: 32, severity: 'warning', code: 'impl-not-found',
                message: `The implementation file \`./steps/train.ts\` does not exist (looked for ${folder}/steps/train.ts); create it or fix the path before \`#\`. Generated anyway; \`weft check\` and \`weft run\` need it.`,
            }],
            written: ['generated/index.ts', 'generated/p.p.plan.json', 'generated/p.ts'],
            unchanged: [],
        });
        const broken = runWeft(['generate', 'p.weft', '-o', 'generated', '--format', 'json'], { cwd: project({ 'p.weft': 'step {' }) });
        expect(broken.status).toBe(1);
        expect(broken.stderr).toBe('');
        expect(JSON.parse(broken.stdout)).toEqual({
            diagnostics: [{ file: 'p.weft', line: 1, column: 6, endLine: 1, endColumn: 7, severity: 'error', code: 'syntax-error', message: 'Expected a name but found `{`.' }],
            written: [],
            unchanged: [],
        });
    }, 120_000);

    it('other errors still stop generation', () => {
        const folder = project({ 'p.weft': trainWeft.replace('(x: int)', '(x: nit)') });
        const generated = runWeft(['generate', 'p.weft', '--out', 'generated'], { cwd: folder });
        expect(generated.status).toBe(1);
        expect(generated.stdout).toMatch(/^p\.weft:1:15: error unknown-reference: Cannot find `nit`\./m);
        expect(generated.stdout).toContain('warning impl-not-found');
        expect(existsSync(path.join(folder, 'generated'))).toBe(false);
    }, 120_000);
});

describe('weft check: the messages of a first file', () => {
    it('run naming the .js of a .ts gives the run to write; cache: yes says what cache takes', () => {
        const folder = project({
            'steps/train.ts': 'export async function train(inputs: { x: number }) { return { y: inputs.x }; }\n',
            'p.weft': trainWeft.replace('./steps/train.ts#train', './steps/train.js#train').replace('  run:', '  cache: yes\n  run:'),
        });
        const checked = runWeft(['check', 'p.weft'], { cwd: folder });
        expect(checked.stdout).toBe([
            'p.weft:2:10: error unknown-reference: Cannot find `yes`: `cache` takes `true`, `false` or `{ version: "…" }`; write `true`.',
            `p.weft:3:8: error impl-not-found: The implementation file \`./steps/train.js\` does not exist (looked for ${folder}/steps/train.js), but \`./steps/train.ts\` does: write \`run: "./steps/train.ts#train"\`.`,
            '',
        ].join('\n'));
        expect(checked.status).toBe(1);
    }, 120_000);
});

describe('weft check --format json with Z3 at work', () => {
    it('prints one JSON object on stdout and nothing on stderr; -f is --format', () => {
        const folder = project({
            'steps.ts': 'export async function s() { return {}; }\n',
            'p.weft': `step scale(x: Tensor<f32, [n, 8]>, k: int) -> (y: Tensor<f32, [n * k, 8]>) {
  run: "./steps.ts#s"
  where k > 0 && k * k < 50
}

step both(n: int) {
  run: "./steps.ts#s"
  where n * n > 64
  where n < 8 && n > -8
}

pipeline p(x: Tensor<f32, [4, 8]>, k: int) -> (y: Tensor<f32, [12, 8]>) {
  where k > 0 && k < 10
  let s = scale(x, k: k)
  let b = both(n: k)
  return { y: s.y }
}
`,
        });
        for (const flag of ['--format', '-f']) {
            const checked = runWeft(['check', 'p.weft', flag, 'json'], { cwd: folder });
            expect(checked.stderr).toBe('');
            const report = JSON.parse(checked.stdout) as { diagnostics: { code: string; message: string }[] };
            expect(checked.stdout).toBe(`${JSON.stringify(report)}\n`);
            // Z3 answered: the nonlinear clauses contradict each other, and the call breaks `scale`'s clause.
            expect(report.diagnostics.map(diagnostic => diagnostic.code)).toEqual(expect.arrayContaining(['constraint-unsat', 'call-violates-constraint']));
            expect(checked.status).toBe(1);
        }
    }, 120_000);
});

describe('--format json on the commands that print data', () => {
    it('weft runs -f json: the runs, newest first, as one object; an empty project is {"runs":[]}', () => {
        const empty = project({ 'package.json': '{}\n' });
        const none = runWeft(['runs', '--format', 'json'], { cwd: empty });
        expect(none).toMatchObject({ status: 0, stdout: '{"runs":[]}\n', stderr: '' });

        const folder = mkdtempSync(path.join(tmpdir(), 'weft-first-hour-runs-'));
        cpSync(path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-lineage-fixtures'), folder, { recursive: true });
        symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
        const ids = ['first', 'second'].map(note => {
            const run = runWeft(['run', 'passthrough.weft', '--param', `note=${note}`, '-f', 'json'], { cwd: folder });
            expect(run.status).toBe(0);
            return (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runId: string }).runId;
        });
        const listed = runWeft(['runs', '-f', 'json'], { cwd: folder });
        expect(listed.stderr).toBe('');
        const { runs } = JSON.parse(listed.stdout) as { runs: Record<string, unknown>[] };
        expect(runs.map(run => run['id'])).toEqual([...ids].reverse());
        for (const run of runs) {
            expect(Object.keys(run)).toEqual(['id', 'pipeline', 'status', 'paused', 'createdAt', 'finishedAt', 'milliseconds']);
            expect(run).toMatchObject({ pipeline: 'passOn', status: 'completed', paused: false });
            expect(Date.parse(run['finishedAt'] as string) - Date.parse(run['createdAt'] as string)).toBe(run['milliseconds']);
        }
        expect(runWeft(['runs', '--format', 'yaml'], { cwd: folder })).toMatchObject({ status: 2, stdout: '' });
    }, 120_000);

    it('weft keygen, sign and verify -f json: one object each; verify lists each file\'s result and exits 1 when one fails', () => {
        const folder = project({ 'a.bin': 'weights\n', 'b.bin': 'other\n' });
        const made = runWeft(['keygen', '--out', 'k', '-f', 'json'], { cwd: folder });
        expect(made).toMatchObject({ status: 0, stderr: '' });
        const { keyId } = JSON.parse(made.stdout) as { keyId: string };
        expect(made.stdout).toBe(`${JSON.stringify({ privateKey: 'k.key', publicKey: 'k.pub', keyId })}\n`);
        expect(keyId).toMatch(/^[0-9a-f]{64}$/);
        const signed = runWeft(['sign', 'a.bin', '--key', 'k.key', '--format', 'json'], { cwd: folder });
        expect(signed).toMatchObject({ status: 0, stderr: '', stdout: '{"files":[{"file":"a.bin","size":8,"signature":"a.bin.sig"}]}\n' });
        const verified = runWeft(['verify', 'a.bin', 'b.bin', '--key', 'k.pub', '-f', 'json'], { cwd: folder });
        expect(verified.status).toBe(1);
        expect(verified.stderr).toBe('');
        const { files } = JSON.parse(verified.stdout) as { files: Record<string, unknown>[] };
        expect(files).toEqual([
            { file: 'a.bin', verified: true, size: 8, key: keyId },
            { file: 'b.bin', verified: false, failure: 'missing-signature', reason: expect.stringContaining('b.bin.sig') },
        ]);
    }, 120_000);
});
