/**
 * Where generated files go, as POSIX paths relative to the output folder. Kept free of
 * `node:path` so that generation also runs in a browser.
 */

/** Splits a path into segments, resolving `.` and `..`. */
function segments(path: string): string[] {
    const result: string[] = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.') continue;
        if (part === '..' && result.length > 0 && result[result.length - 1] !== '..') result.pop();
        else result.push(part);
    }
    return result;
}

function normalizePath(path: string): string {
    return segments(path).join('/');
}

export function dirnameOf(path: string): string {
    const parts = segments(path);
    parts.pop();
    return parts.join('/');
}

export function joinPaths(...parts: string[]): string {
    return normalizePath(parts.filter(part => part !== '').join('/'));
}

/** The path from the folder `fromDir` to `to` (both relative to the same root). */
export function relativePath(fromDir: string, to: string): string {
    const from = segments(fromDir);
    const target = segments(to);
    let common = 0;
    while (common < from.length && common < target.length && from[common] === target[common]) common++;
    return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/** An import specifier from one generated module to another: `./text.js`, `../lib/labels.js`. */
export function moduleSpecifier(fromModule: string, toModule: string): string {
    const relative = relativePath(dirnameOf(fromModule), toModule).replace(/\.ts$/, '.js');
    return relative.startsWith('../') ? relative : `./${relative}`;
}

/**
 * The module a `.weft` file becomes, given its path relative to the root of generation.
 * Files outside the root (`../shared/x.weft`, packages in `node_modules`) go under `external/`.
 */
export function modulePathFor(relativeWeftPath: string): string {
    let path = normalizePath(relativeWeftPath);
    const packageStart = path.lastIndexOf('node_modules/');
    if (packageStart >= 0) path = `external/${path.slice(packageStart + 'node_modules/'.length)}`;
    else if (path.startsWith('../')) path = `external/${path.replace(/^(\.\.\/)+/, '')}`;
    return path.replace(/\.weft$/, '.ts');
}
