// A run whose process died mid-run is finished by resumeRun without redoing completed work.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunNotResumableError } from '../../src/execution/run-errors.js';
import { resumeRun } from '../../src/execution/resume-run.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Dataset } from '../../src/handles/dataset.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { anything, node, output, plan, until, workRoot } from './plan-fixtures.js';

const chain = plan([
    node('load', { outputs: ['rows'], types: { rows: anything } }),
    node('train', { needs: ['load'], arguments: { rows: output('load', 'rows') }, types: { rows: anything } }),
    node('report', { needs: ['train'], arguments: { value: output('train', 'value') } }),
], { outputs: [{ name: 'score', type: 'int', value: output('report', 'value') }] });

describe('resumeRun', () => {
    it('re-runs only what did not complete after a crash, and ends with the same outputs', async () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-store-')), 'runs.sqlite');
        const calls: string[] = [];
        const rows = new Dataset<number>('/data/rows.jsonl');
        // The first process: `train` never returns, as if the machine went down while it ran.
        const crashed = new SqliteRunStore(file);
        void runPipeline(chain, {}, {
            workRoot: workRoot(), store: crashed, runId: 'run-1',
            mocks: { load: async () => { calls.push('load'); return { rows }; }, train: () => { calls.push('train'); return new Promise(() => undefined); } },
        });
        await until(() => calls.includes('train'), 'train runs');
        expect(crashed.tasks('run-1').map(task => task.state)).toEqual(['completed', 'running', 'pending']);

        // A second process opens the same file and resumes.
        const store = new SqliteRunStore(file);
        calls.length = 0;
        const result = await resumeRun('run-1', {
            store, workRoot: workRoot(),
            mocks: {
                load: async () => { calls.push('load'); return { rows }; },
                train: async (inputs: { rows: Dataset<number> }) => { calls.push(`train ${inputs.rows instanceof Dataset ? inputs.rows.path : 'not a Dataset'}`); return { value: 7 }; },
                report: async (inputs: { value: number }) => { calls.push('report'); return { value: inputs.value * 6 }; },
            },
        });
        expect(calls).toEqual(['train /data/rows.jsonl', 'report']);
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ score: 42 });
        expect(store.transitions('run-1', 'train').map(change => change.to)).toEqual(['allocating', 'running', 'failed', 'pending', 'allocating', 'running', 'completed']);
        expect(store.transitions('run-1', 'load').map(change => change.to)).toEqual(['allocating', 'running', 'completed']);
        expect(store.run('run-1')?.status).toBe('completed');
        await expect(resumeRun('run-1', { store })).rejects.toThrow(RunNotResumableError);
        crashed.close();
        store.close();
    });

    it('runs and resumes a run recorded with a version 2 plan, from before version 3', async () => {
        const versionTwoChain = { ...chain, planVersion: 2 } as const;
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-store-')), 'runs.sqlite');
        const rows = new Dataset<number>('/data/rows.jsonl');
        const crashed = new SqliteRunStore(file);
        let trainStarted = false;
        void runPipeline(versionTwoChain, {}, {
            workRoot: workRoot(), store: crashed, runId: 'run-2',
            mocks: { load: async () => ({ rows }), train: () => { trainStarted = true; return new Promise(() => undefined); } },
        });
        await until(() => trainStarted, 'train runs');

        const store = new SqliteRunStore(file);
        expect(store.run('run-2')!.plan.planVersion).toBe(2);
        const result = await resumeRun('run-2', {
            store, workRoot: workRoot(),
            mocks: { load: async () => ({ rows }), train: async () => ({ value: 7 }), report: async (inputs: { value: number }) => ({ value: inputs.value * 6 }) },
        });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ score: 42 });
        crashed.close();
        store.close();
    });
});
