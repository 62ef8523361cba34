// Steps that attack the host through what they leave in out/ (fixtures/hostile-outputs.ts), run
// through the engine with a run store on disk, in real gVisor sandboxes and as processes: links
// to host files, folders, /dev/zero and FIFOs, FIFOs, sparse files, oversized and linked result
// files, undeclared outputs. Each attempt fails for good with a clear cause, nothing reaches the
// artifact store or the message, the host does not hang, and the store stays consistent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanNode, PlanSettings } from '../../src/contract/plan.js';
import { createExecutor, type CreateExecutorOptions } from '../../src/executors/create-executor.js';
import type { Executor } from '../../src/executors/executor.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { traceRuns } from '../../src/tracing/trace-runs.js';
import { output, plan } from '../execution/plan-fixtures.js';
import { memoryTracing } from '../tracing/tracing-fixtures.js';
import { fixtureRoot } from './sandbox-fixtures.js';
import { failedOnce, runNodes, startNodes, stepNode } from './sandbox-runs.js';

const MiB = 1024 * 1024;
const secretText = `host secret ${process.pid} ${Math.random()}`;
const secret = path.join(homedir(), `.weft-output-secret-${process.pid}`);
const hostFifo = path.join(tmpdir(), `weft-output-fifo-${process.pid}`);

/** A node calling `step` of fixtures/hostile-outputs.ts. */
function hostile(id: string, step: string, args: Record<string, string | number>, outputs: readonly string[] = ['leak'], settings: PlanSettings = {}): PlanNode {
    const base = stepNode(id, step, args, settings, outputs);
    return { ...base, call: { ...base.call, implementation: { module: 'hostile-outputs.ts', export: step } } } as PlanNode;
}

/** An executor with an artifact store of its own, so a test can see exactly what was stored. */
function executorWithStore(kind: 'gvisor' | 'process', options: CreateExecutorOptions = {}): { executor: Executor; cacheDir: string } {
    const cacheDir = mkdtempSync(path.join(tmpdir(), `weft-output-reads-${kind}-`));
    return { executor: createExecutor(kind, { cacheDir, gracePeriodMs: 1000, ...options }), cacheDir };
}

/** Every file under the store's folder, partial copies included. */
function storedFiles(cacheDir: string): string[] {
    const dir = path.join(cacheDir, 'artifacts');
    return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter(entry => !entry.isDirectory()).map(entry => entry.name) : [];
}

