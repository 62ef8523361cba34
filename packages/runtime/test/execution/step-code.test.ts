// The one notion of "the step's code changed", shared by the cache key and resumeRun.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/bundling/bundle-step.js';
import { stepCode, stepCodeDigests } from '../../src/bundling/step-code.js';
import { changedStepCode } from '../../src/execution/changed-step-code.js';
import { TaskState } from '../../src/lifecycle/task-state.js';
import type { TaskRecord } from '../../src/store/run-store.js';
import { node, plan } from './plan-fixtures.js';

const task = (id: string, code: string | undefined, state: TaskState = TaskState.Completed): TaskRecord => ({
    runId: 'r', id, node: id, state, attempts: 1, failedForGood: false, ...(code === undefined ? {} : { code }),
});

describe('step code', () => {
    it('is the bundle of each module and export; a missing module has none, refused before esbuild', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-step-code-'));
        writeFileSync(path.join(root, 'a.ts'), 'export const a = async () => ({ value: 1 });\nexport const b = async () => ({ value: 2 });\n');
        const b = node('b');
        // Two steps from one module: b is a.ts's second export.
        const pipeline = plan([node('a'), { ...b, call: { kind: 'step', step: 'b', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'a.ts', export: 'b' } } }]);
        const codes = await stepCodeDigests(pipeline, root, path.join(root, '.weft'));
        expect([...codes.keys()]).toEqual(['a.ts#a', 'a.ts#b']);
        expect(codes.get('a.ts#a')!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(codes.get('a.ts#a')!.digest).not.toBe(codes.get('a.ts#b')!.digest);
        expect(codes.get('a.ts#a')!.files['a.ts']).toMatch(/^sha256:/);
        const missing = stepCode(root, { module: 'gone.ts', export: 'gone' }, path.join(root, '.weft'));
        await expect(missing).rejects.toThrow(BundleError);
        await expect(missing).rejects.toThrow('cannot bundle gone.ts: the module does not exist');
    }, 60_000);

    it('lists completed or cached tasks whose recorded digest differs; not those without one, nor the bare hex digests of an older Weft', () => {
        const pipeline = plan(['a', 'b', 'c', 'd', 'e'].map(id => node(id)));
        const codes = new Map(['a', 'b', 'c', 'd', 'e'].map(id => [`${id}.ts#${id}`, { digest: `sha256:${id}-now`, files: {} }]));
        const tasks = [
            task('a', 'sha256:a-now'),
            task('b', 'sha256:b-before'),
            task('c', 'sha256:c-before', TaskState.Cached),
            task('d', 'f'.repeat(64)), // an older Weft's digest of the source text
            task('e', undefined),
        ];
        expect(changedStepCode(pipeline, tasks, codes)).toEqual([
            { taskId: 'b', step: 'b', module: 'b.ts' },
            { taskId: 'c', step: 'c', module: 'c.ts' },
        ]);
        expect(changedStepCode(pipeline, [task('b', 'sha256:b-before', TaskState.Running)], codes)).toEqual([]);
    });
});
