import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { MAX_SOURCE_BYTES } from '../parsing/source-limits.js';
import { readRegularFile, readRegularFileSync } from './regular-files.js';

/** What is read of any other file: step implementations (which may be bundles) and `package.json`. */
const MAX_OTHER_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Langium's Node file system, reading only regular files of a bounded size (see
 * regular-files.ts): a `.weft` file up to {@link MAX_SOURCE_BYTES}, anything else up to
 * {@link MAX_OTHER_FILE_BYTES}. The checker and the language server read every file through it.
 */
export class BoundedNodeFileSystemProvider extends NodeFileSystemProvider {
    override readBinarySync(uri: URI): Uint8Array {
        return readRegularFileSync(uri.fsPath, limitFor(uri));
    }

    override readBinary(uri: URI): Promise<Uint8Array> {
        return readRegularFile(uri.fsPath, limitFor(uri));
    }

    override readFileSync(uri: URI): string {
        return readRegularFileSync(uri.fsPath, limitFor(uri)).toString('utf8');
    }

    override async readFile(uri: URI): Promise<string> {
        return (await readRegularFile(uri.fsPath, limitFor(uri))).toString('utf8');
    }
}

function limitFor(uri: URI): number {
    return uri.path.endsWith('.weft') ? MAX_SOURCE_BYTES : MAX_OTHER_FILE_BYTES;
}

/** The file system for `createWeftServices` and `createWeftLspServices`, in place of Langium's `NodeFileSystem`. */
export const BoundedNodeFileSystem = {
    fileSystemProvider: () => new BoundedNodeFileSystemProvider(),
};
