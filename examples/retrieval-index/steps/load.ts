import * as path from 'node:path';
import { Dataset } from '@weft/runtime';
import { bundledFiles, type SourceFile } from './corpus.ts';
import type { Document, StepContext } from './types.ts';

export interface LoadInputs {
    readonly folder: string;
    readonly extensions: readonly string[];
}

export interface LoadOutputs {
    readonly documents: Dataset<Document>;
}

/**
 * The files of `files` directly in `folder` whose name ends with one of `extensions`, in name
 * order, as documents (the title is the first `# ` heading); the pure core of the step.
 */
export function toDocuments(files: readonly SourceFile[], folder: string, extensions: readonly string[]): Document[] {
    const wanted = path.posix.normalize(folder).replace(/\/+$/, '');
    return files
        .filter(file => path.posix.dirname(file.path) === wanted && extensions.some(extension => file.path.endsWith(extension)))
        .sort((a, b) => a.path.localeCompare(b.path))
        .map(file => {
            const name = path.posix.basename(file.path);
            const id = name.slice(0, name.length - path.posix.extname(name).length);
            return { id, title: /^#\s+(.+)$/m.exec(file.text)?.[1]?.trim() ?? id, text: file.text, path: file.path };
        });
}

/** `step load`: the documents of `folder` (relative to the example; bundled with the step). */
export async function load(inputs: LoadInputs, ctx: StepContext): Promise<LoadOutputs> {
    const documents = toDocuments(bundledFiles, inputs.folder, inputs.extensions);
    if (documents.length === 0) throw new Error(`load: no ${inputs.extensions.join('/')} files in ${inputs.folder}`);
    ctx.logger.info(`loaded ${documents.length} documents from ${inputs.folder}`);
    return { documents: await Dataset.write(path.join(ctx.workDir, 'documents.jsonl'), documents) };
}
