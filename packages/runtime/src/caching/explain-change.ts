import type { CacheKeyParts } from './cache-key.js';

/** A key as the cache's history remembers it: its parts, and its bundle's files by digest (absent in entries of older Weft). */
export interface RememberedKey {
    readonly parts: CacheKeyParts;
    readonly files?: Readonly<Record<string, string>>;
}

/** How many changed files a phrase names before it says how many more there are. */
const namedFiles = 3;

/**
 * What differs between an earlier key and `now`, one phrase per part: `contract changed`,
 * `implementation changed (steps/helper.ts)`, `dependency changed (node_modules/left-pad/index.js)`,
 * `runtime changed`, `image changed`, `input alpha changed`, `cache.version changed`. A changed
 * implementation is told by the files of its bundle whose content changed: the project's own
 * (implementation), packages' (dependency) or Weft's (runtime); an empty list means the keys are equal.
 */
export function changedParts(before: RememberedKey, now: RememberedKey): string[] {
    const changed: string[] = [];
    if (before.parts.contract !== now.parts.contract) changed.push('contract changed');
    if (before.parts.implementation !== now.parts.implementation) {
        // An entry of an older Weft has no files to compare.
        changed.push(...(before.files && now.files ? implementationChanges(before.files, now.files) : ['implementation changed']));
    }
    if (before.parts.runtime !== now.parts.runtime && !changed.includes('runtime changed')) changed.push('runtime changed');
    if (before.parts.image !== now.parts.image) changed.push('image changed');
    const names = new Set([...Object.keys(before.parts.inputs), ...Object.keys(now.parts.inputs)]);
    for (const name of [...names].sort()) if (before.parts.inputs[name] !== now.parts.inputs[name]) changed.push(`input ${name} changed`);
    if (before.parts.version !== now.parts.version) changed.push('cache.version changed');
    return changed;
}

function implementationChanges(before: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): string[] {
    const files = [...new Set([...Object.keys(before), ...Object.keys(now)])].filter(file => before[file] !== now[file]).sort();
    const source = files.filter(file => kindOf(file) === 'source');
    const dependency = files.filter(file => kindOf(file) === 'dependency');
    const phrases = [
        ...(source.length > 0 ? [`implementation changed (${listed(source)})`] : []),
        ...(dependency.length > 0 ? [`dependency changed (${listed(dependency)})`] : []),
        ...(files.some(file => kindOf(file) === 'runtime') ? ['runtime changed'] : []),
    ];
    // The code changed but no file did (another esbuild).
    return phrases.length > 0 ? phrases : ['implementation changed'];
}

/** Weft's own packages, a package's file, or a file of the project. */
function kindOf(file: string): 'runtime' | 'dependency' | 'source' {
    if (file.startsWith('@weft/runtime/') || file.startsWith('@weft/contract/')) return 'runtime';
    return file.split('/').includes('node_modules') ? 'dependency' : 'source';
}

function listed(files: readonly string[]): string {
    const more = files.length - namedFiles;
    return `${files.slice(0, namedFiles).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
