import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagnosticCode } from '@weft/language';
import { binPath, expectBuiltCli, runWeft } from '../../cli/test/run-weft.js';
import { quote } from '../src/commands/shell-quote.js';
import { taskCommandLine } from '../src/tasks/weft-task-definition.js';

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(extensionFolder, 'package.json'), 'utf8'));

interface ProblemPattern { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number }
const matcher = manifest.contributes.problemMatchers.find((candidate: { name: string }) => candidate.name === 'weft');
const pattern: ProblemPattern = matcher.pattern;

/** What VS Code makes of one output line with the `$weft` matcher (a one-line pattern). */
function match(line: string, workspaceFolder: string) {
    const groups = new RegExp(pattern.regexp).exec(line);
    if (!groups) return undefined;
    return {
        file: path.resolve(workspaceFolder, groups[pattern.file]!), line: Number(groups[pattern.line]), column: Number(groups[pattern.column]),
        severity: groups[pattern.severity], code: groups[pattern.code], message: groups[pattern.message],
    };
}

// A workspace whose pipelines/flow.weft has one error and one warning, checked as the task does:
// `weft check` from the workspace folder.
let workspace: string;
beforeAll(() => {
    expectBuiltCli();
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-matcher-'));
    mkdirSync(path.join(workspace, 'pipelines'));
    writeFileSync(path.join(workspace, 'pipelines/steps.ts'), [
        'export async function load() { return { rows: 1 }; }',
        'export async function count(input: { rows: number }) { return { n: input.rows }; }',
    ].join('\n'));
    writeFileSync(path.join(workspace, 'pipelines/flow.weft'), [
        'step load() -> (rows: int) { run: "./steps.ts#load" }',
        'step count(rows: int) -> (n: int) { run: "./steps.ts#count" }',
        'pipeline flow() -> (n: int) {',
        '  let l = load()',
        '  let unused = count(l.rows)',
        '  let c = count(l.rowz)',
        '  return { n: c.n }',
        '}',
    ].join('\n'));
}, 120_000);

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('the $weft problem matcher', () => {
    test('reads file, line, column, severity, code and message from each line `weft check` prints', () => {
        const run = runWeft(['check'], { cwd: workspace });
        expect(run.status).toBe(1);
        const problems = run.stdout.split('\n').filter(line => line !== '').map(line => match(line, workspace));
        const file = path.join(workspace, 'pipelines/flow.weft');
        expect(problems).toEqual([
            {
                file, line: 5, column: 7, severity: 'warning', code: 'unused-result',
                message: 'The result of `unused` is never used: use an output (`unused.n`), order a call `after unused`, or name it `_unused` if the call runs only for its effect.',
            },
            {
                file, line: 6, column: 19, severity: 'error', code: 'unknown-reference',
                message: '`l` (the result of `load`) has no output `rowz`; its outputs are `rows`. Did you mean `rows`?',
            },
        ]);
        expect(existsSync(problems[0]!.file)).toBe(true);
        // The summary goes to stderr, and would not match anyway.
        expect(match(run.stderr.trim(), workspace)).toBeUndefined();
        expect(run.stderr).toBe('1 error, 1 warning in 1 file\n');
    });

    test('the task runs `weft check PATHS` through the shell from the workspace folder, and its output matches', () => {
        const cli = [process.execPath, binPath].map(quote).join(' ');
        const commandLine = taskCommandLine(cli, { type: 'weft', command: 'check', paths: ['pipelines/flow.weft'] });
        // VS Code matches the terminal's text, without escape codes: plain output stands for it here.
        const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
        delete env['FORCE_COLOR'];
        const run = spawnSync('/bin/sh', ['-c', commandLine], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
        expect(run.status).toBe(1);
        const problems = run.stdout.split('\n').filter(line => line !== '').map(line => match(line, workspace));
        expect(problems.map(problem => [problem?.file, problem?.line, problem?.severity, problem?.code])).toEqual([
            [path.join(workspace, 'pipelines/flow.weft'), 5, 'warning', 'unused-result'],
            [path.join(workspace, 'pipelines/flow.weft'), 6, 'error', 'unknown-reference'],
        ]);
    });

    test('a message with colons, and every diagnostic code Weft has, match whole', () => {
        for (const code of Object.values(DiagnosticCode)) {
            expect(match(`a b/c.weft:12:3: info ${code}: x: y: z`, '/ws'), code).toEqual({ file: '/ws/a b/c.weft', line: 12, column: 3, severity: 'info', code, message: 'x: y: z' });
        }
    });

    test('is contributed as VS Code reads it: relative paths from the workspace folder, its own owner', () => {
        expect(matcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
        // Not the language client's diagnostic collection (`weft`), so that the task's problems and the server's do not replace each other.
        expect(matcher.owner).not.toBe('weft');
        expect(matcher.source).toBe('weft');
    });
});
