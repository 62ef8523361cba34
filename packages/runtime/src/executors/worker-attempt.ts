import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ArtifactStore } from '../artifacts/artifact-store.js';
import { AttemptFileError, readAttemptJson, type ReadLimit } from '../artifacts/attempt-files.js';
import { outputsMismatch } from '../artifacts/step-boundary.js';
import { type PathResolver, storeOutputs } from '../artifacts/store-outputs.js';
import { bundleStep, type StepBundle } from '../bundling/bundle-step.js';
import type { GeneratedModules } from '../bundling/generated-modules.js';
import { isCommandImplementation } from '../contract/plan.js';
import type { AttemptFailure } from '../plan/failure.js';
import { decodeValue, encodeValue } from '../store/value-codec.js';
import { FAILURE_FILE, INPUTS_FILE, OUTPUTS_FILE, type WorkerFailure, type WorkerInputs } from '../worker/worker-protocol.js';
import type { AttemptResult, AttemptSpec } from './executor.js';

/** Where an out-of-process attempt keeps bundles and artifacts, and how much of what it leaves the host reads. */
export interface WorkerExecutorOptions {
    /** Bundles go to `<cacheDir>/bundles`, artifacts to `<cacheDir>/artifacts` (default `<root>/.weft`). */
    readonly cacheDir?: string;
    /** The most bytes an attempt's `out/outputs.json` may have (default {@link DEFAULT_MAX_OUTPUT_BYTES}). */
    readonly maxOutputBytes?: number;
    /** The most bytes an attempt's artifacts in `out/` may take together, sparse files at their full size (default {@link DEFAULT_MAX_ARTIFACT_BYTES}). */
    readonly maxArtifactBytes?: number;
    /** The generated modules of the run's `.weft` sources, which bundles take instead of stale or missing ones on disk. */
    readonly generatedModules?: GeneratedModules;
}

/** 16 MiB: outputs are values (they go into the run store); big data belongs in artifacts. */
const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** 4 GiB: what hashing and copying one attempt's artifacts may cost the host (≈ 10 s, and the disk). */
const DEFAULT_MAX_ARTIFACT_BYTES = 4 * 1024 * 1024 * 1024;
/** `failure.json` holds a message and a stack; the message is cut to a log line's length once read, and 4 MiB leaves room for a long one. */
const FAILURE_LIMIT: ReadLimit = { bytes: 4 * 1024 * 1024, name: 'failure.json holds a message and a stack' };

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
async function prepareAttempt(spec: AttemptSpec, options: WorkerExecutorOptions): Promise<{ bundle: StepBundle; folders: AttemptFolders }> {
    const implementation = spec.step.implementation;
    if (isCommandImplementation(implementation)) throw new Error(`step ${spec.step.name} runs a command, which has no bundle`);
    const bundle = await bundleStep(spec.root, implementation.module, implementation.export, cacheDirOf(spec, options), options.generatedModules);
    return { bundle, folders: await makeAttemptFolders(spec) };
}

/** Makes the attempt's `in/` and `out/` folders. */
export async function makeAttemptFolders(spec: AttemptSpec): Promise<AttemptFolders> {
    const folders = { inputDir: path.join(spec.workDir, 'in'), outDir: path.join(spec.workDir, 'out') };
    await mkdir(folders.inputDir, { recursive: true });
    await mkdir(folders.outDir, { recursive: true });
    return folders;
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
 * without either file (a kill, an out-of-memory, a crash of node itself). Everything is read
 * as attempt-files.ts reads a step's files (no links, regular files, bounded sizes); what the
 * host refuses fails the attempt without retry, and `signal` stops the hashing.
 */
export async function readAttemptResult(
    spec: AttemptSpec, options: WorkerExecutorOptions, folders: AttemptFolders, exit: WorkerExit,
    resolve: PathResolver, describeExit: (exit: WorkerExit) => AttemptFailure, signal?: AbortSignal,
): Promise<AttemptResult> {
    try {
        const encoded = exit.exitCode === 0 ? await readAttemptJson(folders.outDir, OUTPUTS_FILE, outputsLimit(options)) : undefined;
        if (encoded !== undefined) {
            if (typeof encoded !== 'object' || encoded === null || Array.isArray(encoded)) throw new AttemptFileError(`out/${OUTPUTS_FILE}`, 'does not hold a record of outputs');
            const outputs = decodeOutputs(encoded);
            // Checked before anything is stored; the engine checks again with the inputs' dimensions and the datasets' records.
            const mismatch = spec.outputs && outputsMismatch(spec.taskId, spec.outputs, outputs);
            if (mismatch) return { status: 'failed', failure: { message: mismatch.message, retryable: false, cause: mismatch } };
            const store = new ArtifactStore(path.join(cacheDirOf(spec, options), 'artifacts'));
            const stored = await storeOutputs(outputs, store, resolve, {
                outDir: folders.outDir, maxArtifactBytes: options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES, ...(signal ? { signal } : {}),
            });
            return { status: 'completed', outputs: stored.outputs, artifacts: stored.artifacts };
        }
        const failure = await readAttemptJson(folders.outDir, FAILURE_FILE, FAILURE_LIMIT);
        if (failure !== undefined) {
            if (!isFailureRecord(failure)) throw new AttemptFileError(`out/${FAILURE_FILE}`, 'is not a failure record (an object with a string `message`)');
            // Without `origin` it is a command's own failure (docs/runtime.md, "File protocol for command steps").
            const kind = failure.origin === undefined ? { kind: 'step' as const } : {};
            return { status: 'failed', failure: { message: failure.message, retryable: failure.retryable === true, exitCode: exit.exitCode, ...kind, cause: failure } };
        }
        return { status: 'failed', failure: describeExit(exit) };
    } catch (error) {
        return { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } };
    }
}

/** The decoded outputs; a value the codec cannot decode (a bad tensor, nesting past the stack) is the file's fault. */
function decodeOutputs(encoded: object): Record<string, unknown> {
    try {
        return decodeValue(encoded) as Record<string, unknown>;
    } catch (error) {
        throw new AttemptFileError(`out/${OUTPUTS_FILE}`, `cannot be decoded: ${error instanceof Error ? error.message : String(error)}`);
    }
}

function outputsLimit(options: WorkerExecutorOptions): ReadLimit {
    return { bytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, name: 'maxOutputBytes', advice: 'return big data as a File or Dataset artifact instead' };
}

/** A worker's `failure.json`, or a command's: `message` required, `retryable` (default false) and `origin` optional. */
function isFailureRecord(value: unknown): value is Pick<WorkerFailure, 'message'> & Partial<WorkerFailure> {
    const record = value as Partial<WorkerFailure> | null;
    return typeof record === 'object' && record !== null && !Array.isArray(record) && typeof record.message === 'string'
        && (record.retryable === undefined || typeof record.retryable === 'boolean');
}

/** A resolver for output handles: paths under `out/` (as the worker saw it, relative to it) and input handles passed on (their host paths). */
export function outputResolver(workerOutDir: string, inputs: readonly InputMount[]): PathResolver {
    return workerPath => {
        const relative = path.relative(workerOutDir, workerPath);
        if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return { out: relative };
        const input = inputs.find(candidate => candidate.worker === workerPath);
        return input && { input: input.host };
    };
}
