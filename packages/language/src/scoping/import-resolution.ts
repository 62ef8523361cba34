import { AstUtils, type LangiumDocument, type LangiumDocuments, type URI } from 'langium';
import type { Import, WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';
import { importCandidates } from './import-paths.js';

/**
 * The document an import names: the first of its candidate files (see `importCandidates`) that
 * is loaded. Loaders load only files that exist, so "not loaded" means "not found", on disk and
 * in a browser alike. Only `.weft` files can be imported.
 */
export function resolveImportPath(documents: LangiumDocuments, importingFile: URI, importPath: string | undefined): LangiumDocument<WeftFile> | undefined {
    if (!importPath?.endsWith('.weft')) return undefined;
    for (const candidate of importCandidates(importingFile, importPath)) {
        const document = documents.getDocument(candidate);
        if (document && isWeftFile(document.parseResult.value)) return document as LangiumDocument<WeftFile>;
    }
    return undefined;
}

/** The document `imported` names, when it is loaded. */
export function resolveImport(documents: LangiumDocuments, imported: Import): LangiumDocument<WeftFile> | undefined {
    const importing = AstUtils.findRootNode(imported).$document;
    return importing && resolveImportPath(documents, importing.uri, imported.path);
}
