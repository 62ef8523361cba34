import * as path from 'node:path';

/**
 * How the Python worker is started, wherever it runs (a process, a sandbox, a Job's pod, the Argo
 * binder): no imports beyond `node:path`, so the binder's bundle stays small.
 */

/** The command line of the Python worker, with paths as the worker sees them. */
export function pythonWorkerCommand(interpreter: string, paths: { readonly workerDir: string; readonly root: string; readonly module: string; readonly inputDir: string; readonly outDir: string }, functionName: string): string[] {
    return [interpreter, '-B', '-u', path.posix.join(paths.workerDir, 'weft_worker', '__main__.py'), paths.root, paths.module, functionName, paths.inputDir, paths.outDir];
}

/** No bytecode written into the project, unbuffered UTF-8 output so log lines arrive as they are written; `PYTHONPATH` from `modulePath`. */
export function pythonEnvironment(modulePath: readonly string[]): Record<string, string> {
    return { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', ...(modulePath.length > 0 ? { PYTHONPATH: modulePath.join(path.delimiter) } : {}) };
}
