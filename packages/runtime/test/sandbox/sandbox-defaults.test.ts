// A step that sets no `resources` still runs limited in its gVisor sandbox: 1 GiB of memory and
// one core by default, never more than its target's capacity (docs/sandbox.md).
import { describe, expect, it } from 'vitest';
import type { PlanNode, PlanTarget } from '../../src/contract/plan.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { attemptSpec, cacheDir, channel } from './sandbox-fixtures.js';
import { failedOnce, leftoverSandboxes, runNodes, stepNode } from './sandbox-runs.js';

const gvisor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 1000 });
const oomMessage = (limit: string): string =>
    `s ran out of memory: the sandbox was killed at its limit of ${limit} (resources.memory, or the target's default when the step sets none); raise the step's memory, set retry { memory: … } to place it again with more, or use less`;

/** `hog` holding `megabytes` of memory, with no `resources` at all. */
function hogWithoutResources(megabytes: number): PlanNode {
    return { ...stepNode('s', 'hog', { megabytes }, {}, ['held']), settings: {} };
}

function sandboxTarget(capacity: Record<string, number>): PlanTarget {
    return { name: 'small', kind: 'sandbox', members: { runtime: 'gvisor', capacity }, pools: [], source: { file: 'sandbox.weft', line: 1 } };
}

describe('a sandboxed step without resources', () => {
    it('is killed past the default 1 GiB of memory, reported as out of memory, and nothing is left', async () => {
        const run = await runNodes([hogWithoutResources(1536)], gvisor);
        expect(run.result.status).toBe('failed');
        expect(failedOnce(run, 's')).toBe(oomMessage('1 GiB'));
        expect(run.store.attempts(run.runId, 's')[0]?.status).toBe('failed');
        expect(leftoverSandboxes('s')).toEqual([]);
    }, 60_000);

    it('completes when it stays within the default', async () => {
        const run = await runNodes([hogWithoutResources(768)], gvisor);
        expect(run.result.status).toBe('completed');
        expect(run.store.tasks(run.runId)[0]?.outputs).toEqual({ held: 48 });
    }, 60_000);

    it('gets no more than its target has: 512 MiB on a target with 512Mi', async () => {
        const run = await runNodes([hogWithoutResources(768)], gvisor, { targets: [sandboxTarget({ cpu: 2, memory: 512 * 2 ** 20, gpu: 0 })] });
        expect(run.result.status).toBe('failed');
        expect(failedOnce(run, 's')).toBe(oomMessage('512 MiB'));
    }, 60_000);

    it('is limited by the executor itself when called without the engine (a spec with no resources)', async () => {
        const spec = attemptSpec('hog', { megabytes: 1536 }, { taskId: 's', resources: { cpu: 0, memory: 0, gpu: 0 } });
        const result = await gvisor.execute(spec, channel());
        expect(result).toEqual({ status: 'failed', failure: expect.objectContaining({ message: oomMessage('1 GiB'), exitCode: 137, retryable: false }) });
    }, 60_000);
});
