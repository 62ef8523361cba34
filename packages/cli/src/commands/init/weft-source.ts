import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliFolder } from '../../version.js';

/** The Weft packages a new project depends on. */
export const WEFT_PACKAGES = ['@weft/contract', '@weft/language', '@weft/runtime', '@weft/cli'] as const;
export type WeftPackage = typeof WEFT_PACKAGES[number];

/**
 * Where the Weft that runs `weft init` came from, so the project it writes installs the same one:
 * the registry (a `^version` range), or the folder of tarballs `npm run build` packs (`pack/` in
 * the repository, docs/install.md) that this CLI was installed from or belongs to.
 */
export type WeftSource =
    | { readonly kind: 'registry'; readonly version: string }
    | { readonly kind: 'tarballs'; readonly version: string; readonly folder: string };

/** The dependency spec of `name` in a project made by this Weft. */
export function weftSpec(source: WeftSource, name: WeftPackage): string {
    if (source.kind === 'registry') return `^${source.version}`;
    return `file:${path.join(source.folder, tarballName(name, source.version))}`;
}

/** The file `npm pack` writes for `name` at `version`: `@weft/cli` → `weft-cli-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
    return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** The source of the CLI whose package folder (the one with its package.json) is `cliFolder`. */
export function weftSourceOf(cliFolder: string): WeftSource {
    const version = (JSON.parse(readFileSync(path.join(cliFolder, 'package.json'), 'utf8')) as { version: string }).version;
    const installed = /^(.*)[\\/]node_modules[\\/]@weft[\\/]cli$/.exec(cliFolder);
    const tarball = installed ? installedFrom(installed[1]!) : repositoryTarball(cliFolder, version);
    return tarball !== undefined && WEFT_PACKAGES.every(name => existsSync(path.join(path.dirname(tarball), tarballName(name, version))))
        ? { kind: 'tarballs', version, folder: path.dirname(tarball) }
        : { kind: 'registry', version };
}

/** The source of the running CLI. */
export function currentWeftSource(): WeftSource {
    return weftSourceOf(cliFolder());
}

/** The tarball npm installed `@weft/cli` from into `project`, as its hidden lockfile records it. */
function installedFrom(project: string): string | undefined {
    try {
        const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as
            { packages?: Record<string, { resolved?: string }> };
        const resolved = lock.packages?.['node_modules/@weft/cli']?.resolved;
        return resolved?.startsWith('file:') && resolved.endsWith('.tgz') ? path.resolve(project, resolved.slice('file:'.length)) : undefined;
    } catch {
        return undefined;
    }
}

/** In the repository (packages/cli), the CLI's tarball in the root's `pack/`. */
function repositoryTarball(cliFolder: string, version: string): string {
    return path.join(cliFolder, '..', '..', 'pack', tarballName('@weft/cli', version));
}
