import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ArtifactFormatError } from './artifact-errors.js';

/**
 * A handle on a `Dataset<T>`: a JSON Lines file of `T` records. The handle is what crosses
 * between steps; the records are read only when a step asks for them.
 */
export class Dataset<T> {
    constructor(
        /** The JSON Lines file. */
        readonly path: string,
    ) {}

    /** Every record, in file order. Blank lines are skipped. */
    async readAll(): Promise<T[]> {
        const records: T[] = [];
        for await (const record of this.records()) records.push(record);
        return records;
    }

    /** The records one at a time, for datasets too large to hold at once. */
    async *records(): AsyncGenerator<T> {
        const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
        let lineNumber = 0;
        for await (const line of lines) {
            lineNumber++;
            if (line.trim() === '') continue;
            try {
                yield JSON.parse(line) as T;
            } catch (error) {
                throw new ArtifactFormatError(this.path, `line ${lineNumber} is not JSON`, { cause: error });
            }
        }
    }

    /** Writes `records` as JSON Lines to `file` (creating its folder) and returns a handle on it. */
    static async write<T>(file: string, records: Iterable<T> | AsyncIterable<T>): Promise<Dataset<T>> {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const lines: string[] = [];
        for await (const record of records) lines.push(`${JSON.stringify(record)}\n`);
        await fs.writeFile(file, lines.join(''), 'utf8');
        return new Dataset<T>(file);
    }
}
