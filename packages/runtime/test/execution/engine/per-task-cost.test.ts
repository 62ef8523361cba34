// What the engine spends per task: an inline step's work folder is made only when the step reads
// it, the run signal's listeners cost O(1) per attempt in flight, and a wide fan-out starts its
// attempts a bounded batch per turn of the event loop.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortListeners } from '../../../src/execution/abort-listeners.js';
import { runPipeline } from '../../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { node, parameter, plan, workRoot } from '../plan-fixtures.js';

describe('an inline step\'s work folder', () => {
    it('is not made for a step that never reads ctx.workDir, and is there, empty, for one that does', async () => {
        const work = workRoot();
        let seen: { exists: boolean; entries: number } | undefined;
        const result = await runPipeline(plan([node('quiet'), node('busy', { needs: ['quiet'] })]), {}, {
            workRoot: work, runId: 'r',
            mocks: {
                quiet: () => ({ value: 1 }),
                busy: (_inputs: unknown, ctx: { workDir: string }) => {
                    seen = { exists: statSync(ctx.workDir).isDirectory(), entries: readdirSync(ctx.workDir).length };
                    return { value: 2 };
                },
            },
        });
        expect(result.status).toBe('completed');
        expect(seen).toEqual({ exists: true, entries: 0 });
        expect(existsSync(path.join(work, 'r', 'busy', 'attempt-1'))).toBe(true);
        expect(existsSync(path.join(work, 'r', 'quiet'))).toBe(false);
    });
});

describe('the run signal\'s listeners', () => {
    it('calls each listener still there once when the signal aborts, and at once when added after', () => {
        const controller = new AbortController();
        const listeners = new AbortListeners(controller.signal);
        const calls: string[] = [];
        listeners.add(() => calls.push('a'));
        const removeB = listeners.add(() => calls.push('b'));
        listeners.add(() => calls.push('c'));
        removeB();
        controller.abort();
        controller.abort();
        expect(calls).toEqual(['a', 'c']);
        listeners.add(() => calls.push('late'));
        expect(calls).toEqual(['a', 'c', 'late']);
    });

    it('adds and removes 100,000 listeners in linear time, where the signal\'s own take quadratic time', () => {
        const count = 100_000;
        const listeners = new AbortListeners(new AbortController().signal);
        const started = performance.now();
        const removes = Array.from({ length: count }, () => listeners.add(() => undefined));
        for (const remove of removes) remove();
        const ours = performance.now() - started;
        const signal = new AbortController().signal;
        const own = Array.from({ length: 10_000 }, () => () => undefined);
        const ownStarted = performance.now();
        for (const listener of own) signal.addEventListener('abort', listener);
        for (const listener of own) signal.removeEventListener('abort', listener);
        const theirs = performance.now() - ownStarted;
        // Ten times as many listeners, and still faster than a tenth of them on the signal itself.
        expect(ours).toBeLessThan(theirs);
    });
});

describe('a wide fan-out', () => {
    it('starts 256 attempts per turn at most: with inline steps, no more than that are ever running at once', async () => {
        const store = new SqliteRunStore();
        const fan = node('fan', { step: 'addOne', arguments: { x: { kind: 'variable', name: 'x' } }, forEach: { variable: 'x', items: parameter('items') } });
        const result = await runPipeline({ ...plan([fan]), parameters: [{ name: 'items', type: 'int[]', schema: { type: 'array', items: { type: 'integer' } } }] },
            { items: Array.from({ length: 2000 }, (_, i) => i) }, { store, runId: 'r', workRoot: workRoot(), mocks: { addOne: async ({ x }: { x: number }) => ({ value: x + 1 }) } });
        expect(result.status).toBe('completed');
        // The transitions in the order they were made: how many elements were running at once, at most.
        let running = 0;
        let most = 0;
        for (const change of store.transitions('r')) {
            if (change.taskId === 'fan') continue;
            if (change.to === 'running') most = Math.max(most, ++running);
            if (change.from === 'running') running--;
        }
        expect(store.tasks('r').filter(task => task.state === 'completed')).toHaveLength(2001);
        expect(most).toBeGreaterThan(1);
        expect(most).toBeLessThanOrEqual(256);
        store.close();
    });
});
