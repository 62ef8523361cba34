import { type FileSystemProvider, type URI, UriUtils } from 'langium';
import { FileTooLargeError, NotARegularFileError } from './file-refusals.js';
import { loneSurrogateIndex } from './lone-surrogates.js';
import { isUnreadableModule, type ModuleExports, ModuleExportsCache, type ModuleExportsResult } from './module-exports.js';
import { topLevelPythonFunctions } from './python-functions.js';

/**
 * Finds a step implementation on disk: does the file exist, and does it export the name (for a
 * `.py` file: does it define a top-level function of that name)?
 * One lookup serves one validation of a document, so each file is read at most once per run;
 * the lexing itself is cached by content across runs.
 */
export type ImplementationStatus =
    | { readonly kind: 'found' }
    | { readonly kind: 'missing-file'; readonly file: URI }
    /** `reason` completes "cannot be read: …". */
    | { readonly kind: 'unreadable-file'; readonly file: URI; readonly reason: string }
    | {
        readonly kind: 'missing-export';
        /** The run-time exports the file does have (a Python file: its top-level functions). */
        readonly exports: readonly string[];
        /** True when the name is exported, but only as a type. */
        readonly typeOnly: boolean;
    }
    /** The file could not be lexed, or re-exports from a module we cannot follow: say nothing. */
    | { readonly kind: 'undecidable' };

type FileContents =
    | { readonly kind: 'missing' }
    | { readonly kind: 'unreadable'; readonly reason: string }
    | { readonly kind: 'read'; readonly exports: ModuleExportsResult }
    | { readonly kind: 'python'; readonly functions: readonly string[] };

/** Shared by every lookup: lexing results depend only on a file's content. */
const sharedCache = new ModuleExportsCache();

export class ImplementationLookup {
    private readonly files = new Map<string, FileContents>();

    constructor(private readonly fileSystem: FileSystemProvider, private readonly cache = sharedCache) {}

    find(file: URI, exportName: string): ImplementationStatus {
        const contents = this.read(file);
        if (contents.kind === 'missing') return { kind: 'missing-file', file };
        if (contents.kind === 'unreadable') return { kind: 'unreadable-file', file, reason: contents.reason };
        if (contents.kind === 'python') {
            return contents.functions.includes(exportName)
                ? { kind: 'found' }
                : { kind: 'missing-export', exports: [...contents.functions].sort(), typeOnly: false };
        }
        if (isUnreadableModule(contents.exports)) return { kind: 'undecidable' };
        const exports = contents.exports;
        switch (this.exportsName(file, exports, exportName, new Set([file.toString()]))) {
            case 'yes': return { kind: 'found' };
            case 'unknown': return { kind: 'undecidable' };
            case 'no': return { kind: 'missing-export', exports: [...exports.values].sort(), typeOnly: exports.types.has(exportName) };
        }
    }

    /** Whether `exports` (of `file`) has the value `name`, following `export * from './…'`. */
    private exportsName(file: URI, exports: ModuleExports, name: string, visited: Set<string>): 'yes' | 'no' | 'unknown' {
        if (exports.values.has(name)) return 'yes';
        // `export *` never re-exports `default`.
        if (name === 'default') return 'no';
        let answer: 'no' | 'unknown' = 'no';
        for (const specifier of exports.starFrom) {
            const target = this.resolveModule(file, specifier);
            if (target === undefined) {
                answer = 'unknown';
                continue;
            }
            if (visited.has(target.toString())) continue;
            visited.add(target.toString());
            const contents = this.read(target);
            if (contents.kind !== 'read' || isUnreadableModule(contents.exports)) {
                answer = 'unknown';
                continue;
            }
            const found = this.exportsName(target, contents.exports, name, visited);
            if (found === 'yes') return 'yes';
            if (found === 'unknown') answer = 'unknown';
        }
        return answer;
    }

    /** A relative module specifier as TypeScript resolves it (`./a.js` may be `./a.ts`); packages are not followed. */
    private resolveModule(from: URI, specifier: string): URI | undefined {
        if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
        // No file has such a name, and its URI could not be written.
        if (loneSurrogateIndex(specifier) >= 0) return undefined;
        const base = UriUtils.resolvePath(UriUtils.dirname(from), specifier);
        const path = base.path;
        const candidates = [path];
        const extension = /\.[cm]?js$/.exec(path)?.[0];
        if (extension !== undefined) candidates.push(path.slice(0, -extension.length) + extension.replace('js', 'ts'));
        if (!/\.[cm]?[jt]s$/.test(path)) candidates.push(`${path}.ts`, `${path}.js`, `${path}/index.ts`, `${path}/index.js`);
        for (const candidate of candidates) {
            const uri = base.with({ path: candidate });
            // A folder (`./nested`) is not a module; its `index.ts` may be.
            if (this.read(uri).kind === 'read') return uri;
        }
        return undefined;
    }

    private read(file: URI): FileContents {
        const key = file.toString();
        let contents = this.files.get(key);
        if (contents === undefined) {
            contents = this.readFromDisk(file);
            this.files.set(key, contents);
        }
        return contents;
    }

    private readFromDisk(file: URI): FileContents {
        if (!this.fileSystem.existsSync(file)) return { kind: 'missing' };
        let source: string;
        try {
            source = this.fileSystem.readFileSync(file);
        } catch (error) {
            // A FIFO, a device or a huge file is refused by the file system (node/bounded-file-system.ts)
            // before it could hang the checker or fill its memory; a folder or a file we may not read fails.
            const refused = error instanceof NotARegularFileError || error instanceof FileTooLargeError;
            return { kind: 'unreadable', reason: refused ? error.message : `${file.fsPath} is a folder or not readable` };
        }
        if (file.path.endsWith('.py')) return { kind: 'python', functions: topLevelPythonFunctions(source) };
        return { kind: 'read', exports: this.cache.exportsOf(file.toString(), source) };
    }
}
