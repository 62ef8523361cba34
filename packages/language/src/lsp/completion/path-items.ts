import { type FileSystemProvider, type URI, UriUtils } from 'langium';
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver';
import { initModuleLexer, isUnreadableModule, readModuleExports } from '../../helpers/module-exports.js';
import { topLevelPythonFunctions } from '../../helpers/python-functions.js';

/**
 * Completion inside `import "…"` and `run: "…"` strings: folders and files relative to the
 * `.weft` file (`.weft` files for imports, TypeScript, JavaScript and Python files for `run`), and
 * after `#` the value exports of the `run` module (of a Python file: its top-level functions).
 */
export async function pathItems(
    fileSystem: FileSystemProvider, document: URI, typed: string, replace: Range, purpose: 'import' | 'run',
): Promise<CompletionItem[]> {
    if (purpose === 'run' && typed.includes('#')) return exportItems(fileSystem, document, typed, replace);
    const slash = typed.lastIndexOf('/');
    const folderText = slash >= 0 ? typed.slice(0, slash + 1) : '';
    if (!folderText.startsWith('./') && !folderText.startsWith('../')) {
        return slash < 0 ? [{ label: './', kind: CompletionItemKind.Folder, textEdit: { range: replace, newText: './' }, command: retrigger }] : [];
    }
    const folder = UriUtils.resolvePath(UriUtils.dirname(document), folderText);
    const wanted = purpose === 'import' ? /\.weft$/ : /\.(ts|mts|js|mjs|py)$/;
    let entries;
    try {
        entries = await fileSystem.readDirectory(folder);
    } catch {
        return [];
    }
    const items: CompletionItem[] = [];
    for (const entry of entries) {
        const name = UriUtils.basename(entry.uri);
        if (name.startsWith('.') || name === 'node_modules') continue;
        if (entry.isDirectory) {
            items.push({ label: `${name}/`, kind: CompletionItemKind.Folder, textEdit: { range: replace, newText: `${folderText}${name}/` }, command: retrigger });
        } else if (wanted.test(name) && !name.endsWith('.d.ts') && entry.uri.toString() !== document.toString()) {
            const newText = purpose === 'run' ? `${folderText}${name}#` : `${folderText}${name}`;
            items.push({ label: name, kind: CompletionItemKind.File, textEdit: { range: replace, newText }, command: purpose === 'run' ? retrigger : undefined });
        }
    }
    return items;
}

/** Asks the client to open completion again, e.g. after a folder or after `file.ts#`. */
const retrigger = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

async function exportItems(fileSystem: FileSystemProvider, document: URI, typed: string, replace: Range): Promise<CompletionItem[]> {
    const [modulePath] = typed.split('#');
    if (!modulePath) return [];
    let source: string;
    try {
        source = await fileSystem.readFile(UriUtils.resolvePath(UriUtils.dirname(document), modulePath));
    } catch {
        return [];
    }
    const python = modulePath.endsWith('.py');
    let names: readonly string[];
    if (python) {
        names = topLevelPythonFunctions(source);
    } else {
        await initModuleLexer();
        const exported = readModuleExports(source);
        if (isUnreadableModule(exported)) return [];
        names = [...exported.values];
    }
    return names.map(name => ({
        label: name, kind: CompletionItemKind.Function, detail: `${python ? 'function in' : 'export of'} ${modulePath}`,
        textEdit: { range: replace, newText: `${modulePath}#${name}` }, filterText: `${modulePath}#${name}`,
    }));
}
