import { type AstNode, AstUtils, type DocumentBuilder, type LangiumDocument, type Reference, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { WeftFile } from '../../src/generated/ast.js';
import { createWeftServices, type WeftServices } from '../../src/weft-module.js';
import { MemoryFileSystem } from './memory-file-system.js';

/**
 * A workspace of files under `/ws/` in an in-memory file system; every `.weft` file is loaded
 * and built with validation, other files (`package.json`) are only on "disk".
 */
export interface TestWorkspace {
    readonly services: WeftServices;
    readonly fileSystem: MemoryFileSystem;
    document(path: string): LangiumDocument<WeftFile>;
    /** The diagnostics of one file that carry `code`. */
    diagnostics(path: string, code: string): Diagnostic[];
    /** Writes (or rewrites) a file and rebuilds what it affects, as an editor would. */
    change(path: string, text: string): Promise<void>;
}

export function uriOf(path: string): URI {
    return URI.file(`/ws/${path}`);
}

export interface BuildOptions {
    /** Called before the first build, e.g. to listen to build phases. */
    readonly beforeBuild?: (builder: DocumentBuilder) => void;
    /** Whether to validate (default true). */
    readonly validation?: boolean;
}

export async function buildWorkspace(files: Readonly<Record<string, string>>, options: BuildOptions = {}): Promise<TestWorkspace> {
    const fileSystem = new MemoryFileSystem();
    const services = createWeftServices({ fileSystemProvider: () => fileSystem }).Weft;
    const documents = services.shared.workspace.LangiumDocuments;
    const builder = services.shared.workspace.DocumentBuilder;
    options.beforeBuild?.(builder);
    for (const [path, text] of Object.entries(files)) fileSystem.write(uriOf(path), text);
    const loaded: LangiumDocument[] = [];
    for (const path of Object.keys(files).filter(path => path.endsWith('.weft'))) {
        loaded.push(await documents.getOrCreateDocument(uriOf(path)));
    }
    await builder.build([services.builtins.Builtins.document, ...loaded], { validation: options.validation ?? true });
    const document = (path: string): LangiumDocument<WeftFile> => {
        const found = documents.getDocument(uriOf(path));
        if (!found) throw new Error(`no document ${path}`);
        return found as LangiumDocument<WeftFile>;
    };
    return {
        services,
        fileSystem,
        document,
        diagnostics: (path, code) => (document(path).diagnostics ?? []).filter(diagnostic => diagnostic.code === code),
        change: async (path, text) => {
            fileSystem.write(uriOf(path), text);
            await builder.update([uriOf(path)], []);
        },
    };
}

/** The references in `document` spelt `text`, in source order. */
export function referencesNamed(document: LangiumDocument, text: string): Reference[] {
    const found: { reference: Reference; offset: number }[] = [];
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
        for (const info of AstUtils.streamReferences(node)) {
            const reference = info.reference as Reference;
            if (reference.$refText === text) found.push({ reference, offset: reference.$refNode?.offset ?? 0 });
        }
    }
    return found.sort((a, b) => a.offset - b.offset).map(entry => entry.reference);
}

/** The line (1-based) where a node starts, to tell same-named targets apart. */
export function lineOf(node: AstNode | undefined): number | undefined {
    return node?.$cstNode ? node.$cstNode.range.start.line + 1 : undefined;
}

/** The file (relative to /ws/) that holds a node; `builtins` for the built-in library. */
export function fileOf(node: AstNode | undefined): string | undefined {
    if (!node) return undefined;
    const uri = AstUtils.getDocument(node).uri;
    if (uri.scheme === 'weft-builtin') return 'builtins';
    return uri.path.startsWith('/ws/') ? uri.path.slice('/ws/'.length) : uri.toString();
}
