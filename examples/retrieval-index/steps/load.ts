import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Document, StepContext } from './types.ts';

export interface LoadInputs {
    readonly folder: string;
    readonly extensions: readonly string[];
}

export interface LoadOutputs {
    readonly documents: Document[];
}

/** `step load`: reads every file of `folder` with one of `extensions`, in name order. */
export async function load(inputs: LoadInputs, ctx: StepContext): Promise<LoadOutputs> {
    const folder = path.resolve(ctx.baseDir, inputs.folder);
    const names = (await readdir(folder)).filter(name => inputs.extensions.some(extension => name.endsWith(extension))).sort();
    const documents: Document[] = [];
    for (const name of names) {
        const text = await readFile(path.join(folder, name), 'utf8');
        const id = name.slice(0, name.length - path.extname(name).length);
        documents.push({ id, title: /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? id, text, path: path.join(inputs.folder, name) });
    }
    ctx.log(`loaded ${documents.length} documents from ${inputs.folder}`);
    return { documents };
}
