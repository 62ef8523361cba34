import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { PlanCommandImplementation } from '../contract/plan.js';
import type { StepCode } from '../bundling/step-code.js';
import { canonicalJson } from '../caching/digest.js';

/**
 * The code of a command step, for the cache key and `weft resume`: the command's strings, the
 * folder it runs in, and the content of each project file its executable or an argument names
 * (`./steps/double.sh`, `train.py`). What it cannot see: files the command reads without naming
 * them (a module run with `python3 -m`, a script's helpers), and programs outside the project
 * (`python3` itself, its packages); `cache: { version: "…" }` stands for those.
 */
export async function commandCode(root: string, implementation: PlanCommandImplementation): Promise<StepCode> {
    const files: Record<string, string> = {};
    for (const file of await namedProjectFiles(root, implementation)) {
        files[file] = `sha256:${createHash('sha256').update(await readFile(path.join(root, file))).digest('hex')}`;
    }
    const digest = createHash('sha256').update(canonicalJson({ command: implementation.command, directory: implementation.directory, files })).digest('hex');
    return { digest: `sha256:${digest}`, files };
}

/** The regular files inside `root` that the command's strings name, relative to `root` with `/`, each once. */
export async function namedProjectFiles(root: string, implementation: PlanCommandImplementation): Promise<string[]> {
    const directory = path.resolve(root, implementation.directory);
    const named = new Set<string>();
    for (const argument of implementation.command) {
        if (argument === '' || argument.startsWith('-')) continue;
        const file = path.resolve(directory, argument);
        const relative = path.relative(root, file);
        if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const found = await stat(file).catch(() => undefined);
        if (found?.isFile()) named.add(relative.split(path.sep).join('/'));
    }
    return [...named].sort();
}
