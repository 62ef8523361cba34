import { DocumentState, type FileSystemProvider, type LangiumSharedCoreServices, type URI, UriUtils, WorkspaceCache } from 'langium';

/** The parts of a `package.json` that imports care about. */
export interface PackageManifest {
    readonly uri: URI;
    /** The version range the manifest asks for `packageName` (dependencies, devDependencies, peerDependencies, in that order). */
    rangeFor(packageName: string): string | undefined;
}

const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies'] as const;

/**
 * Finds the `package.json` nearest above a file, through the file system provider (so it works
 * wherever the documents come from, and finds nothing in a browser). Results are cached per
 * folder for one build; an unreadable or malformed manifest counts as one without dependencies.
 */
export class PackageManifests {
    private readonly fileSystem: FileSystemProvider;
    private readonly byFolder: WorkspaceCache<string, PackageManifest | undefined>;

    constructor(shared: LangiumSharedCoreServices) {
        this.fileSystem = shared.workspace.FileSystemProvider;
        this.byFolder = new WorkspaceCache(shared, DocumentState.IndexedContent);
    }

    /** The nearest `package.json` in the folder of `file` or above it. */
    nearest(file: URI): PackageManifest | undefined {
        return this.inFolderOrAbove(UriUtils.dirname(file));
    }

    private inFolderOrAbove(folder: URI): PackageManifest | undefined {
        const key = folder.toString();
        if (this.byFolder.has(key)) return this.byFolder.get(key);
        const here = this.read(UriUtils.joinPath(folder, 'package.json'));
        const parent = UriUtils.dirname(folder);
        const found = here ?? (parent.path === folder.path ? undefined : this.inFolderOrAbove(parent));
        this.byFolder.set(key, found);
        return found;
    }

    private read(uri: URI): PackageManifest | undefined {
        let json: unknown;
        try {
            if (!this.fileSystem.existsSync(uri)) return undefined;
            json = JSON.parse(this.fileSystem.readFileSync(uri));
        } catch {
            // Present but unreadable or not JSON: the nearest manifest, with nothing in it.
            return { uri, rangeFor: () => undefined };
        }
        return { uri, rangeFor: packageName => rangeIn(json, packageName) };
    }
}

function rangeIn(json: unknown, packageName: string): string | undefined {
    if (typeof json !== 'object' || json === null) return undefined;
    for (const field of dependencyFields) {
        const dependencies = (json as Record<string, unknown>)[field];
        if (typeof dependencies !== 'object' || dependencies === null) continue;
        const range = (dependencies as Record<string, unknown>)[packageName];
        if (typeof range === 'string') return range;
    }
    return undefined;
}

const instances = new WeakMap<LangiumSharedCoreServices, PackageManifests>();

/** The manifest finder of a set of services (one per services, so its cache follows their builds). */
export function packageManifestsOf(shared: LangiumSharedCoreServices): PackageManifests {
    let manifests = instances.get(shared);
    if (!manifests) {
        manifests = new PackageManifests(shared);
        instances.set(shared, manifests);
    }
    return manifests;
}
