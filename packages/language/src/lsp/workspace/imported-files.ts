import type { FileSystemProvider, LangiumDocument, LangiumDocuments, URI } from 'langium';
import { isWeftFile } from '../../generated/ast.js';
import { importCandidates } from '../../scoping/import-paths.js';

/**
 * The `.weft` files that the imports of `documents` name, exist on disk and are not loaded yet:
 * the same resolution as the CLI's workspace loader (relative paths, then `node_modules` of each
 * enclosing folder), so the server sees what `weft check` sees.
 */
export async function unloadedImports(
    documents: Iterable<LangiumDocument>, loaded: LangiumDocuments, fileSystem: FileSystemProvider,
): Promise<URI[]> {
    const found = new Map<string, URI>();
    for (const document of documents) {
        const root = document.parseResult.value;
        if (!isWeftFile(root)) continue;
        for (const imported of root.imports ?? []) {
            if (typeof imported.path !== 'string' || !imported.path.endsWith('.weft')) continue;
            for (const candidate of importCandidates(document.uri, imported.path)) {
                if (loaded.hasDocument(candidate)) break;
                if (await isFile(fileSystem, candidate)) {
                    found.set(candidate.toString(), candidate);
                    break;
                }
            }
        }
    }
    return [...found.values()];
}

async function isFile(fileSystem: FileSystemProvider, uri: URI): Promise<boolean> {
    try {
        return (await fileSystem.stat(uri)).isFile;
    } catch {
        return false;
    }
}
