// Bundles the `weft` command (bundle/main.js and its lazily loaded chunks) with esbuild, from the
// compiled dist/. Starting Node is part of every `weft check`: one file per command loads faster
// than ~400 small modules (Langium, Chevrotain, lodash-es…).
// External: the runtime (it finds its own files beside its modules), z3-solver (wasm and worker
// threads; bundled, its workers abort), esbuild (a native binary) and the graph
// renderer (large, only `weft graph --format svg` loads it). `@weft/contract/errors` stays external
// too: the runtime loads the same file, so there is one WeftError and `instanceof` holds for the
// runtime's errors (the rest of @weft/contract is bundled, only what is used).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../bundle', import.meta.url), { recursive: true, force: true });
await build({
    absWorkingDir: folder,
    entryPoints: { main: 'dist/main.js' },
    // bundle/ sits beside dist/ so that `new URL('../package.json', import.meta.url)` still finds the manifest.
    outdir: 'bundle',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    external: ['@weft/contract/errors', '@weft/runtime', '@weft/runtime/*', 'z3-solver', 'esbuild', '@viz-js/viz', '@kubernetes/client-node'],
    mainFields: ['module', 'main'],
    // Some dependencies are CommonJS and call `require` for Node's own modules.
    banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
    logLevel: 'warning',
});
