import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the `@weft/runtime` package this code belongs to (from `src/` or `dist/`). */
export function runtimePackageDir(): string {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const manifest = path.join(dir, 'package.json');
        if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@weft/runtime') return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the @weft/runtime package above ${fileURLToPath(import.meta.url)}`);
        dir = parent;
    }
}

/** The compiled worker folder (`dist/worker`), which out-of-process attempts run. */
export function workerDir(): string {
    const dir = path.join(runtimePackageDir(), 'dist', 'worker');
    if (!existsSync(path.join(dir, 'worker-entry.js'))) {
        throw new Error(`the worker entry ${path.join(dir, 'worker-entry.js')} is missing; build the runtime with \`npx tsc -b\``);
    }
    return dir;
}
