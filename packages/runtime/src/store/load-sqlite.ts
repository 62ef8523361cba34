import { createRequire } from 'node:module';

type SqliteModule = typeof import('node:sqlite');

let loaded: SqliteModule | undefined;

/**
 * Loads `node:sqlite`, silencing only its "SQLite is an experimental feature" warning: every
 * other warning still reaches `process.emitWarning`. Loaded synchronously through `require`
 * so the store's API can stay synchronous.
 */
export function loadSqlite(): SqliteModule {
    if (loaded) return loaded;
    const original = process.emitWarning;
    process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
        if (isSqliteExperimentalWarning(warning, rest)) return;
        (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
    try {
        loaded = createRequire(import.meta.url)('node:sqlite') as SqliteModule;
    } finally {
        process.emitWarning = original;
    }
    return loaded;
}

function isSqliteExperimentalWarning(warning: string | Error, rest: readonly unknown[]): boolean {
    const message = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const name = typeof warning === 'string' ? type : warning.name;
    return name === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(message);
}
