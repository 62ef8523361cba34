import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { build, transform } from 'esbuild';
import { bundleStep } from '../../bundling/bundle-step.js';
import type { GeneratedModules } from '../../bundling/generated-modules.js';
import { runtimePackageDir, workerDir } from '../../bundling/runtime-package.js';
import { type CompiledPlan, isCommandImplementation } from '../../contract/plan.js';
import { inlineSubPipelines, type SubPlanLoader } from '../../plan/inline-sub-pipelines.js';
import { commandFiles, type CommandFiles } from '../command-files.js';
import { pythonFiles, type PythonFiles } from '../python-files.js';
import { type ArgoBundles, bundleKey } from './argo-workflow.js';

/**
 * Bundles what the exported workflow's pods run: each step implementation of the plan (as
 * `weft run` bundles them, one ES module per step), the worker entry and the binder, each one
 * self-contained file that needs only node; for a command step, the project files it names; for a Python step, the Python worker, its
 * sources and the `.py` files of `pythonModulePath` (kubernetes/python-files.ts). Minified (names kept, so errors still say what
 * failed): a ConfigMap holds at most 1 MiB. `generated` serves the step's generated contracts from memory.
 */
export async function argoBundles(plan: CompiledPlan, root: string, cacheDir = path.join(root, '.weft'), subPlans?: SubPlanLoader, generated?: GeneratedModules,
    pythonModulePath: readonly string[] = []): Promise<ArgoBundles> {
    const steps: Record<string, string> = {};
    const commands: Record<string, CommandFiles> = {};
    const python: Record<string, PythonFiles> = {};
    for (const node of (subPlans ? inlineSubPipelines(plan, subPlans) : plan).nodes) {
        if (node.call.kind !== 'step') continue;
        const key = bundleKey(node);
        if (steps[key] !== undefined) continue;
        const implementation = node.call.implementation;
        if (isCommandImplementation(implementation)) {
            commands[key] = await commandFiles(root, implementation);
            continue;
        }
        if (implementation.language === 'python') {
            python[key] = pythonFiles(root, implementation, pythonModulePath);
            continue;
        }
        const bundle = await bundleStep(root, implementation.module, implementation.export, cacheDir, generated);
        steps[key] = await minify(await readFile(bundle.file, 'utf8'));
    }
    const binderEntry = path.join(runtimePackageDir(), 'dist', 'kubernetes', 'argo', 'binder-entry.js');
    return {
        steps,
        commands,
        python,
        worker: await bundleFile(path.join(workerDir(), 'worker-entry.js')),
        binder: await bundleFile(binderEntry),
    };
}

async function bundleFile(entry: string): Promise<string> {
    const result = await build({
        entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false, logLevel: 'silent', minify: true, keepNames: true,
        banner: { js: `import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);` },
    });
    return result.outputFiles[0]!.text;
}

async function minify(code: string): Promise<string> {
    return (await transform(code, { minify: true, keepNames: true, format: 'esm', target: 'node22' })).code;
}
