// A pipeline called as a step runs inline in the same run, its outputs bound to the call's result.
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanNode } from '../../src/contract/plan.js';
import { SubPipelineError } from '../../src/execution/inline-sub-pipelines.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, output, parameter, plan, typedAs, workRoot } from './plan-fixtures.js';

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
});
