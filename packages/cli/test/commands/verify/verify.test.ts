// `verify` called directly: each file's result (a failed one is a result, not an error), each
// reported as it is checked; an unusable key is refused.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keygen } from '../../../src/commands/keygen/keygen.js';
import { sign } from '../../../src/commands/sign/sign.js';
import { verify, type VerifiedFile } from '../../../src/commands/verify/verify.js';
import { tempProject, testIo, userErrorOf } from '../project-fixtures.js';

/** A project with a key pair `acme` and `good.txt` and `changed.txt` signed with it, then `changed.txt` changed. */
async function project(): Promise<{ folder: string; keyId: string }> {
    const folder = tempProject();
    const { keyId } = await keygen({ out: 'acme' }, testIo(folder));
    writeFileSync(path.join(folder, 'good.txt'), 'good');
    writeFileSync(path.join(folder, 'changed.txt'), 'before');
    await sign({ files: ['good.txt', 'changed.txt'], key: 'acme.key' }, testIo(folder));
    writeFileSync(path.join(folder, 'changed.txt'), 'after!');
    return { folder, keyId };
}

describe('verify', () => {
    it('returns each file as verified with its size and key, or not verified with why', async () => {
        const { folder, keyId } = await project();
        writeFileSync(path.join(folder, 'unsigned.txt'), 'x');
        const told: VerifiedFile[] = [];
        const results = await verify({ files: ['good.txt', 'changed.txt', 'unsigned.txt'], key: 'acme.pub', onVerified: result => told.push(result) }, testIo(folder));
        expect(results[0]).toEqual({ file: 'good.txt', verified: true, size: 4, key: keyId });
        expect(results[1]).toMatchObject({ file: 'changed.txt', verified: false });
        expect(results[2]).toMatchObject({ file: 'unsigned.txt', verified: false });
        expect(results.slice(1).map(result => result.verified ? '' : result.failure)).toEqual(['content-changed', 'missing-signature']);
        expect(told).toEqual(results);
    });

    it('fails a file signed with another key, and refuses a private key given as the public one', async () => {
        const { folder } = await project();
        const io = testIo(folder);
        await keygen({ out: 'other' }, io);
        const [result] = await verify({ files: ['good.txt'], key: 'other.pub' }, io);
        expect(result).toMatchObject({ file: 'good.txt', verified: false, failure: 'wrong-key' });
        expect(await userErrorOf(verify({ files: ['good.txt'], key: 'acme.key' }, io))).toBe('key acme.key: is a private key; give the public key (.pub)');
    });
});
