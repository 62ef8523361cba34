// `keygen` called directly: a key pair written once, never over existing files.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPrivateKey, readPublicKey } from '@weft/runtime';
import { keygen } from '../../../src/commands/keygen/keygen.js';
import { tempProject, testIo, userErrorOf } from '../project-fixtures.js';

describe('keygen', () => {
    it('writes a private key readable only by its owner and the public key, and returns their paths and the key id', async () => {
        const folder = tempProject();
        const files = await keygen({ out: 'acme' }, testIo(folder));
        const publicKey = readPublicKey('acme.pub', folder);
        expect(files).toEqual({ privateKey: 'acme.key', publicKey: 'acme.pub', keyId: publicKey.id });
        expect(statSync(path.join(folder, 'acme.key')).mode & 0o777).toBe(0o600);
        expect(readPrivateKey('acme.key', folder)).toBeDefined();
        expect(readFileSync(path.join(folder, 'acme.pub'), 'utf8')).toContain('PUBLIC KEY');
    });

    it('refuses to overwrite a key file, and a folder that does not exist, writing nothing', async () => {
        const folder = tempProject();
        writeFileSync(path.join(folder, 'acme.pub'), 'mine\n');
        const io = testIo(folder);
        expect(await userErrorOf(keygen({ out: 'acme' }, io))).toBe('not overwriting acme.pub; remove it or choose another --out');
        expect(readFileSync(path.join(folder, 'acme.pub'), 'utf8')).toBe('mine\n');
        expect(await userErrorOf(keygen({ out: 'keys/acme' }, io))).toBe('cannot write keys/acme: the folder keys does not exist');
    });
});
