import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { build } from 'esbuild';
import { runtimePackageDir } from './runtime-package.js';

/** One step implementation bundled into a single ES module file. */
export interface StepBundle {
    /** `<cacheDir>/bundles/<sha256>.mjs`. */
    readonly file: string;
    /** `sha256:` and the hex digest of the bundle's bytes (part of a cache key). */
    readonly hash: string;
}

/** The step's module could not be bundled (a syntax error, an import that does not resolve, …). */
export class BundleError extends Error {
    constructor(readonly module: string, detail: string, options?: ErrorOptions) {
        super(`cannot bundle ${module}: ${detail}`, options);
        this.name = 'BundleError';
    }
}

/**
 * Bundles `root/module` with esbuild into one file that exports the step as `step` and the
 * value codec as `encodeValue`/`decodeValue`. The codec comes from the same `@weft/runtime`
 * copy the step imports, so the handles the worker re-creates are the step's own classes: both
 * `@weft/runtime` and the `@weft/contract` the step imports resolve to the runtime's copies.
 */
export async function bundleStep(root: string, module: string, exportName: string, cacheDir: string): Promise<StepBundle> {
    const runtimeEntry = path.join(runtimePackageDir(), 'dist', 'index.js');
    if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new BundleError(module, `the export name ${JSON.stringify(exportName)} is not an identifier`);
    const entry = [
        `export { ${exportName} as step } from ${JSON.stringify(path.resolve(root, module))};`,
        `export { encodeValue, decodeValue } from '@weft/runtime';`,
    ].join('\n');
    let code: string;
    try {
        const result = await build({
            stdin: { contents: entry, resolveDir: root, sourcefile: `weft-step-${exportName}.js`, loader: 'js' },
            bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false,
            alias: { '@weft/runtime': runtimeEntry, '@weft/contract': createRequire(runtimeEntry).resolve('@weft/contract') },
            // A CommonJS dependency may call require() on a builtin; give the ESM bundle one.
            banner: { js: `import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);` },
            logLevel: 'silent',
        });
        code = result.outputFiles[0]!.text;
    } catch (error) {
        const errors = (error as { errors?: { text: string }[] }).errors;
        throw new BundleError(module, errors?.map(e => e.text).join('; ') ?? String(error), { cause: error });
    }
    const digest = createHash('sha256').update(code).digest('hex');
    const file = path.join(cacheDir, 'bundles', `${digest}.mjs`);
    if (!existsSync(file)) {
        await mkdir(path.dirname(file), { recursive: true });
        // Write then rename: a concurrent attempt never sees half a bundle.
        const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        await writeFile(temporary, code, { mode: 0o644 });
        await rename(temporary, file);
    }
    return { file, hash: `sha256:${digest}` };
}
