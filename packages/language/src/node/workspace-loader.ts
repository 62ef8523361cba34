import { type LangiumDocument, URI } from 'langium';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';
import { isWeftFile } from '../generated/ast.js';
import { importCandidates } from '../scoping/import-paths.js';
import { createWeftServices, type WeftServices } from '../weft-module.js';
import { BoundedNodeFileSystem } from './bounded-file-system.js';

/** A path given by the user that could not be read. */
export class UnreadablePathError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unreadable-path';

    constructor(readonly path: string, readonly reason: string) {
        super(`cannot read ${path}: ${reason}`);
        this.name = 'UnreadablePathError';
    }
}

export interface LoadedWorkspace {
    readonly services: WeftServices;
    /** The files the user named, or found in the folders they named. */
    readonly roots: readonly LangiumDocument[];
    /** Every Weft document: roots and the files their imports reach, but not the built-ins. */
    readonly documents: readonly LangiumDocument[];
}

/** Weft services that read the real file system (regular files only, bounded), for one-shot builds (`weft check`, tests). */
export function createWeftNodeServices(): WeftServices {
    return createWeftServices(BoundedNodeFileSystem).Weft;
}

/**
 * Loads the `.weft` files at `paths` (folders are searched recursively, skipping
 * `node_modules` and hidden folders), follows their imports wherever they lead, and builds
 * everything with validation. Throws {@link UnreadablePathError} for a path that does not exist
 * or cannot be read.
 */
export async function loadWorkspace(paths: readonly string[], services = createWeftNodeServices()): Promise<LoadedWorkspace> {
    const files = new Set<string>();
    for (const given of paths) {
        for (const file of await weftFilesAt(given)) files.add(file);
    }
    const documents = services.shared.workspace.LangiumDocuments;
    const roots: LangiumDocument[] = [];
    for (const file of [...files].sort()) {
        roots.push(await documents.getOrCreateDocument(URI.file(file)));
    }
    const all = new Map(roots.map(document => [document.uri.toString(), document]));
    const pending = [...roots];
    while (pending.length > 0) {
        for (const uri of await importedFiles(pending.pop()!)) {
            if (all.has(uri.toString())) continue;
            const document = await documents.getOrCreateDocument(uri);
            all.set(uri.toString(), document);
            pending.push(document);
        }
    }
    const builtins = services.builtins.Builtins.document;
    await services.shared.workspace.DocumentBuilder.build([builtins, ...all.values()], { validation: true });
    return { services, roots, documents: [...all.values()] };
}

/** The `.weft` files at a path: the file itself, or every one under a folder. */
async function weftFilesAt(given: string): Promise<string[]> {
    const absolute = path.resolve(given);
    let stat;
    try {
        stat = await fs.stat(absolute);
    } catch (error) {
        throw new UnreadablePathError(given, describeFsError(error));
    }
    if (stat.isFile()) {
        try {
            await fs.access(absolute, fs.constants.R_OK);
        } catch (error) {
            throw new UnreadablePathError(given, describeFsError(error));
        }
        return [absolute];
    }
    // A FIFO, a device or a socket: neither a file to read nor a folder to search.
    if (!stat.isDirectory()) throw new UnreadablePathError(given, 'not a regular file or a folder');
    const found: string[] = [];
    const walk = async (folder: string): Promise<void> => {
        let entries;
        try {
            entries = await fs.readdir(folder, { withFileTypes: true });
        } catch (error) {
            throw new UnreadablePathError(folder, describeFsError(error));
        }
        for (const entry of entries) {
            if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
            const child = path.join(folder, entry.name);
            if (entry.isDirectory()) await walk(child);
            else if (entry.isFile() && entry.name.endsWith('.weft')) found.push(child);
        }
    };
    await walk(absolute);
    return found;
}

/** The `.weft` files that a document's imports name and that exist on disk. */
async function importedFiles(document: LangiumDocument): Promise<URI[]> {
    const root = document.parseResult.value;
    if (!isWeftFile(root)) return [];
    const found: URI[] = [];
    for (const imported of root.imports) {
        // Only Weft files are followed; `import-not-found` reports any other path.
        if (imported.path === undefined || !imported.path.endsWith('.weft')) continue;
        for (const candidate of importCandidates(document.uri, imported.path)) {
            if (await isFile(candidate.fsPath)) {
                found.push(candidate);
                break;
            }
        }
    }
    return found;
}

async function isFile(file: string): Promise<boolean> {
    try {
        return (await fs.stat(file)).isFile();
    } catch {
        return false;
    }
}

function describeFsError(error: unknown): string {
    const code = (error as NodeJS.ErrnoException).code;
    switch (code) {
        case 'ENOENT': return 'no such file or directory';
        case 'EACCES': return 'permission denied';
        case 'ENOTDIR': return 'not a directory';
        case 'EISDIR': return 'is a directory';
        default: return (error as Error).message ?? String(error);
    }
}

