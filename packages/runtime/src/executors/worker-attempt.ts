import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ArtifactStore } from '../artifacts/artifact-store.js';
import { checkOutputs } from '../artifacts/check-outputs.js';
import { storeOutputs } from '../artifacts/store-outputs.js';
import { bundleStep, type StepBundle } from '../bundling/bundle-step.js';
import type { AttemptFailure } from '../execution/failure.js';
import { decodeValue, encodeValue } from '../store/value-codec.js';
import { FAILURE_FILE, INPUTS_FILE, OUTPUTS_FILE, type WorkerFailure, type WorkerInputs } from '../worker/worker-protocol.js';
import type { AttemptResult, AttemptSpec } from './executor.js';

/** Where an out-of-process attempt keeps bundles and artifacts. */
export interface WorkerExecutorOptions {
    /** Bundles go to `<cacheDir>/bundles`, artifacts to `<cacheDir>/artifacts` (default `<root>/.weft`). */
    readonly cacheDir?: string;
}

/** The host folders of one attempt: `in/` (read-only for the step) and `out/`. */
export interface AttemptFolders {
    readonly inputDir: string;
    readonly outDir: string;
}

/** An input handle: its host path and the path the worker sees it at. */
export interface InputMount {
    readonly host: string;
    readonly worker: string;
}

export function cacheDirOf(spec: AttemptSpec, options: WorkerExecutorOptions): string {
    return options.cacheDir ?? path.join(spec.root, '.weft');
}

/** A prepared attempt, or the failed result of preparing it (a module that cannot be bundled: no retry helps). */
export type AttemptPreparation =
    | { readonly bundle: StepBundle; readonly folders: AttemptFolders }
    | { readonly failed: AttemptResult };

/** {@link prepareAttempt}, with a failure to prepare turned into the attempt's result. */
export async function prepareAttemptOrFail(spec: AttemptSpec, options: WorkerExecutorOptions): Promise<AttemptPreparation> {
    try {
        return await prepareAttempt(spec, options);
    } catch (error) {
        return { failed: { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } } };
    }
}

/** Bundles the step and makes the attempt's `in/` and `out/` folders. */
export async function prepareAttempt(spec: AttemptSpec, options: WorkerExecutorOptions): Promise<{ bundle: StepBundle; folders: AttemptFolders }> {
    const bundle = await bundleStep(spec.root, spec.step.implementation.module, spec.step.implementation.export, cacheDirOf(spec, options));
    const folders = { inputDir: path.join(spec.workDir, 'in'), outDir: path.join(spec.workDir, 'out') };
    await mkdir(folders.inputDir, { recursive: true });
    await mkdir(folders.outDir, { recursive: true });
    return { bundle, folders };
}

/**
 * Writes `in/inputs.json`: the encoded inputs with each handle's path replaced by
 * `workerPath(hostPath)` (identity for a child process, a mount point in a sandbox).
 */
export async function writeInputs(spec: AttemptSpec, folders: AttemptFolders, workerPath: (host: string, index: number) => string): Promise<InputMount[]> {
    const mounts: InputMount[] = [];
    const byHost = new Map<string, string>();
    const remap = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(remap);
        if (typeof value !== 'object' || value === null) return value;
        const record = value as Record<string, unknown>;
        if ((record['$weft'] === 'dataset' || record['$weft'] === 'model' || record['$weft'] === 'file') && typeof record['path'] === 'string') {
            const host = path.resolve(spec.root, record['path']);
            let worker = byHost.get(host);
            if (worker === undefined) {
                worker = workerPath(host, mounts.length);
                byHost.set(host, worker);
                mounts.push({ host, worker });
            }
            return { ...record, path: worker };
        }
        return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, remap(entry)]));
    };
    const content: WorkerInputs = {
        inputs: remap(encodeValue(spec.inputs)) as Record<string, unknown>,
        node: spec.node,
        attempt: spec.attempt,
        contractHash: spec.step.contractHash,
        step: spec.step.name,
    };
    await writeFile(path.join(folders.inputDir, INPUTS_FILE), JSON.stringify(content), { mode: 0o644 });
    return mounts;
}

/** How the worker process ended, as the executor saw it. */
export interface WorkerExit {
    /** The exit code, or 128 + signal number for a signal. */
    readonly exitCode: number;
    /** The last lines of stderr that were not log entries. */
    readonly stderrTail: string;
}

/**
 * Reads what the worker left in `out/`: outputs (checked against the declared types and
 * hashed into the artifact store) or its structured failure. `describeExit` explains an exit
 * without either file (a kill, an out-of-memory, a crash of node itself).
 */
export async function readAttemptResult(
    spec: AttemptSpec, options: WorkerExecutorOptions, folders: AttemptFolders, exit: WorkerExit,
    resolve: (workerPath: string) => string | undefined, describeExit: (exit: WorkerExit) => AttemptFailure,
): Promise<AttemptResult> {
    const failureFile = path.join(folders.outDir, FAILURE_FILE);
    const outputsFile = path.join(folders.outDir, OUTPUTS_FILE);
    if (exit.exitCode === 0 && existsSync(outputsFile)) {
        const outputs = decodeValue(JSON.parse(await readFile(outputsFile, 'utf8'))) as Record<string, unknown>;
        const mismatch = spec.outputs && checkOutputs(spec.taskId, spec.outputs, outputs);
        if (mismatch) return { status: 'failed', failure: { message: mismatch.message, retryable: false, cause: mismatch } };
        try {
            const stored = await storeOutputs(outputs, new ArtifactStore(path.join(cacheDirOf(spec, options), 'artifacts')), resolve);
            return { status: 'completed', outputs: stored.outputs, artifacts: stored.artifacts };
        } catch (error) {
            return { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } };
        }
    }
    if (existsSync(failureFile)) {
        const failure = JSON.parse(await readFile(failureFile, 'utf8')) as WorkerFailure;
        return { status: 'failed', failure: { message: failure.message, retryable: failure.retryable, exitCode: exit.exitCode, cause: failure } };
    }
    return { status: 'failed', failure: describeExit(exit) };
}

/** A resolver for output handles: paths under `out/` (as the worker saw it) and input handles passed on. */
export function outputResolver(workerOutDir: string, hostOutDir: string, inputs: readonly InputMount[]): (workerPath: string) => string | undefined {
    return workerPath => {
        const relative = path.relative(workerOutDir, workerPath);
        if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return path.join(hostOutDir, relative);
        return inputs.find(input => input.worker === workerPath)?.host;
    };
}
