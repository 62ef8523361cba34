// The consumer example's real steps, run by the runtime from its generated pipeline definition.
// Imports the built package, as the example's steps do, so handles are one class on both sides.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, File, Model, runPipeline, SqliteRunStore } from '@weft/runtime';
import { describe, expect, it } from 'vitest';
import { scoreReviews } from '../../../examples/consumer/src/generated/scores.js';
import * as scores from '../../../examples/consumer/src/generated/scores.js';
import { workRoot } from './execution/plan-fixtures.js';

const consumer = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'consumer');

describe('scoreReviews (examples/consumer)', () => {
    it('runs its real steps end to end and records every task, attempt and artifact', async () => {
        const store = new SqliteRunStore();
        const result = await runPipeline(scoreReviews, {}, { root: path.join(consumer, 'weft'), store, workRoot: workRoot() });
        expect(result.failures).toEqual([]);
        expect(result.status).toBe('completed');
        expect(result.outputs?.model).toBeInstanceOf(Model);
        expect(result.outputs?.metrics['rows']).toBe(12);
        expect(result.outputs?.summary).toBeInstanceOf(File);
        expect(readFileSync(result.outputs!.summary.path, 'utf8')).toMatch(/^# Star model\n/);
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([['f', 'completed'], ['m', 'completed'], ['r', 'completed']]);
        expect(store.artifacts(result.runId).map(artifact => `${artifact.taskId}.${artifact.output}:${artifact.kind}`))
            .toEqual(['f.features:dataset', 'f.matrix:tensor', 'm.model:model', 'r.summary:file']);
        expect(store.events(result.runId, 'f').map(event => event.message)).toEqual(['featurized']);
    });

    it('runs with a typed mock in place of a step, keeping the others real', async () => {
        const seen: number[] = [];
        const result = await runPipeline(scoreReviews, { l2: 2 }, {
            root: path.join(consumer, 'weft'), workRoot: workRoot(), steps: scores,
            mocks: {
                fit: async (inputs, ctx) => {
                    seen.push(inputs.l2, inputs.matrix.shape[0]);
                    expect(inputs.features).toBeInstanceOf(Dataset);
                    return { model: await Model.writeJson(path.join(ctx.workDir, 'mock.json'), {}), metrics: { rmse: 0 } };
                },
            },
        });
        expect(result.status).toBe('completed');
        expect(seen).toEqual([2, 12]);
        expect(result.outputs?.metrics).toEqual({ rmse: 0 });
    });
});
