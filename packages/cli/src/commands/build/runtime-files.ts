import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The `@weft/runtime` package the CLI runs with. */
function runtimeManifestFile(): string {
    return createRequire(import.meta.url).resolve('@weft/runtime/package.json');
}

/**
 * The files of an artifact's `lib/runtime/` besides the launcher and the worker: a package.json
 * that names it `@weft/runtime` (the runtime finds its worker, and its version for cache keys,
 * through the package it belongs to) and makes its `.js` files ES modules.
 */
export function runtimeFolder(): Record<string, string> {
    const { name, version } = JSON.parse(readFileSync(runtimeManifestFile(), 'utf8')) as { name: string; version: string };
    return { 'package.json': `${JSON.stringify({ name, version, private: true, type: 'module' }, null, 2)}\n` };
}

/** The runtime's compiled step worker (`dist/worker`), which runs each attempt and imports only Node's modules. */
export function workerSource(): string {
    return path.join(path.dirname(runtimeManifestFile()), 'dist', 'worker');
}
