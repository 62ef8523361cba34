import { init, parse } from 'es-module-lexer';

/**
 * The exports of a TypeScript (or JavaScript) module, read with es-module-lexer: a real lexer
 * that knows strings, comments, regular expressions, templates and the erasable TypeScript
 * syntax (annotations, generics, `interface`, `export type`). It reads a module in
 * microseconds, without type-checking.
 */
export interface ModuleExports {
    /** Names a run-time value is exported under (`export function f`, `export { a as f }`, `default`). */
    readonly values: ReadonlySet<string>;
    /** Names exported only as types (`export type T`, `export interface I`), which `run` cannot use. */
    readonly types: ReadonlySet<string>;
    /** Specifiers of `export * from '…'`: any further name may come from them. */
    readonly starFrom: readonly string[];
}

/** Reading failed: the lexer found a syntax error (the TypeScript compiler will report it). */
export interface UnreadableModule {
    readonly error: string;
}

export type ModuleExportsResult = ModuleExports | UnreadableModule;

export function isUnreadableModule(result: ModuleExportsResult): result is UnreadableModule {
    return 'error' in result;
}

let ready: Promise<void> | undefined;

/** Compiles the lexer (WebAssembly) once; `readModuleExports` needs it. */
export function initModuleLexer(): Promise<void> {
    ready ??= init();
    return ready;
}

/** The exports of `source`. Call (and await) `initModuleLexer` first. */
export function readModuleExports(source: string): ModuleExportsResult {
    let exported;
    try {
        [, exported] = parse(source);
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
    const values = new Set<string>();
    const types = new Set<string>();
    const starFrom: string[] = [];
    for (const entry of exported) {
        if (entry.type === 'reexport-all') {
            if (!entry.typeOnly) starFrom.push(entry.from);
            continue;
        }
        (entry.typeOnly ? types : values).add(entry.name);
    }
    // A name exported both as a type and a value (`export const x …; export type x …`) is a value.
    for (const name of values) types.delete(name);
    return { values, types, starFrom };
}

/**
 * Reads exports with a cache keyed by the file's content, so that re-validating a document on
 * every keystroke lexes each implementation file only when it changed.
 */
export class ModuleExportsCache {
    private readonly byFile = new Map<string, { readonly source: string; readonly result: ModuleExportsResult }>();

    exportsOf(file: string, source: string): ModuleExportsResult {
        const cached = this.byFile.get(file);
        if (cached?.source === source) return cached.result;
        const result = readModuleExports(source);
        this.byFile.set(file, { source, result });
        return result;
    }
}
