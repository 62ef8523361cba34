// docs/security.md's worked example is true: its key pair, file and signature verify; signing
// the file with its key reproduces its signature byte for byte; its OpenSSL recipe verifies.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePrivateKey, parsePublicKey, signFile, verifyFile } from '../../src/trust/index.js';

const doc = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/security.md'), 'utf8');

/** The doc's fenced blocks that name a file (```pem doc.pub), by file name. */
const files = Object.fromEntries([...doc.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)].map(match => [match[1]!, match[2]!]));

describe('docs/security.md', () => {
    it('holds the four files of its worked example', () => {
        expect(Object.keys(files).sort()).toEqual(['doc.key', 'doc.pub', 'model.bin', 'model.bin.sig']);
    });

    it('its signature verifies, and signing again gives the same bytes', async () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-doc-'));
        for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
        const publicKey = parsePublicKey(files['doc.pub']!, 'doc.pub');
        expect(publicKey.id).toBe(createHash('sha256').update(publicKey.bytes).digest('hex'));
        expect(doc).toContain(`key-id ${publicKey.id}`);
        expect(doc).toContain(Buffer.from(publicKey.bytes).toString('hex').slice(0, 8));
        const model = path.join(folder, 'model.bin');
        expect(await verifyFile(model, publicKey)).toMatchObject({ ok: true, manifest: { name: 'model.bin', size: 11 } });
        await signFile(model, parsePrivateKey(files['doc.key']!, 'doc.key'));
        expect(readFileSync(`${model}.sig`, 'utf8')).toBe(files['model.bin.sig']);
    });

    it('its OpenSSL recipe verifies the example, and fails on a changed file', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-doc-'));
        for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
        const recipe = /^```sh\n([\s\S]*?)^```$/m.exec(doc.slice(doc.indexOf('## Verifying with another tool')))![1]!;
        const good = spawnSync('bash', ['-e', '-c', recipe], { cwd: folder, encoding: 'utf8' });
        expect(good.stdout).toBe('Signature Verified Successfully\nmodel.bin: verified\n');
        writeFileSync(path.join(folder, 'model.bin'), 'weights v2\n');
        const bad = spawnSync('bash', ['-e', '-c', recipe], { cwd: folder, encoding: 'utf8' });
        expect(bad.status).not.toBe(0);
        expect(bad.stdout).not.toContain('model.bin: verified');
    });
});
