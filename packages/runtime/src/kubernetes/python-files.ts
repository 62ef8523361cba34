import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { BundleError } from '../bundling/bundle-step.js';
import { pythonSources } from '../bundling/python-sources.js';
import type { PlanFunctionImplementation } from '../contract/plan.js';
import { pythonFilesUnder, pythonWorkerDir } from '../executors/python-launch.js';
import type { BundleFiles, ConfigMapItem, PythonContainer } from './job-spec.js';

/** A Python step's ConfigMap: its name (by content), its data, and the container that mounts it. */
export interface PythonFiles {
    readonly name: string;
    readonly data: BundleFiles;
    readonly container: PythonContainer;
}

/**
 * What a pod needs to run a Python step besides an image with `python3` (3.11 or later): the
 * worker package, the step's module with the project modules it imports (python-sources.ts) at
 * their paths under the plan's root, and the `.py` files of each `modulePath` folder (the run's
 * generated contracts), as the process executor puts them on `PYTHONPATH`. One ConfigMap, named
 * by content so that attempts and runs share it; each part is mounted read-only at its place.
 * Throws `BundleError` when the module does not exist.
 */
export function pythonFiles(root: string, implementation: PlanFunctionImplementation, modulePath: readonly string[]): PythonFiles {
    const project = path.resolve(root);
    const sources = pythonSources(project, implementation.module);
    if (sources.size === 0) throw new BundleError(implementation.module, 'the module does not exist');
    const data: Record<string, string> = {};
    const itemsOf = (prefix: string, files: ReadonlyMap<string, Buffer>, place = (file: string) => file): ConfigMapItem[] =>
        [...files].map(([file, content], index) => {
            data[`${prefix}-${index}`] = content.toString('utf8');
            return { key: `${prefix}-${index}`, path: place(file) };
        });
    const worker = itemsOf('worker', pythonFilesUnder(pythonWorkerDir()));
    const sourceItems = itemsOf('file', sources);
    const pathItems = modulePath.flatMap((folder, index) => itemsOf(`path-${index}`, pythonFilesUnder(folder), file => `${index}/${file}`));
    const module = path.relative(project, path.resolve(project, implementation.module)).split(path.sep).join('/');
    const digest = createHash('sha256').update(JSON.stringify({ data, worker, sourceItems, pathItems })).digest('hex');
    const name = `weft-python-${digest.slice(0, 20)}`;
    return {
        name,
        data,
        container: {
            configMap: name,
            worker,
            project: sourceItems,
            modulePath: pathItems,
            modulePathFolders: modulePath.length,
            module,
            function: implementation.export,
        },
    };
}
