// `sign` called directly: a signature beside each file, each reported as it is written; a
// missing file or an unusable key signs nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublicKey, verifyFile } from '@weft/runtime';
import { keygen } from '../../../src/commands/keygen/keygen.js';
import { sign, type SignedFile } from '../../../src/commands/sign/sign.js';
import { tempProject, testIo, userErrorOf } from '../project-fixtures.js';

/** A project with a key pair `acme` and two files to sign. */
async function project(): Promise<string> {
    const folder = tempProject();
    await keygen({ out: 'acme' }, testIo(folder));
    mkdirSync(path.join(folder, 'models'));
    writeFileSync(path.join(folder, 'models', 'weights.bin'), 'weights');
    writeFileSync(path.join(folder, 'data.csv'), 'a,b\n1,2\n');
    return folder;
}

describe('sign', () => {
    it('writes FILE.sig beside each file, which verifies with the public key, and returns each signed file', async () => {
        const folder = await project();
        const told: SignedFile[] = [];
        const signed = await sign({ files: ['models/weights.bin', 'data.csv'], key: 'acme.key', onSigned: file => told.push(file) }, testIo(folder));
        expect(signed).toEqual([
            { file: 'models/weights.bin', size: 7, signature: 'models/weights.bin.sig' },
            { file: 'data.csv', size: 8, signature: 'data.csv.sig' },
        ]);
        expect(told).toEqual(signed);
        const verification = await verifyFile(path.join(folder, 'data.csv'), readPublicKey('acme.pub', folder));
        expect(verification.ok).toBe(true);
    });

    it('reads the key from an environment variable given as env:NAME', async () => {
        const folder = await project();
        const io = testIo(folder, { WEFT_TEST_KEY: readFileSync(path.join(folder, 'acme.key'), 'utf8') });
        expect(await sign({ files: ['data.csv'], key: 'env:WEFT_TEST_KEY' }, io)).toEqual([{ file: 'data.csv', size: 8, signature: 'data.csv.sig' }]);
    });

    it('signs nothing when one file is missing or a folder, and refuses a public key or a missing one', async () => {
        const folder = await project();
        const io = testIo(folder);
        expect(await userErrorOf(sign({ files: ['data.csv', 'nope.bin'], key: 'acme.key' }, io))).toBe('cannot sign nope.bin: no such file');
        expect(await userErrorOf(sign({ files: ['models'], key: 'acme.key' }, io))).toBe('cannot sign models: it is not a file');
        expect(existsSync(path.join(folder, 'data.csv.sig'))).toBe(false);
        expect(await userErrorOf(sign({ files: ['data.csv'], key: 'acme.pub' }, io))).toBe('key acme.pub: is a public key; signing needs the private key (.key)');
        expect(await userErrorOf(sign({ files: ['data.csv'], key: 'env:NO_SUCH_KEY' }, io))).toMatch(/^key env:NO_SUCH_KEY: /);
    });
});
