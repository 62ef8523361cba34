// A step that floods its logs (or its error), in a real gVisor sandbox through the engine with a run store on
// disk: the attempt ends in bounded time and what the store keeps of its logs is bounded.
import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../src/contract/plan.js';
import { LOG_LIMITS } from '../../src/store/log-limits.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { cacheDir } from './sandbox-fixtures.js';
import { failedOnce, runNodes, stepNode } from './sandbox-runs.js';

const gvisor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 1000 });

/** A node calling an export of fixtures/log-steps.ts. */
function logStep(id: string, step: string, args: Record<string, number>): PlanNode {
    const node = stepNode(id, step, args, {}, ['wrote']);
    return { ...node, call: { ...node.call, implementation: { module: 'log-steps.ts', export: step } } } as PlanNode;
}

describe('a sandboxed step that floods its logs or errors', () => {
    it('writes 64 MiB to stdout without a line break: the attempt completes in bounded time, one cut line is stored', async () => {
        const started = Date.now();
        const peakBefore = process.resourceUsage().maxRSS;
        const run = await runNodes([logStep('flood', 'floodStdout', { mebibytes: 64 })], gvisor);
        const took = Date.now() - started;
        // This process's peak memory (KiB): before, the pending line was copied at every chunk (≈ 1 GB).
        const peakGrowth = (process.resourceUsage().maxRSS - peakBefore) / 1024;
        expect(run.result.status).toBe('completed');
        expect(run.store.tasks(run.runId)[0]?.outputs).toEqual({ wrote: 64 });
        const lines = run.store.events(run.runId, 'flood').filter(event => event.attempt === 1);
        expect(lines).toHaveLength(1);
        expect(lines[0]!.level).toBe('info');
        // The line is cut to lineChars characters, the marker included (a failure here must not print 64 KiB).
        const message = lines[0]!.message;
        const kept = message.indexOf(' … [cut: ');
        expect(message.length).toBe(LOG_LIMITS.lineChars);
        expect(message.slice(kept)).toBe(` … [cut: ${64 * 1024 * 1024 - kept} more characters]`);
        expect(/^x+$/.test(message.slice(0, kept))).toBe(true);
        console.log(`64 MiB without a line break under gVisor: ${took} ms for the whole run, peak memory of this process +${peakGrowth.toFixed(0)} MiB`);
        expect(took).toBeLessThan(30_000);
        expect(peakGrowth).toBeLessThan(200);
    }, 60_000);

    it('writes more lines than an attempt may store: the first are stored, then one line says how many were dropped', async () => {
        const total = LOG_LIMITS.attemptLines + 2_500;
        const started = Date.now();
        const run = await runNodes([logStep('many', 'manyLines', { lines: total })], gvisor);
        const took = Date.now() - started;
        expect(run.result.status).toBe('completed');
        const lines = run.store.events(run.runId, 'many').filter(event => event.attempt === 1);
        expect(lines).toHaveLength(LOG_LIMITS.attemptLines + 1);
        expect(lines.slice(0, 3).map(event => event.message)).toEqual(['line 0', 'line 1', 'line 2']);
        expect(lines[LOG_LIMITS.attemptLines - 1]!.message).toBe(`line ${LOG_LIMITS.attemptLines - 1}`);
        const droppedBytes = Array.from({ length: 2_500 }, (_, index) => `line ${LOG_LIMITS.attemptLines + index}`.length).reduce((sum, size) => sum + size, 0);
        expect(lines.at(-1)).toMatchObject({
            level: 'warn',
            message: `log limit reached: 2500 more lines (${droppedBytes} bytes) of this attempt were dropped (at most ${LOG_LIMITS.attemptLines} lines and ${LOG_LIMITS.attemptBytes} bytes are stored per attempt)`,
            fields: { droppedLines: 2_500, droppedBytes },
        });
        console.log(`${total} lines under gVisor: ${took} ms for the whole run`);
        expect(took).toBeLessThan(30_000);
    }, 60_000);

    it('fails with a 1 MiB error message: the task fails with the message cut like a log line, its NUL kept visible', async () => {
        const run = await runNodes([logStep('loud', 'longError', {})], gvisor);
        expect(run.result.status).toBe('failed');
        const message = failedOnce(run, 'loud');
        expect(message.length).toBe(LOG_LIMITS.lineChars);
        expect(message.startsWith('boom\\x00eee')).toBe(true);
        const kept = message.indexOf(' … [cut: ');
        // 'boom' + the four characters of \x00 + 1 MiB of e's, less what was kept.
        expect(message.slice(kept)).toBe(` … [cut: ${4 + 4 + 1024 * 1024 - kept} more characters]`);
    }, 60_000);
});
