import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { PlanSchema } from '../contract/plan.js';
import { describeValue, mismatchOf, nestedValidatorOf, type ValueMismatch } from '../plan/value-schema.js';

/** The first record of a dataset that does not fit its type: which (0-based, blank lines are not records), on which line, and how. */
export interface RecordMismatch extends ValueMismatch {
    readonly record: number;
    readonly line: number;
}

/** Bytes read at a time: big enough that reading costs what the disk does, small enough to stay flat. */
const CHUNK = 1024 * 1024;

/**
 * Checks every record of a JSON Lines dataset (the only format a `Dataset` has, see
 * `@weft/contract`'s handles/dataset.ts) against `records`, the `x-weft-records` schema nested
 * in `root`, streaming it so memory stays flat. The outcome is remembered by the file's identity
 * (device, inode, size, mtime, ctime) for this process, and a pass by the content digest across
 * runs when the file is in an artifact store (whose file names are digests): the same content is
 * not checked twice against the same schema. `signal` ends the wait, not a pass others share.
 */
export async function checkDatasetRecords(file: string, root: PlanSchema, records: PlanSchema, signal?: AbortSignal): Promise<RecordMismatch | undefined> {
    const schemaKey = schemaKeyOf(root, records);
    const info = await stat(file, { bigint: true });
    const identity = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}|${schemaKey}`;
    // Tasks that read one dataset at once (a fan-out) share one pass over it; its outcome is kept.
    let checking = checked.get(identity);
    if (checking === undefined) {
        checking = checkOnce(file, root, records, schemaKey);
        checked.set(identity, checking);
        checking.catch(() => checked.delete(identity));
    }
    return untilAborted(checking, signal);
}

/** Outcomes by file identity and schema: a file that changes gets a new identity (its ctime at least). */
const checked = new Map<string, Promise<RecordMismatch | undefined>>();

async function checkOnce(file: string, root: PlanSchema, records: PlanSchema, schemaKey: string): Promise<RecordMismatch | undefined> {
    const marker = storedMarker(file, schemaKey);
    if (marker !== undefined && existsSync(marker)) return undefined;
    const mismatch = await firstBadRecord(file, nestedValidatorOf(root, records));
    if (mismatch === undefined && marker !== undefined) {
        // Remembering is an optimization: a store that cannot take the marker is checked again next time.
        await mkdir(path.dirname(marker), { recursive: true }).then(() => writeFile(marker, '')).catch(() => undefined);
    }
    return mismatch;
}

/** The shared pass, or the waiter's own abort (the pass goes on for the others; it ends with the file). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined) return work;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}

const schemaKeys = new WeakMap<PlanSchema, string>();

/** A digest of the records' schema with the definitions it may use. */
function schemaKeyOf(root: PlanSchema, records: PlanSchema): string {
    let key = schemaKeys.get(records);
    if (key === undefined) {
        key = createHash('sha256').update(JSON.stringify([records, root['$defs'] ?? null])).digest('hex').slice(0, 32);
        schemaKeys.set(records, key);
    }
    return key;
}

/** `<store>/checked/<digest>-<schema>` for a file at `<store>/sha256/<2 hex>/<digest>.<ext>`, the artifact store's layout. */
function storedMarker(file: string, schemaKey: string): string | undefined {
    const match = /^(.*)[\\/]sha256[\\/][0-9a-f]{2}[\\/]([0-9a-f]{64})(\.[^\\/]*)?$/.exec(path.resolve(file));
    return match ? path.join(match[1]!, 'checked', `${match[2]}-${schemaKey}`) : undefined;
}

/** Reads the file in chunks, line by line as `Dataset.records` does (blank lines skipped), until a record does not fit. */
async function firstBadRecord(file: string, validate: ReturnType<typeof nestedValidatorOf>): Promise<RecordMismatch | undefined> {
    const handle = await open(file, 'r');
    try {
        const buffer = Buffer.alloc(CHUNK);
        const decoder = new StringDecoder('utf8');
        let rest = '';
        let line = 0;
        let record = 0;
        const check = (text: string): RecordMismatch | undefined => {
            line++;
            if (text.trim() === '') return undefined;
            let value: unknown;
            try {
                value = JSON.parse(text);
            } catch {
                return { record: record++, line, at: '', expected: 'a JSON record', found: `${describeValue(text)}, which is not JSON` };
            }
            const mismatch = mismatchOf(validate, value);
            const index = record++;
            return mismatch && { record: index, line, ...mismatch };
        };
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
            const text = bytesRead === 0 ? rest + decoder.end() : rest + decoder.write(buffer.subarray(0, bytesRead));
            let start = 0;
            for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
                const mismatch = check(text.slice(start, end));
                if (mismatch) return mismatch;
                start = end + 1;
            }
            rest = text.slice(start);
            if (bytesRead === 0) return rest === '' ? undefined : check(rest);
        }
    } finally {
        await handle.close();
    }
}
