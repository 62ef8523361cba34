// A pipeline called as a step runs inline in the same run, its outputs bound to the call's result.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanNode } from '../../src/contract/plan.js';
import { SubPipelineError } from '../../src/plan/inline-sub-pipelines.js';
import { resumeRun } from '../../src/execution/resume-run.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, output, parameter, plan, typedAs, until, workRoot } from './plan-fixtures.js';

/** `inner(x: int) -> (total: int)`: double(x) then inc(double). */
const inner: CompiledPlan = plan([
    node('double', { arguments: { n: parameter('x') } }),
    node('inc', { arguments: { n: output('double', 'value') }, needs: ['double'] }),
], { pipeline: 'inner', parameters: [{ name: 'x', type: 'int' }], outputs: [{ name: 'total', type: 'int', value: output('inc', 'value') }] });

function callOf(id: string, pipeline: string, shape: Partial<PlanNode> = {}): PlanNode {
    return { ...node(id), call: { kind: 'pipeline', pipeline, plan: `${pipeline}.plan.json` }, outputs: [typedAs('total', 'int')], ...shape };
}

const mocks = {
    seed: () => ({ value: 5 }),
    double: (inputs: { n: number }) => ({ value: inputs.n * 2 }),
    inc: (inputs: { n: number }) => ({ value: inputs.n + 1 }),
    show: (inputs: { n: number }) => ({ value: inputs.n * 100 }),
};

describe('sub-pipelines', () => {
    it('runs the callee’s nodes as prefixed tasks of the same run and binds its outputs to the call', async () => {
        const outer = plan([
            node('seed'),
            callOf('sub', 'inner', { arguments: { x: output('seed', 'value') }, needs: ['seed'] }),
            node('show', { arguments: { n: output('sub', 'total') }, needs: ['sub'] }),
        ], { pipeline: 'outer', outputs: [{ name: 'result', type: 'int', value: output('show', 'value') }, { name: 'total', type: 'int', value: output('sub', 'total') }] });
        const store = new SqliteRunStore();
        const result = await runPipeline(outer, {}, { workRoot: workRoot(), store, mocks, pipelines: { inner } });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ result: 1100, total: 11 });
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([
            ['seed', 'completed'], ['sub.double', 'completed'], ['sub.inc', 'completed'], ['show', 'completed'],
        ]);
        expect(store.tasks(result.runId).map(task => task.id).sort()).toEqual(['seed', 'show', 'sub.double', 'sub.inc']);
    });

    it('inlines nested calls and passes the call’s when conditions on', async () => {
        const middle = plan([callOf('deep', 'inner', { arguments: { x: parameter('y') } })], {
            pipeline: 'middle', parameters: [{ name: 'y', type: 'int' }], outputs: [{ name: 'total', type: 'int', value: output('deep', 'total') }],
        });
        const outer = plan([
            callOf('run', 'middle', { arguments: { y: literal(1) } }),
            callOf('never', 'inner', { arguments: { x: literal(1) }, conditions: [{ when: literal(false), is: true }] }),
        ], { pipeline: 'outer', outputs: [{ name: 'total', type: 'int', value: output('run', 'total') }] });
        const result = await runPipeline(outer, {}, { workRoot: workRoot(), mocks: { double: mocks.double, inc: mocks.inc }, pipelines: { inner, middle } });
        expect(result.outputs).toEqual({ total: 3 });
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([
            ['run.deep.double', 'completed'], ['run.deep.inc', 'completed'], ['never.double', 'skipped'], ['never.inc', 'skipped'],
        ]);
    });

    it('refuses a call without a plan, and a pipeline that calls itself, before the run starts', async () => {
        const outer = plan([callOf('sub', 'inner', { arguments: { x: literal(1) } })], { pipeline: 'outer' });
        await expect(runPipeline(outer, {}, { workRoot: workRoot(), mocks })).rejects.toThrow(/sub calls the pipeline inner: its plan inner\.plan\.json could not be loaded \(no plan for it was given/);
        const loop = plan([callOf('again', 'loop')], { pipeline: 'loop' });
        await expect(runPipeline(loop, {}, { workRoot: workRoot(), pipelines: { loop } })).rejects.toThrow(SubPipelineError);
        await expect(runPipeline(loop, {}, { workRoot: workRoot(), pipelines: { loop } })).rejects.toThrow('it calls itself (loop → loop)');
    });

    it('stores the inlined plan, so a resumed run never meets a pipeline call and finishes the callee’s tasks', async () => {
        const outer = plan([
            node('seed'),
            callOf('sub', 'inner', { arguments: { x: output('seed', 'value') }, needs: ['seed'] }),
            node('show', { arguments: { n: output('sub', 'total') }, needs: ['sub'] }),
        ], { pipeline: 'outer', outputs: [{ ...typedAs('result', 'int'), value: output('show', 'value') }] });
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-store-')), 'runs.sqlite');
        // The first process stops while the callee's second step runs.
        const crashed = new SqliteRunStore(file);
        let incStarted = false;
        void runPipeline(outer, {}, {
            workRoot: workRoot(), store: crashed, runId: 'run-sub', pipelines: { inner },
            mocks: { ...mocks, inc: () => { incStarted = true; return new Promise(() => undefined); } },
        });
        await until(() => incStarted, 'sub.inc runs');
        const stored = crashed.run('run-sub')!.plan;
        expect(stored.nodes.map(each => [each.id, each.call.kind])).toEqual([['seed', 'step'], ['sub.double', 'step'], ['sub.inc', 'step'], ['show', 'step']]);

        const store = new SqliteRunStore(file);
        const result = await resumeRun('run-sub', { store, workRoot: workRoot(), mocks });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ result: 1100 });
        expect(store.transitions('run-sub', 'sub.inc').map(change => change.to)).toEqual(['allocating', 'running', 'failed', 'pending', 'allocating', 'running', 'completed']);
        crashed.close();
        store.close();
    });

    it('reads a callee not given from its plan file in planDir, checked once: one of another version stops the run before it starts', async () => {
        const outer = plan([callOf('sub', 'inner', { arguments: { x: literal(3) } })], { pipeline: 'outer', outputs: [{ name: 'total', type: 'int', value: output('sub', 'total') }] });
        const planDir = mkdtempSync(path.join(tmpdir(), 'weft-plan-dir-'));
        writeFileSync(path.join(planDir, 'inner.plan.json'), JSON.stringify({ ...inner, planVersion: 1 }));
        const store = new SqliteRunStore();
        const started = runPipeline(outer, {}, { workRoot: workRoot(), store, mocks, planDir });
        const file = path.join(planDir, 'inner.plan.json');
        await expect(started).rejects.toThrow(new SubPipelineError('sub', 'inner', `its plan inner.plan.json could not be loaded (${file} is not a plan this runtime can run: the plan has version 1, but this runtime reads versions 2 and 3; regenerate it with a matching \`weft generate\`)`));
        expect(store.runs()).toEqual([]);
    });
});
