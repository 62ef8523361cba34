// What the engine spends per task: an inline step's work folder is made only when the step reads
// it, and the run signal's listeners cost O(1) per attempt in flight.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortListeners } from '../../../src/execution/abort-listeners.js';
import { runPipeline } from '../../../src/execution/run-pipeline.js';
import { literal, node, plan, workRoot } from '../plan-fixtures.js';

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
