/**
 * The worker: runs one attempt of one step inside a sandbox or child process.
 * `node worker-entry.js <step bundle> <input folder> <out folder>`: reads `inputs.json` from
 * the input folder, calls the bundle's `step` export with typed inputs and a context, and
 * writes `outputs.json` (or `failure.json`) to the out folder. It imports only node builtins
 * and its protocol, so it runs wherever node does.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stepStack } from './step-stack.js';
import { workerTrace } from './worker-spans.js';
import { FAILURE_FILE, INPUTS_FILE, OUTPUTS_FILE, type WorkerFailure, type WorkerInputs, WorkerExit } from './worker-protocol.js';

interface StepBundleModule {
    step: unknown;
    encodeValue(value: unknown): unknown;
    decodeValue(value: unknown): unknown;
}

type Level = 'debug' | 'info' | 'warn' | 'error';

async function main(argv: readonly string[]): Promise<number> {
    const [bundleFile, inputDir, outDir] = argv;
    if (!bundleFile || !inputDir || !outDir) return fail(outDir ?? '.', 'worker', new Error('usage: worker-entry.js <bundle> <input folder> <out folder>'));
    let bundle: StepBundleModule;
    let spec: WorkerInputs;
    // Before the bundle loads: its inline source map then maps a step's stack to the TypeScript lines.
    process.setSourceMapsEnabled(true);
    try {
        spec = JSON.parse(readFileSync(path.join(inputDir, INPUTS_FILE), 'utf8')) as WorkerInputs;
        bundle = await import(pathToFileURL(bundleFile).href) as StepBundleModule;
        if (typeof bundle.step !== 'function') throw new Error(`the bundle of ${spec.step} exports no step function`);
        const declared = (bundle.step as { contract?: { contractHash?: string } }).contract?.contractHash;
        if (declared !== undefined && declared !== spec.contractHash) {
            throw new Error(`the implementation of ${spec.step} was generated for another contract than the plan's; regenerate with \`weft generate\``);
        }
    } catch (error) {
        return fail(outDir, 'worker', error);
    }
    const controller = new AbortController();
    process.once('SIGTERM', () => controller.abort(new Error('the attempt was stopped (SIGTERM)')));
    const log = (level: Level) => (message: string, fields?: Readonly<Record<string, unknown>>): void => {
        // One JSON line per entry on stderr; the executor turns them into run events.
        process.stderr.write(`${JSON.stringify({ weftLog: level, message, ...(fields === undefined ? {} : { fields }) })}\n`);
    };
    const tracing = workerTrace(process.env);
    const context = {
        node: spec.node,
        attempt: spec.attempt,
        signal: controller.signal,
        logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
        trace: tracing.trace,
        workDir: outDir,
    };
    let outputs: unknown;
    try {
        outputs = await (bundle.step as (inputs: unknown, context: unknown) => unknown)(bundle.decodeValue(spec.inputs), context);
    } catch (error) {
        writeSpans(tracing.write, outDir);
        return fail(outDir, 'step', error, true, stepStack(error, bundleFile), raisedBy(error, bundle));
    }
    writeSpans(tracing.write, outDir);
    if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
        return fail(outDir, 'step', new Error(`${spec.step} returned ${JSON.stringify(outputs)} instead of an outputs record`), false);
    }
    try {
        writeFileSync(path.join(outDir, OUTPUTS_FILE), JSON.stringify(bundle.encodeValue(outputs)));
    } catch (error) {
        return fail(outDir, 'worker', error, false);
    }
    return WorkerExit.completed;
}

/**
 * Writes `failure.json`. `retryable` says whether running the attempt again could end otherwise;
 * the host decides whether it does (a step's own error only when its `retry` has `stepErrors`).
 * A step's failure carries the stack it is given (its own frames, mapped); the worker's, its own.
 */
function fail(outDir: string, origin: WorkerFailure['origin'], error: unknown, retryable = origin === 'step',
    stack = origin === 'worker' && error instanceof Error ? error.stack : undefined, raised?: WorkerFailure['raised']): number {
    const failure: WorkerFailure = {
        message: error instanceof Error ? error.message : String(error),
        name: error instanceof Error ? error.name : 'Error',
        origin,
        retryable,
        ...(stack === undefined ? {} : { stack }),
        ...(raised === undefined ? {} : { raised }),
    };
    try {
        writeFileSync(path.join(outDir, FAILURE_FILE), JSON.stringify(failure));
    } catch {
        process.stderr.write(`${JSON.stringify({ weftFailure: failure })}\n`);
    }
    return origin === 'step' ? WorkerExit.stepFailed : WorkerExit.workerFailed;
}

/**
 * The declared error a step threw through its generated constructor (`RaisedError` of
 * @weft/contract, recognised by shape: the worker imports nothing of Weft's), its fields encoded
 * like outputs; the host checks them against the error's type.
 */
function raisedBy(error: unknown, bundle: StepBundleModule): WorkerFailure['raised'] {
    const raised = (error as { weftRaised?: { type?: unknown; fields?: unknown } } | null | undefined)?.weftRaised;
    if (typeof raised?.type !== 'string') return undefined;
    try {
        return { type: raised.type, fields: bundle.encodeValue(raised.fields) };
    } catch {
        return { type: raised.type, fields: null };
    }
}

/** Spans are a by-product: failing to write them is logged, never the attempt's failure. */
function writeSpans(write: (outDir: string) => void, outDir: string): void {
    try {
        write(outDir);
    } catch (error) {
        process.stderr.write(`${JSON.stringify({ weftLog: 'warn', message: `the step's spans were not recorded: ${error instanceof Error ? error.message : String(error)}` })}\n`);
    }
}

// The exit code carries the outcome; set it rather than exit, so pending writes flush.
process.exitCode = await main(process.argv.slice(2));
