import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { cliFolder } from '../../version.js';

/**
 * Bundles the launcher's code (launcher/launcher-main.ts: the CLI's run code and the whole
 * runtime) into one ES module, `file`. esbuild is replaced by a module that refuses to bundle (the
 * steps are bundled already), the runtime's Kubernetes entry by one that refuses kubernetes
 * targets (an artifact runs sandbox targets, without the Kubernetes client).
 */
export async function bundleLauncher(file: string): Promise<void> {
    const { build } = await import('esbuild');
    const launcher = path.join(cliFolder(), 'dist', 'commands', 'build', 'launcher');
    const result = await build({
        entryPoints: [path.join(launcher, 'launcher-main.js')],
        bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false,
        alias: { 'esbuild': path.join(launcher, 'no-esbuild.js'), '@weft/runtime/kubernetes': path.join(launcher, 'no-kubernetes.js') },
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call `require` for Node's own modules.
        banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
        legalComments: 'none',
        logLevel: 'silent',
    });
    await writeFile(file, result.outputFiles[0]!.contents);
}
