// Generates the Python contracts of a folder of Weft files the way `weft generate --lang python` does.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePython } from '../../../src/generation/index.js';
import { loadWorkspace } from '../../../src/node/workspace-loader.js';
import type { Generation } from '../generation-helper.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A pipeline of TypeScript and Python steps over records, optionals, lists, maps, a dataset, a model and a tensor. */
export const mixedFixture = path.join(here, 'mixed');
/** Implementations of `train` that break its contract, one way each. */
export const wrongImplementations = path.join(here, 'wrong');

/** Generates every `.weft` file under `folder` as Python, with paths relative to it. */
export async function generatePythonFolder(folder: string): Promise<Generation> {
    const workspace = await loadWorkspace([folder]);
    const errors = workspace.documents.flatMap(document => (document.diagnostics ?? [])
        .filter(diagnostic => diagnostic.severity === 1)
        .map(diagnostic => `${path.relative(folder, document.uri.fsPath)}: ${diagnostic.code} ${diagnostic.message}`));
    const files = generatePython({ services: workspace.services, documents: workspace.documents, rootPath: folder.replaceAll('\\', '/') });
    return { files, errors };
}
