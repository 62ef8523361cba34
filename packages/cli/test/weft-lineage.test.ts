// `weft lineage` through the built bin, on a run whose steps (real child processes, process
// target) each return the model they were given unchanged: the model is one node, its users
// are listed once each, and the answer comes at once (it used to walk the cycle for minutes).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-lineage-fixtures');

describe('weft lineage', () => {
    it('a model three steps return unchanged: its declaration and its three users, quickly, in text, JSON and Mermaid', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-lineage-'));
        cpSync(fixtures, folder, { recursive: true });
        symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
        const run = runWeft(['run', 'passthrough.weft', '--format', 'json'], { cwd: folder });
        expect(run.status).toBe(0);
        const { runId } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runId: string };
        const digest = createHash('sha256').update(readFileSync(path.join(folder, 'models', 'base.json'))).digest('hex');

        const started = Date.now();
        const text = runWeft(['lineage', digest.slice(0, 8)], { cwd: folder });
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(text.status).toBe(0);
        const user = (task: string) => `  task ${task} (step keep, run ${runId.slice(0, 8)}, attempt 1), as input model (returned unchanged as model)`;
        expect(text.stdout).toBe([
            `model base, file:models/base.json, version 1.0.0, sha256:${digest}`,
            'used by:',
            user('a'), user('b'), user('c'),
            '',
        ].join('\n'));
        expect(text.stderr).toBe('');

        const json = runWeft(['lineage', digest, '--format', 'json'], { cwd: folder });
        const graph = JSON.parse(json.stdout) as { focus: string; nodes: { id: string }[]; edges: { from: string; to: string; label: string; returned?: string }[] };
        expect(graph.focus).toBe(`declared:${runId}:base`);
        expect(graph.nodes.map(node => node.id).sort()).toEqual([`declared:${runId}:base`, `task:${runId}:a`, `task:${runId}:b`, `task:${runId}:c`]);
        expect(graph.edges).toEqual(['a', 'b', 'c'].map(task => ({ from: `declared:${runId}:base`, to: `task:${runId}:${task}`, label: 'model', returned: 'model' })));

        const mermaid = runWeft(['lineage', digest.slice(0, 8), '--format', 'mermaid'], { cwd: folder });
        expect(mermaid.stdout.split('\n').filter(line => line.includes('-->'))).toEqual([
            '    n0 -->|model, returned unchanged as model| n1',
            '    n0 -->|model, returned unchanged as model| n2',
            '    n0 -->|model, returned unchanged as model| n3',
        ]);

        // The run's own lineage lists each task once, with the model it passed on.
        const whole = runWeft(['lineage', runId], { cwd: folder });
        expect(whole.status).toBe(0);
        expect(whole.stdout.match(/^ {2}task [abc] /gm)).toEqual(['  task a ', '  task b ', '  task c ']);
        expect(whole.stdout.match(/\(returned unchanged as model\)$/gm)).toHaveLength(3);
    }, 120_000);

    it('records the code each task ran: bundle digest, contract hash, git commit and dirty flag, and a hyperparameter digest', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-lineage-git-'));
        cpSync(fixtures, folder, { recursive: true });
        symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
        writeFileSync(path.join(folder, '.gitignore'), 'node_modules\n');
        const git = (...args: string[]) => execFileSync('git', ['-C', folder, '-c', 'user.email=test@weft.invalid', '-c', 'user.name=test', ...args], { encoding: 'utf8' }).trim();
        git('init', '-q');
        git('add', '.');
        git('commit', '-q', '-m', 'first');
        const head = git('rev-parse', 'HEAD');
        type Task = { type: string; taskId: string; code?: string; contractHash?: string; git?: { commit: string; dirty?: boolean }; hyperparameters?: string };
        const runAndRead = (note: string) => {
            const run = runWeft(['run', 'passthrough.weft', '--param', `note=${note}`, '--format', 'json'], { cwd: folder });
            expect(run.status, run.stderr).toBe(0);
            const { runId } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runId: string };
            const json = runWeft(['lineage', runId, '--format', 'json'], { cwd: folder });
            expect(json.status, json.stderr).toBe(0);
            const tasks = (JSON.parse(json.stdout) as { nodes: Task[] }).nodes.filter(node => node.type === 'task');
            return { runId, tasks, text: runWeft(['lineage', runId], { cwd: folder }).stdout };
        };

        const clean = runAndRead('x');
        expect(clean.tasks).toHaveLength(3);
        for (const task of clean.tasks) {
            expect(task).toMatchObject({ code: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), contractHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), git: { commit: head, dirty: false }, hyperparameters: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
        }
        const [a] = clean.tasks;
        expect(clean.text).toContain(`  task a (step keep, run ${clean.runId.slice(0, 8)}, attempt 1)\n    code: bundle ${a!.code}, contract ${a!.contractHash}, git ${head}\n    hyperparameters: ${a!.hyperparameters}\n    note = "x"\n`);

        const same = runAndRead('x');
        const other = runAndRead('y');
        expect(same.tasks[0]!.hyperparameters).toBe(a!.hyperparameters);
        expect(other.tasks[0]!.hyperparameters).not.toBe(a!.hyperparameters);

        const steps = path.join(folder, 'steps.ts');
        writeFileSync(steps, readFileSync(steps, 'utf8').replace('return { model: inputs.model };', 'console.error(\'edited\');\n    return { model: inputs.model };'));
        const dirty = runAndRead('x');
        expect(dirty.tasks[0]!.git).toEqual({ commit: head, dirty: true });
        expect(dirty.tasks[0]!.code).not.toBe(a!.code);
        expect(dirty.text).toContain(`git ${head} (dirty)\n`);
    }, 180_000);
});
