/**
 * A step's stack trace as a user can act on it: Node maps the bundle's frames to the step's
 * TypeScript sources (the worker enables source maps before it loads the bundle), the sources
 * are named relative to the project (bundling/bundle-source-map.ts), and the worker's own
 * frames and Node's internals are left out. Node builtins only: this runs inside the sandbox.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The worker's own modules, by file: in a pod they share one folder with the step's bundle, whose
// mapped frames resolve under it too, so a frame is the worker's only when it names one of them.
const workerFolder = path.dirname(fileURLToPath(import.meta.url));
const workerFiles = [
    ...['worker-entry.js', 'worker-spans.js', 'worker-protocol.js', 'step-stack.js'].map(name => path.join(workerFolder, name)),
    ...(process.argv[1] === undefined ? [] : [path.resolve(process.argv[1])]),
].flatMap(file => [`${pathToFileURL(file).href}:`, `${file}:`]);

/** The frames (`at f (steps/train.ts:12:7)`) of `error`'s stack, one per line; undefined when it has none. */
export function stepStack(error: unknown, bundleFile: string): string | undefined {
    if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined;
    // A mapped source resolves against the bundle's folder: strip it, as a path and as a URL.
    const bundleFolder = path.dirname(path.resolve(bundleFile));
    const prefixes = [`${pathToFileURL(bundleFolder).href}/`, `${bundleFolder}/`];
    const frames = error.stack.split('\n')
        .filter(line => /^\s+at /.test(line))
        .filter(line => !workerFiles.some(file => line.includes(file)) && !/\(node:|at node:/.test(line))
        .map(line => prefixes.reduce((frame, prefix) => frame.replaceAll(prefix, ''), line.trim()));
    return frames.length === 0 ? undefined : frames.join('\n');
}
