import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors.js';
import { scaffoldFiles } from './templates.js';
import { currentWeftSource, type WeftSource } from './weft-source.js';

export interface InitOptions {
    readonly cwd: string;
    /** The project folder (created if missing); `.` by default. */
    readonly dir?: string;
    /** Where the project installs Weft from; by default, where this CLI came from. */
    readonly source?: WeftSource;
}

export interface InitReport {
    /** The project folder as given (`.` for the current one). */
    readonly folder: string;
    /** The files written, relative to the project folder. */
    readonly files: readonly string[];
    /** Where the project's package.json installs Weft from. */
    readonly source: WeftSource;
}

/**
 * Scaffolds a Weft project: a `.weft` file with one pipeline, a step implementation, sample
 * data, a pipeline test, `package.json` scripts for check, generate, run and test (with its Weft packages from where
 * this CLI came from, and Node 22 from npm), a strict `tsconfig.json` and a `.gitignore`. Never overwrites: throws a {@link UserError} if any of those files exists.
 */
export async function init(options: InitOptions): Promise<InitReport> {
    const folder = path.resolve(options.cwd, options.dir ?? '.');
    const source = options.source ?? currentWeftSource();
    const files = scaffoldFiles(packageName(path.basename(folder)), source);
    const existing: string[] = [];
    for (const file of Object.keys(files).sort()) {
        if (await fs.stat(path.join(folder, file)).then(() => true, () => false)) existing.push(file);
    }
    if (existing.length > 0) throw new UserError(`not initialising ${options.dir ?? '.'}: ${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}`);
    for (const [file, content] of Object.entries(files)) {
        const target = path.join(folder, file);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, content, 'utf8');
    }
    return { folder: options.dir ?? '.', files: Object.keys(files).sort(), source };
}

/** A valid npm package name from a folder name. */
function packageName(folder: string): string {
    const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
    return name === '' ? 'weft-project' : name;
}
