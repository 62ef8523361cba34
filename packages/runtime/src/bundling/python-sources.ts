import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BundleError } from './bundle-step.js';
import type { StepCode } from './step-code.js';

/** `import a.b, c` and `from a.b import c` (or `from . import c`) at the start of a line. */
const IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*(?:as[ \t]+\w+)?[ \t]*,[ \t]*[\w.]+)*)/gm;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?[ \t]*([\w \t,]*)/gm;

/** The files that may declare a Python step's dependencies, next to its module or at the project root. */
const DEPENDENCY_FILES = ['requirements.txt', 'pyproject.toml'];

/**
 * The code of a Python step (docs/runtime.md, "Python steps"): its module and the project's
 * modules it imports, found by a scan of `import` lines (followed from each found module; a module
 * outside the project — the standard library, site-packages — is the interpreter's part), the
 * dependency files (`requirements.txt`, `pyproject.toml`) beside the module or at the root, and
 * the interpreter (`$WEFT_PYTHON`, else `python3` on `PATH`, by its real path). Any change in a
 * file, comments included, is a change.
 */
export function pythonStepCode(root: string, implementation: { readonly module: string }, interpreter: string): StepCode {
    const project = path.resolve(root);
    const entry = path.resolve(project, implementation.module);
    if (!existsSync(entry)) throw new BundleError(implementation.module, 'the module does not exist');
    const files: Record<string, string> = {};
    for (const [place, text] of pythonSources(project, implementation.module)) files[place] = digest(text);
    for (const folder of new Set([path.dirname(entry), project])) {
        for (const name of DEPENDENCY_FILES) {
            const file = path.join(folder, name);
            if (isFile(file)) files[path.relative(project, file).split(path.sep).join('/') || name] = digest(readFileSync(file));
        }
    }
    files[`python:${interpreter}`] = digest(Buffer.from(interpreterIdentity(interpreter, project)));
    const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { digest: digest(Buffer.from(JSON.stringify(sorted))), files: sorted };
}

/**
 * The step's module and the project modules it imports, followed from each found module, by their
 * place in the project (`steps/train.py`) with their content; empty when the module does not exist.
 */
export function pythonSources(root: string, module: string): Map<string, Buffer> {
    const project = path.resolve(root);
    const sources = new Map<string, Buffer>();
    const entry = path.resolve(project, module);
    if (!isFile(entry)) return sources;
    const pending = [entry];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        const place = path.relative(project, file).split(path.sep).join('/');
        if (sources.has(place)) continue;
        const text = readFileSync(file);
        sources.set(place, text);
        pending.push(...importedFiles(text.toString('utf8'), file, project));
    }
    return sources;
}

/** The project files `text` (the source of `file`) imports: searched beside `file`, then at the root, as the worker's module path has them. */
export function importedFiles(text: string, file: string, project: string): string[] {
    const found: string[] = [];
    const add = (candidates: readonly string[]): void => {
        for (const candidate of candidates) if (!path.relative(project, candidate).startsWith('..')) found.push(candidate);
    };
    const folders = [path.dirname(file), project];
    for (const match of text.matchAll(IMPORT)) {
        for (const part of match[1]!.split(',')) add(resolveModule(part.trim().split(/[ \t]/)[0]!, folders));
    }
    for (const match of text.matchAll(FROM_IMPORT)) {
        const from = match[1]!;
        const dots = /^\.*/.exec(from)![0].length;
        const name = from.slice(dots);
        // `from .x import y`: relative to the importing package; `from . import y`: y is a module there.
        const bases = dots > 0 ? [path.resolve(path.dirname(file), ...Array<string>(dots - 1).fill('..'))] : folders;
        if (name !== '') add(resolveModule(name, bases));
        for (const imported of match[2]!.split(',').map(item => item.trim().split(/[ \t]/)[0]!).filter(item => /^\w+$/.test(item))) {
            add(resolveModule(name === '' ? imported : `${name}.${imported}`, bases));
        }
    }
    return found;
}

/** `a.b.c` as a file in one of `folders` (`a/b/c.py` or `a/b/c/__init__.py`), with the packages' `__init__.py` on the way; none when not found. */
function resolveModule(name: string, folders: readonly string[]): string[] {
    const parts = name.split('.');
    for (const folder of folders) {
        const base = path.join(folder, ...parts);
        const file = isFile(`${base}.py`) ? `${base}.py` : isFile(path.join(base, '__init__.py')) ? path.join(base, '__init__.py') : undefined;
        if (file === undefined) continue;
        const packages = parts.slice(0, -1).map((_, index) => path.join(folder, ...parts.slice(0, index + 1), '__init__.py')).filter(isFile);
        return [...packages, file];
    }
    return [];
}

/** The interpreter by its real path (`/usr/bin/python3.11`): a path against the project, a name on `PATH`. */
function interpreterIdentity(interpreter: string, project: string): string {
    const candidates = interpreter.includes('/')
        ? [path.resolve(project, interpreter)]
        : (process.env['PATH'] ?? '').split(path.delimiter).filter(dir => dir !== '').map(dir => path.join(dir, interpreter));
    for (const candidate of candidates) {
        try {
            return realpathSync(candidate);
        } catch { /* the next one */ }
    }
    return `${interpreter} (not found)`;
}

function isFile(file: string): boolean {
    try {
        return statSync(file).isFile();
    } catch {
        return false;
    }
}

function digest(content: Buffer): string {
    return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}
