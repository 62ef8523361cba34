// Lineage with code: each task records the bundle digest and contract hash of what ran, the run
// the git commit and dirty flag of its project (real `git`, in a temporary repository), and each
// task a digest of its scalar inputs that is equal exactly when those inputs are.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { gitState, hyperparameterDigest, type LineageNode, runLineage } from '../../src/lineage/index.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { anything, literal, node, plan, workRoot } from '../execution/plan-fixtures.js';

type TaskNode = Extract<LineageNode, { type: 'task' }>;

function project(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-lineage-code-'));
    writeFileSync(path.join(root, 'train.ts'), 'export const train = 1;\n');
    return root;
}

function git(root: string, ...args: string[]): string {
    return execFileSync('git', ['-C', root, '-c', 'user.email=test@weft.invalid', '-c', 'user.name=test', ...args], { encoding: 'utf8' }).trim();
}

function trainPlan(lr: number, epochs: number) {
    return plan([node('train', { arguments: { lr: literal(lr), epochs: literal(epochs), tags: { kind: 'list', elements: [literal('a')] } }, types: { lr: anything, tags: anything, value: anything } })]);
}

const mocks = { train: async (inputs: { lr: number; epochs: number }) => ({ value: inputs.lr * inputs.epochs }) };

async function trainTask(root: string, lr = 0.1, epochs = 3): Promise<{ runId: string; store: SqliteRunStore; task: TaskNode }> {
    const store = new SqliteRunStore();
    const result = await runPipeline(trainPlan(lr, epochs), {}, { root, store, mocks, workRoot: workRoot() });
    expect(result.status, JSON.stringify(result.failures)).toBe('completed');
    const task = runLineage(store, result.runId).nodes.find((candidate): candidate is TaskNode => candidate.type === 'task' && candidate.taskId === 'train')!;
    return { runId: result.runId, store, task };
}

describe('lineage with code', () => {
    it('records the commit of a clean repository, then dirty after an edit; Weft\'s own .weft folder does not count', async () => {
        const root = project();
        git(root, 'init', '-q');
        git(root, 'add', '.');
        git(root, 'commit', '-q', '-m', 'first');
        const head = git(root, 'rev-parse', 'HEAD');
        mkdirSync(path.join(root, '.weft', 'cache'), { recursive: true });
        writeFileSync(path.join(root, '.weft', 'cache', 'entry'), 'x');

        const clean = await trainTask(root);
        expect(clean.store.run(clean.runId)?.git).toEqual({ commit: head, dirty: false });
        expect(clean.task).toMatchObject({ git: { commit: head, dirty: false }, contractHash: `sha256:${'0'.repeat(64)}`, code: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });

        writeFileSync(path.join(root, 'train.ts'), 'export const train = 2;\n');
        const edited = await trainTask(root);
        expect(edited.task.git).toEqual({ commit: head, dirty: true });

        git(root, 'commit', '-q', '-am', 'second');
        writeFileSync(path.join(root, 'notes.txt'), 'an untracked file\n');
        const untracked = await trainTask(root);
        expect(untracked.task.git).toEqual({ commit: git(root, 'rev-parse', 'HEAD'), dirty: true });
    });

    it('outside a git repository, and in one with no commit yet, records no git state and the run goes on', async () => {
        const outside = await trainTask(project());
        expect(outside.store.run(outside.runId)?.git).toBeUndefined();
        expect(outside.task.git).toBeUndefined();
        expect(outside.task.code).toMatch(/^sha256:/);

        const empty = project();
        git(empty, 'init', '-q');
        expect(await gitState(empty)).toBeUndefined();
    });

    it('without git on PATH reads the commit from .git (a branch, packed refs, a linked worktree) and leaves dirty unknown', async () => {
        const root = project();
        git(root, 'init', '-q', '-b', 'main');
        git(root, 'add', '.');
        git(root, 'commit', '-q', '-m', 'first');
        const head = git(root, 'rev-parse', 'HEAD');
        const linked = path.join(mkdtempSync(path.join(tmpdir(), 'weft-lineage-wt-')), 'wt');
        git(root, 'worktree', 'add', '-q', '-b', 'side', linked);
        const savedPath = process.env['PATH'];
        process.env['PATH'] = '/nonexistent';
        try {
            expect(await gitState(path.join(root))).toEqual({ commit: head });
            expect(await gitState(linked)).toEqual({ commit: head });
            process.env['PATH'] = savedPath;
            git(root, 'pack-refs', '--all');
            process.env['PATH'] = '/nonexistent';
            expect(await gitState(root)).toEqual({ commit: head });
        } finally {
            process.env['PATH'] = savedPath;
        }
    });

    it('gives tasks with the same scalar inputs the same hyperparameter digest, and different ones different digests', async () => {
        const root = project();
        const first = await trainTask(root, 0.1, 3);
        const same = await trainTask(root, 0.1, 3);
        const otherLr = await trainTask(root, 0.2, 3);
        const otherEpochs = await trainTask(root, 0.1, 4);
        expect(first.task.hyperparameters).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(same.task.hyperparameters).toBe(first.task.hyperparameters);
        expect(otherLr.task.hyperparameters).not.toBe(first.task.hyperparameters);
        expect(otherEpochs.task.hyperparameters).not.toBe(first.task.hyperparameters);
        expect(new Set([first, otherLr, otherEpochs].map(run => run.task.hyperparameters)).size).toBe(3);
    });

    it('digests only scalars, by name and in any order; no scalars, no digest', () => {
        const value = (input: string, stored: unknown) => ({ taskId: 't', attempt: 1, input, kind: 'value' as const, value: stored });
        const digest = hyperparameterDigest([value('lr', 0.1), value('name', 'bert'), value('tags', ['a']), { taskId: 't', attempt: 1, input: 'data', kind: 'dataset', digest: 'sha256:aa' }]);
        expect(hyperparameterDigest([value('name', 'bert'), value('lr', 0.1)])).toBe(digest);
        expect(hyperparameterDigest([value('lr', 0.1), value('name', 'bert'), value('tags', ['b'])])).toBe(digest);
        expect(hyperparameterDigest([value('lr', '0.1'), value('name', 'bert')])).not.toBe(digest);
        expect(hyperparameterDigest([value('tags', ['a'])])).toBeUndefined();
        expect(hyperparameterDigest([])).toBeUndefined();
    });
});
