import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A handle on a `File` artifact: any file a step reads or writes. */
export class File {
    constructor(
        /** Where the file is. */
        readonly path: string,
    ) {}

    async readBytes(): Promise<Uint8Array> {
        return new Uint8Array(await fs.readFile(this.path));
    }

    async readText(): Promise<string> {
        return fs.readFile(this.path, 'utf8');
    }

    /** Writes `content` to `file` (creating its folder) and returns a handle on it. */
    static async write(file: string, content: string | Uint8Array): Promise<File> {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, content);
        return new File(file);
    }
}
