import type { AstNodeDescription, AstNodeDescriptionProvider, LangiumDocument, LangiumDocuments } from 'langium';
import type { Import, ImportItem, WeftFile } from '../generated/ast.js';
import { resolveImport } from './import-resolution.js';
import type { WeftLocalSymbols } from './local-symbols.js';

/** What the imports of one document bring into its scope. */
export interface DocumentImports {
    /** The document each import names; `undefined` when it was not found. */
    readonly targets: ReadonlyMap<Import, LangiumDocument<WeftFile> | undefined>;
    /** Each visible name (the alias, or the imported name) → the declaration in the imported file. */
    readonly names: ReadonlyMap<string, AstNodeDescription>;
    /**
     * Visible names whose import failed (its file was not found, or does not declare the name).
     * That failure is reported once, on the import; uses of the name are not reported again.
     */
    readonly unresolved: ReadonlySet<string>;
}

/** The name an import item makes visible: its alias, or the imported name. */
export function visibleNameOf(item: ImportItem): string | undefined {
    return item.alias ?? item.declaration?.$refText;
}

export function collectDocumentImports(
    root: WeftFile,
    documents: LangiumDocuments,
    descriptions: AstNodeDescriptionProvider,
    symbolsOf: (document: LangiumDocument) => WeftLocalSymbols,
): DocumentImports {
    const targets = new Map<Import, LangiumDocument<WeftFile> | undefined>();
    const names = new Map<string, AstNodeDescription>();
    const unresolved = new Set<string>();
    for (const imported of root.imports ?? []) {
        const target = resolveImport(documents, imported);
        targets.set(imported, target);
        const declared = target && symbolsOf(target).declaredIn(target.parseResult.value);
        for (const item of imported.items ?? []) {
            const visible = visibleNameOf(item);
            if (!visible) continue;
            const declaration = declared?.node(item.declaration?.$refText ?? '');
            if (declaration && target) {
                // The first import of a name wins; a second one is a duplicate-declaration.
                if (!names.has(visible)) names.set(visible, descriptions.createDescription(declaration, visible, target));
            } else {
                unresolved.add(visible);
            }
        }
    }
    return { targets, names, unresolved };
}
