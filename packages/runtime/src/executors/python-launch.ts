import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { runtimePackageDir } from '../bundling/runtime-package.js';
import type { AttemptResult, AttemptSpec } from './executor.js';
import { PythonInterpreterError } from './python-errors.js';
import type { AttemptFolders } from './worker-attempt.js';

/**
 * Python steps (`run: "./steps/train.py#train"`): no bundle, the Python worker shipped in
 * `@weft/runtime/python` runs the step's module from the project (docs/runtime.md, "Python steps").
 */

/** Where the interpreter is named when the executor is not told: the environment, else `python3` on `PATH`. */
export const PYTHON_ENVIRONMENT_VARIABLE = 'WEFT_PYTHON';

export interface PythonOptions {
    /** The interpreter: a name looked up on `PATH`, or a path (relative to the project root), e.g. a virtual environment's `./.venv/bin/python`. Default: `$WEFT_PYTHON`, else `python3`. */
    readonly python?: string;
}

export function isPythonStep(spec: AttemptSpec): boolean {
    return spec.step.implementation.language === 'python';
}

/** The folder holding the `weft_worker` package (and the fallback `weft_contract.py`). */
export function pythonWorkerDir(): string {
    const dir = path.join(runtimePackageDir(), 'python');
    if (!existsSync(path.join(dir, 'weft_worker', '__main__.py'))) throw new Error(`the Python worker ${path.join(dir, 'weft_worker')} is missing from @weft/runtime`);
    return dir;
}

/** The interpreter as configured: a name for `PATH` or a path. */
export function pythonInterpreter(options: PythonOptions): string {
    return options.python ?? process.env[PYTHON_ENVIRONMENT_VARIABLE] ?? 'python3';
}

/** The interpreter's file on the host: a path against the project root, a name on `searchPath`. Throws `PythonInterpreterError`. */
export function locatePython(spec: AttemptSpec, interpreter: string, searchPath: string): string {
    const candidates = interpreter.includes('/')
        ? [path.resolve(spec.root, interpreter)]
        : searchPath.split(path.delimiter).filter(dir => dir !== '').map(dir => path.join(dir, interpreter));
    for (const candidate of candidates) {
        try {
            accessSync(candidate, constants.X_OK);
            if (statSync(candidate).isFile()) return candidate;
        } catch { /* the next one */ }
    }
    throw new PythonInterpreterError(spec.taskId, `\`${interpreter}\``, interpreter.includes('/') ? `is not an executable file (${candidates[0]})` : 'is not on PATH');
}

/** Makes the attempt's `in/` and `out/` folders; the step's module is read from the project where it is. */
export async function preparePythonAttempt(spec: AttemptSpec, options: PythonOptions, searchPath: string): Promise<{ readonly folders: AttemptFolders; readonly interpreter: string } | { readonly failed: AttemptResult }> {
    let interpreter: string;
    try {
        interpreter = locatePython(spec, pythonInterpreter(options), searchPath);
    } catch (error) {
        return { failed: { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } } };
    }
    const folders = { inputDir: path.join(spec.workDir, 'in'), outDir: path.join(spec.workDir, 'out') };
    await mkdir(folders.inputDir, { recursive: true });
    await mkdir(folders.outDir, { recursive: true });
    return { folders, interpreter };
}

/** The command line of the Python worker, with paths as the worker sees them. */
export function pythonWorkerCommand(interpreter: string, paths: { readonly workerDir: string; readonly root: string; readonly module: string; readonly inputDir: string; readonly outDir: string }, step: AttemptSpec['step']): string[] {
    return [interpreter, '-B', '-u', path.posix.join(paths.workerDir, 'weft_worker', '__main__.py'), paths.root, paths.module, step.implementation.export, paths.inputDir, paths.outDir];
}

/** No bytecode written into the project, unbuffered UTF-8 output so log lines arrive as they are written. */
export const PYTHON_ENVIRONMENT: Readonly<Record<string, string>> = { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