/** Runs one hostile step; it must fail for good with the store consistent, leaving nothing stored and no secret in the message. */
async function refused(kind: 'gvisor' | 'process', node: PlanNode, options: CreateExecutorOptions = {}): Promise<string> {
    const { executor, cacheDir } = executorWithStore(kind, options);
    const run = await runNodes([node], executor);
    expect(run.result.status).toBe('failed');
    const message = failedOnce(run, node.id);
    expect(message).not.toContain(secretText);
    expect(message).not.toMatch(/root:/);
    expect(storedFiles(cacheDir)).toEqual([]);
    expect(run.store.tasks(run.runId)[0]?.outputs).toBeUndefined();
    // Its folders go now: a hostile step's out/ may hold hundreds of MiB.
    rmSync(path.dirname(run.storeFile), { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
    return message;
}

const kinds = ['gvisor', 'process'] as const;

describe('what a step leaves in out/ is read by the host safely', () => {
    beforeAll(() => {
        writeFileSync(secret, secretText, { mode: 0o600 });
        spawnSync('mkfifo', [hostFifo]);
    });
    afterAll(() => {
        rmSync(secret, { force: true });
        rmSync(hostFifo, { force: true });
    });

    it.each(kinds)('%s: a File that links to a host file is refused, not copied', async kind => {
        for (const target of [secret, '/etc/shadow']) {
            const message = await refused(kind, hostile('s', 'linkOut', { target, name: 'leak.txt', inner: '' }));
            expect(message, target).toBe('output leak: out/leak.txt is a symbolic link; the host does not follow links a step leaves');
        }
    });

    it.each(kinds)('%s: a File beneath a linked folder is refused', async kind => {
        const message = await refused(kind, hostile('s', 'linkFolderOut', { target: path.dirname(secret), inner: path.basename(secret) }));
        expect(message).toBe(`output leak: out/sub/linked/${path.basename(secret)} is reached through a symbolic link (sub/linked); the host does not follow links a step leaves`);
        // The same with the link as out/'s direct child.
        const direct = await refused(kind, hostile('s', 'linkOut', { target: '/etc', name: 'etc', inner: 'shadow' }));
        expect(direct).toBe('output leak: out/etc/shadow is reached through a symbolic link (etc); the host does not follow links a step leaves');
    });

    it.each(kinds)('%s: links to /dev/zero and to a FIFO fail at once instead of hashing forever or blocking', async kind => {
        for (const target of ['/dev/zero', hostFifo]) {
            const started = Date.now();
            const message = await refused(kind, hostile('s', 'linkOut', { target, name: 'data.bin', inner: '' }));
            expect(message, target).toBe('output leak: out/data.bin is a symbolic link; the host does not follow links a step leaves');
            expect(Date.now() - started, target).toBeLessThan(20_000);
        }
    });

    it.each(kinds)('%s: a FIFO the step makes in out/ is refused without blocking', async kind => {
        const message = await refused(kind, hostile('s', 'fifoOut', {}));
        // gVisor keeps a FIFO made inside the sandbox in its own kernel: the host's out/ never gets one.
        expect(message).toBe(kind === 'gvisor' ? 'output leak: out/pipe.txt does not exist' : 'output leak: out/pipe.txt is a FIFO, not a regular file');
    });

    it.each(kinds)('%s: outputs.json and failure.json linked to a host file are refused without quoting it; garbled ones too', async kind => {
        const outputs = await refused(kind, hostile('s', 'linkResultFile', { file: 'outputs.json', target: secret }, []));
        expect(outputs).toBe('out/outputs.json is a symbolic link; the host does not follow links a step leaves');
        const failure = await refused(kind, hostile('s', 'linkResultFile', { file: 'failure.json', target: secret }, []));
        expect(failure).toBe('out/failure.json is a symbolic link; the host does not follow links a step leaves');
        // Not JSON: the message does not quote the content either.
        const garbled = await refused(kind, hostile('s', 'notJson', {}, []));
        expect(garbled).toBe('out/outputs.json is not valid JSON');
        // Nested past the decoder's stack: refused with the cause, not a crash.
        const deep = await refused(kind, hostile('s', 'deepOutputs', { depth: 200_000 }, ['text']));
        expect(deep).toBe('out/outputs.json cannot be decoded: Maximum call stack size exceeded');
    });

    it.each(kinds)('%s: a 300 MiB outputs.json is refused from its size, without reading it', async kind => {
        const started = Date.now();
        const rss = process.memoryUsage().rss;
        const message = await refused(kind, hostile('s', 'hugeOutputs', { mebibytes: 300 }, ['text']));
        expect(message).toBe('out/outputs.json is 300.0 MiB, more than the 16 MiB allowed (maxOutputBytes); return big data as a File or Dataset artifact instead');
        expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MiB);
        console.info(`${kind}: a 300 MiB outputs.json refused in ${Date.now() - started} ms (the step writing it included)`);
    });

    it.each(kinds)('%s: an output the step does not declare is refused and not stored', async kind => {
        const message = await refused(kind, hostile('s', 'undeclared', {}, ['text']));
        expect(message).toBe('s returned outputs that do not match its step: smuggled is not an output the step declares (it declares text)');
    });

    it.each(kinds)('%s: a sparse file past the artifact limit is refused from its size, not hashed', async kind => {
        const started = Date.now();
        const huge = await refused(kind, hostile('s', 'sparseOut', { gibibytes: 64 }));
        expect(huge).toBe('output leak: out/sparse.bin is 64 GiB, more than the 4 GiB an attempt\'s artifacts may take together (maxArtifactBytes)');
        // The limit is the executor's option.
        const small = await refused(kind, hostile('s', 'sparseOut', { gibibytes: 1 }), { maxArtifactBytes: 256 * MiB });
        expect(small).toBe('output leak: out/sparse.bin is 1 GiB, more than the 256 MiB an attempt\'s artifacts may take together (maxArtifactBytes)');
        expect(Date.now() - started).toBeLessThan(30_000);
    });

    it.each(kinds)('%s: cancelling the run while the host hashes an artifact stops the hashing at once', async kind => {
        const { executor, cacheDir } = executorWithStore(kind);
        const cancel = new AbortController();
        // 3 GiB (within the default limit) takes the host seconds to hash and copy.
        const started = startNodes([hostile('s', 'sparseOut', { gibibytes: 3 })], executor, { signal: cancel.signal });
        const partial = path.join(cacheDir, 'artifacts');
        await until(() => existsSync(partial) && readdirSync(partial).some(name => name.endsWith('.partial')), 60_000);
        const cancelledAt = Date.now();
        cancel.abort();
        const { result, store } = await started.running;
        const took = Date.now() - cancelledAt;
        console.info(`${kind}: a cancel during hashing settled in ${took} ms`);
        expect(took).toBeLessThan(1000);
        expect(result.status).toBe('cancelled');
        expect(store.tasks(started.runId)).toMatchObject([{ id: 's', state: 'cancelled' }]);
        expect(store.attempts(started.runId, 's')).toMatchObject([{ status: 'cancelled' }]);
        expect(storedFiles(cacheDir)).toEqual([]);
        rmSync(path.dirname(started.workRoot), { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
    });

    it('process: the step\'s timeout stops the host hashing its artifact too', async () => {
        const { executor, cacheDir } = executorWithStore('process');
        const timeoutMs = 5000;
        // 3.5 GiB take the host far longer than the timeout to hash and copy; the step itself takes about a second.
        const started = startNodes([hostile('s', 'sparseOut', { gibibytes: 3.5 }, ['leak'], { timeout: { kind: 'quantity', unit: 'duration', value: timeoutMs } })], executor);
        const partial = path.join(cacheDir, 'artifacts');
        await until(() => existsSync(partial) && readdirSync(partial).some(name => name.endsWith('.partial')), timeoutMs);
        const hashingAt = Date.now();
        const { result, store } = await started.running;
        console.info(`process: the run ended ${Date.now() - hashingAt} ms after hashing began (timeout ${timeoutMs} ms from the attempt's start)`);
        expect(Date.now() - hashingAt).toBeLessThan(timeoutMs + 1000);
        expect(result.status).toBe('failed');
        expect(store.tasks(started.runId)).toMatchObject([{ id: 's', state: 'failed', failure: { message: `s timed out after ${timeoutMs} ms` } }]);
        expect(store.attempts(started.runId, 's')).toMatchObject([{ status: 'timed-out', message: `s timed out after ${timeoutMs} ms` }]);
        expect(storedFiles(cacheDir)).toEqual([]);
        rmSync(path.dirname(started.workRoot), { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
    });

    it.each(kinds)('%s: a spans.json linked to a host file or /dev/zero is not read; the run completes with a warning', async kind => {
        for (const target of [secret, '/dev/zero']) {
            const { exporter, provider } = memoryTracing();
            const store = new SqliteRunStore(':memory:');
            const { executor, cacheDir } = executorWithStore(kind);
            const traced = traceRuns({ tracer: provider.getTracer('test'), store, executor });
            const workRoot = mkdtempSync(path.join(tmpdir(), 'weft-output-reads-spans-'));
            const result = await runPipeline(plan([hostile('s', 'linkSpans', { target }, [])]), {}, { root: fixtureRoot, workRoot, store: traced.store, executor: traced.executor, runId: 'spans' });
            await provider.forceFlush();
            expect(result.status, target).toBe('completed');
            const warnings = store.events('spans', 's').map(event => event.message).filter(message => message.startsWith('the step\'s spans'));
            expect(warnings, target).toEqual(['the step\'s spans could not be read: out/spans.json is a symbolic link; the host does not follow links a step leaves']);
            expect(exporter.getFinishedSpans().map(span => span.name).sort()).toEqual(['attempt s #1', 'run test', 'task s']);
            store.close();
            rmSync(workRoot, { recursive: true, force: true });
            rmSync(cacheDir, { recursive: true, force: true });
        }
    });

    it('gvisor: artifacts are not world-readable, and a later sandboxed step still reads its input artifact', async () => {
        const { executor, cacheDir } = executorWithStore('gvisor');
        const producer = hostile('w', 'writeReport', { text: 'made in a sandbox' }, ['report']);
        const consumer = { ...hostile('r', 'readReport', {}, ['text', 'uid']), arguments: { report: output('w', 'report') }, needs: ['w'] };
        const run = await runNodes([producer, consumer], executor);
        expect(run.result.status, JSON.stringify(run.store.tasks(run.runId).map(task => task.failure))).toBe('completed');
        const tasks = run.store.tasks(run.runId);
        expect(tasks.find(task => task.id === 'r')?.outputs).toEqual({ text: 'made in a sandbox', uid: 65534 });
        const report = (tasks.find(task => task.id === 'w')?.outputs as { report: { $weft: string; path: string } }).report;
        expect(report.$weft).toBe('file');
        expect(readFileSync(report.path, 'utf8')).toBe('made in a sandbox');
        // The store's folder is its owner's alone; the files in it are read-only.
        expect(statSync(path.join(cacheDir, 'artifacts')).mode & 0o777).toBe(0o700);
        expect(statSync(report.path).mode & 0o777).toBe(0o444);
        expect(storedFiles(cacheDir).filter(name => name.endsWith('.partial'))).toEqual([]);
        rmSync(path.dirname(run.storeFile), { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
    });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out waiting');
        await new Promise(resolve => setTimeout(resolve, 10));
    }
}
