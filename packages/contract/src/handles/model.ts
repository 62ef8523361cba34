import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactFormatError } from './artifact-errors.js';

/** Carries a model's `In` and `Out` in its type only (no value has this property). */
declare const modelSignature: unique symbol;

/**
 * A handle on a `Model<In, Out>`: a model artifact (a file or a folder) that maps `In` to `Out`.
 * `In` is contravariant and `Out` covariant, as in Weft: a model that accepts more inputs, or
 * promises narrower outputs, may stand where another is expected.
 */
export class Model<In, Out> {
    declare readonly [modelSignature]?: (input: In) => Out;

    constructor(
        /** The model file or folder. */
        readonly path: string,
    ) {}

    /** Reads a model stored as one JSON document. */
    async readJson<Value = unknown>(): Promise<Value> {
        const text = await fs.readFile(this.path, 'utf8');
        try {
            return JSON.parse(text) as Value;
        } catch (error) {
            throw new ArtifactFormatError(this.path, 'is not JSON', { cause: error });
        }
    }

    /** Stores `value` as JSON at `file` (creating its folder) and returns a handle on it. */
    static async writeJson<In, Out>(file: string, value: unknown): Promise<Model<In, Out>> {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, `${JSON.stringify(value)}\n`, 'utf8');
        return new Model<In, Out>(file);
    }
}
