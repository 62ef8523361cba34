// `resume` called directly: a paused run's driver (this test's own process, its SIGCONT handler
// standing in for a run's) is told to go on; a run whose driver died is driven to its end here;
// a run driven elsewhere, an ended one and an unknown one are refused.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { currentDriver, TaskState } from '@weft/runtime';
import { resume } from '../../../src/commands/resume/resume.js';
import { deadDriver, onSignal, projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

function project() {
    const folder = tempProject();
    const store = projectStore(folder);
    cleanups.push(() => store.close());
    return { folder, store };
}

describe('resume', () => {
    it("signals a paused run's live driver with SIGCONT and returns once the driver says it resumed", async () => {
        const { folder, store } = project();
        recordRun(store, 'run-paused', { a: TaskState.Paused }, { driver: currentDriver() });
        store.setRunPaused('run-paused', true);
        cleanups.push(onSignal('SIGCONT', () => store.setRunPaused('run-paused', false)));
        expect(await resume({ run: 'run-paused' }, testIo(folder))).toEqual({ kind: 'signalled', runId: 'run-paused', pid: process.pid });
    });

    it('drives a run whose driver died to its end here, saying so on stderr, and returns the outcome', async () => {
        const { folder, store } = project();
        // A run whose driver died after its last task, before it recorded the end.
        recordRun(store, 'run-crashed', {}, { driver: deadDriver });
        const io = testIo(folder);
        const report = await resume({ run: 'run-crashed', executor: 'inline' }, io);
        expect(report).toMatchObject({ kind: 'driven', outcome: { runId: 'run-crashed', status: 'completed' } });
        expect(io.stderr.text).toContain('resuming run run-crashed: train (inline)\n');
        expect(store.run('run-crashed')?.status).toBe('completed');
    });

    it('traces the run it drives as weft run does: OTEL_* variables, under an incoming TRACEPARENT', async () => {
        // A loopback OTLP/HTTP receiver: keeps the spans posted to it.
        const spans: { name: string; traceId: string; parentSpanId?: string }[] = [];
        const receiver = createServer((request, response) => {
            let body = '';
            request.on('data', chunk => (body += chunk));
            request.on('end', () => {
                const posted = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: typeof spans }[] }[] };
                spans.push(...posted.resourceSpans.flatMap(resource => resource.scopeSpans.flatMap(scope => scope.spans)));
                response.end('{}');
            });
        });
        await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve));
        cleanups.push(() => receiver.close());
        const { folder, store } = project();
        recordRun(store, 'run-traced', {}, { driver: deadDriver });
        const io = testIo(folder, {
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
            TRACEPARENT: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        });
        expect(await resume({ run: 'run-traced', executor: 'inline' }, io)).toMatchObject({ kind: 'driven', outcome: { status: 'completed' } });
        expect(spans).toEqual([expect.objectContaining({ name: 'run train', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' })]);
    });

    it('refuses a run driven by a live process that is not paused, an ended run and an unknown one', async () => {
        const { folder, store } = project();
        recordRun(store, 'run-live', { a: TaskState.Running }, { driver: currentDriver() });
        recordRun(store, 'run-done', {});
        store.finishRun('run-done', 'completed', 2);
        const io = testIo(folder);
        expect(await userErrorOf(resume({ run: 'run-live' }, io))).toBe(`run run-live is already driven by process ${process.pid} on ${currentDriver().host}; a run has one driver: wait for it to end, or stop it with \`weft cancel run-live\``);
        expect(await userErrorOf(resume({ run: 'run-done' }, io))).toBe('run run-done has already finished (completed); only an interrupted run can be resumed');
        expect(await userErrorOf(resume({ run: 'nope' }, io))).toBe('there is no run nope in this project (see `weft runs`)');
        expect(store.run('run-live')?.driver).toEqual(currentDriver());
    });
});
