import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pythonSources } from '../bundling/python-sources.js';
import { isCommandImplementation, type PlanFunctionImplementation } from '../contract/plan.js';
import { runtimePackageDir } from '../bundling/runtime-package.js';
import type { AttemptResult, AttemptSpec } from './executor.js';
import type { SandboxLaunch } from './gvisor/oci-config.js';
import { PythonInterpreterError } from './python-errors.js';
import { pythonEnvironment, pythonWorkerCommand } from './python-command.js';
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
    /** Folders (absolute, on the host) put on the step's module path after its own folder and the project root: the run's generated Python contracts. */
    readonly pythonModulePath?: readonly string[];
}

export function isPythonStep(spec: AttemptSpec): boolean {
    const implementation = spec.step.implementation;
    return !isCommandImplementation(implementation) && implementation.language === 'python';
}

/** The Python function a step's attempt calls. */
function pythonFunction(step: AttemptSpec['step']): PlanFunctionImplementation {
    const implementation = step.implementation;
    if (isCommandImplementation(implementation)) throw new Error(`step ${step.name} runs a command, not a Python function`);
    return implementation;
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

/**
 * The Python worker in a gVisor sandbox. The sandbox's user (65534) may not read the project, so
 * the step's sources (its module and the project modules it imports, python-sources.ts) and the
 * `.py` files of the module path are copied, readable, into the attempt's `python/` folder and
 * mounted read-only at `<work>/project` and `<work>/pythonpath/<n>`; the worker package at
 * `<work>/python`, and the host's `/etc/alternatives`. The interpreter is the host's: one under
 * `/usr` is there as it is; a virtual environment in the project is mounted at its place.
 */
export async function pythonSandboxLaunch(spec: AttemptSpec, options: PythonOptions, interpreter: string, work: string): Promise<SandboxLaunch> {
    const root = path.resolve(spec.root);
    const staged = path.join(spec.workDir, 'python');
    await writeReadable(path.join(staged, 'project'), pythonSources(root, pythonFunction(spec.step).module));
    const modulePath = await Promise.all((options.pythonModulePath ?? []).map(async (host, index) => {
        await writeReadable(path.join(staged, `path-${index}`), pythonFilesUnder(host));
        return { destination: `${work}/pythonpath/${index}`, source: path.join(staged, `path-${index}`), readOnly: true };
    }));
    const inProject = path.relative(root, interpreter);
    const isInProject = !inProject.startsWith('..') && !path.isAbsolute(inProject);
    const sandboxed = isInProject ? path.posix.join(work, 'project', inProject.split(path.sep).join('/')) : interpreter;
    // `.venv/bin/python`: the environment is two folders up.
    const environment = isInProject ? [{ destination: path.posix.dirname(path.posix.dirname(sandboxed)), source: path.dirname(path.dirname(interpreter)), readOnly: true }] : [];
    // Its mount point lies inside the read-only project mount, so it is made there first.
    if (isInProject) await mkdir(path.join(staged, 'project', path.dirname(path.dirname(inProject))), { recursive: true, mode: 0o755 });
    const module = path.relative(root, path.resolve(root, pythonFunction(spec.step).module)).split(path.sep).join('/');
    return {
        mounts: [
            { destination: `${work}/python`, source: pythonWorkerDir(), readOnly: true },
            { destination: `${work}/project`, source: path.join(staged, 'project'), readOnly: true },
            ...environment,
            // Debian's shared libraries link through it (numpy's libblas.so.3); it holds only links.
            { destination: '/etc/alternatives', source: '/etc/alternatives', readOnly: true },
            ...modulePath,
        ],
        args: pythonWorkerCommand(sandboxed, {
            workerDir: `${work}/python`, root: `${work}/project`, module: path.posix.join(work, 'project', module), inputDir: `${work}/in`, outDir: `${work}/out`,
        }, pythonFunction(spec.step).export),
        env: Object.entries(pythonEnvironment(modulePath.map(mount => mount.destination))).map(([name, value]) => `${name}=${value}`),
    };
}

/** The `.py` files under `folder` by their place in it (a generated contracts folder, the worker package: small). */
export function pythonFilesUnder(folder: string): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    if (!existsSync(folder)) return files;
    for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.py')) continue;
        const file = path.join(entry.parentPath, entry.name);
        files.set(path.relative(folder, file).split(path.sep).join('/'), readFileSync(file));
    }
    return files;
}

/** Writes `files` under `folder`, every folder and file readable by the sandbox's user. */
async function writeReadable(folder: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
    await mkdir(folder, { recursive: true, mode: 0o755 });
    await chmod(folder, 0o755);
    for (const [place, content] of files) {
        const target = path.join(folder, ...place.split('/'));
        await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
        await writeFile(target, content, { mode: 0o644 });
    }
    for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) if (entry.isDirectory()) await chmod(path.join(entry.parentPath, entry.name), 0o755);
}
