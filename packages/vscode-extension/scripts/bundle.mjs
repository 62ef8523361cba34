// Bundles the extension (out/extension.cjs) and the language server (out/server.cjs) with esbuild.
// `vscode` is provided by the editor; `z3-solver` must stay a real package beside the bundle
// (bundled, its worker threads abort), so both are external.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('..', import.meta.url));
const common = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, minify: true,
    absWorkingDir: folder, external: ['vscode', 'z3-solver'], logLevel: 'warning',
    // Langium and its dependencies are ESM; `import.meta.url` has no CommonJS equivalent without this.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
    mainFields: ['module', 'main'],
};
await build({ ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } });
await build({ ...common, entryPoints: { server: 'src/server.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } });
