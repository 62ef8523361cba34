import type { FileSystemNode, FileSystemProvider, URI } from 'langium';

/** A file system in memory, keyed by URI path, for tests that change files between builds. */
export class MemoryFileSystem implements FileSystemProvider {
    private readonly files = new Map<string, string>();

    write(uri: URI, text: string): void {
        this.files.set(uri.path, text);
    }

    delete(uri: URI): void {
        this.files.delete(uri.path);
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        return this.statSync(uri);
    }

    statSync(uri: URI): FileSystemNode {
        const isFile = this.files.has(uri.path);
        return { uri, isFile, isDirectory: !isFile && this.isFolder(uri) };
    }

    async exists(uri: URI): Promise<boolean> {
        return this.existsSync(uri);
    }

    existsSync(uri: URI): boolean {
        return this.files.has(uri.path) || this.isFolder(uri);
    }

    async readBinary(uri: URI): Promise<Uint8Array> {
        return this.readBinarySync(uri);
    }

    readBinarySync(uri: URI): Uint8Array {
        return new TextEncoder().encode(this.readFileSync(uri));
    }

    async readFile(uri: URI): Promise<string> {
        return this.readFileSync(uri);
    }

    readFileSync(uri: URI): string {
        const text = this.files.get(uri.path);
        if (text === undefined) throw new Error(`ENOENT: ${uri.path}`);
        return text;
    }

    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return this.readDirectorySync(uri);
    }

    readDirectorySync(uri: URI): FileSystemNode[] {
        const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
        return [...this.files.keys()]
            .filter(path => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
            .map(path => ({ uri: uri.with({ path }), isFile: true, isDirectory: false }));
    }

    private isFolder(uri: URI): boolean {
        const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
        return [...this.files.keys()].some(path => path.startsWith(prefix));
    }
}
