// Signing and verifying files (docs/security.md): every way a file, its signature or its key can
// be wrong, keys from OpenSSL, signatures OpenSSL verifies, and constant memory on a 1 GB file.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, truncateSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    FileDigests, generateKeyPair, hashFile, KeyError, parsePrivateKey, parsePublicKey, parseSignatureFile, readPublicKey, signFile, verifyFile,
    VerificationFailure, MalformedSignatureError,
} from '../../src/trust/index.js';

const runtimeFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
function keys() {
    const pair = generateKeyPair();
    return { privateKey: parsePrivateKey(pair.privatePem, 'test.key'), publicKey: parsePublicKey(pair.publicPem, 'test.pub'), ...pair };
}

function folderWith(files: Record<string, string | Buffer>): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-trust-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
    return folder;
}

const weights = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 31 + 7) % 256));

describe('signFile and verifyFile', () => {
    it('verifies a file signed with the matching key', async () => {
        const { privateKey, publicKey } = keys();
        const folder = folderWith({ 'model.bin': weights });
        const file = path.join(folder, 'model.bin');
        await signFile(file, privateKey);
        const result = await verifyFile(file, publicKey);
        expect(result).toMatchObject({ ok: true, keyId: publicKey.id, manifest: { name: 'model.bin', size: 4096 } });
        const sig = parseSignatureFile(readFileSync(`${file}.sig`, 'utf8'));
        expect(sig.manifest.sha512).toBe((await hashFile(file, ['sha512'])).sha512);
    });

    it('names each way the file, its signature or the key can be wrong', async () => {
        const { privateKey, publicKey } = keys();
        const other = keys();
        const folder = folderWith({ 'a.bin': weights, 'b.bin': Buffer.concat([weights, weights]) });
        const a = path.join(folder, 'a.bin');
        const b = path.join(folder, 'b.bin');
        await signFile(a, privateKey);
        await signFile(b, privateKey);
        const failureOf = async (file: string, key = publicKey) => {
            const result = await verifyFile(file, key);
            return result.ok ? 'ok' : `${result.failure}: ${result.reason}`;
        };

        expect(await failureOf(a, other.publicKey)).toMatch(/^wrong-key: the signature is by another key/);

        const flipped = path.join(folder, 'flipped.bin');
        copyFileSync(a, flipped);
        copyFileSync(`${a}.sig`, `${flipped}.sig`);
        writeFileSync(`${flipped}.sig`, readFileSync(`${a}.sig`, 'utf8').replace('name a.bin', 'name flipped.bin'));
        // The renamed manifest no longer matches its signature: an edited .sig is caught as such.
        expect(await failureOf(flipped)).toMatch(/^bad-signature: .*altered or forged/);
        await signFile(flipped, privateKey);
        const bytes = readFileSync(flipped);
        bytes[1000] = bytes[1000]! ^ 0x01;
        writeFileSync(flipped, bytes);
        expect(await failureOf(flipped)).toMatch(/^content-changed: the file's content differs from what was signed/);

        const truncated = path.join(folder, 'truncated.bin');
        copyFileSync(b, truncated);
        await signFile(truncated, privateKey);
        truncateSync(truncated, 1000);
        expect(await failureOf(truncated)).toBe(`size-changed: the file is 1000 bytes but 8192 bytes were signed (truncated)`);
        appendFileSync(truncated, Buffer.alloc(9000));
        expect(await failureOf(truncated)).toMatch(/^size-changed: .*\(extended\)/);

        // b's valid signature put beside a: a swapped signature file.
        copyFileSync(`${b}.sig`, `${a}.sig`);
        expect(await failureOf(a)).toBe('other-file: the signature is for another file, b.bin');

        const unsigned = path.join(folder, 'unsigned.bin');
        writeFileSync(unsigned, weights);
        expect(await failureOf(unsigned)).toBe('missing-signature: there is no signature (unsigned.bin.sig is missing)');
        expect(await failureOf(path.join(folder, 'gone.bin'))).toBe('missing-file: the file does not exist');

        writeFileSync(`${unsigned}.sig`, 'weft-signature-v1\nname unsigned.bin\n');
        expect(await failureOf(unsigned)).toMatch(/^malformed-signature: the signature unsigned.bin.sig is malformed: expected 6 lines/);
        writeFileSync(`${unsigned}.sig`, readFileSync(`${b}.sig`, 'utf8').replace('sha512 ', 'sha512 zz'));
        expect(await failureOf(unsigned)).toMatch(/^malformed-signature: .*line 4 is not a valid "sha512" line/);
    });

    it('rejects malformed signature files field by field', () => {
        const good = `weft-signature-v1\nname m.bin\nsize 3\nsha512 ${'a'.repeat(128)}\nkey-id ${'b'.repeat(64)}\nsignature ${Buffer.alloc(64, 1).toString('base64')}\n`;
        expect(parseSignatureFile(good).manifest).toEqual({ name: 'm.bin', size: 3, sha512: 'a'.repeat(128) });
        for (const [broken, message] of [
            [good.replace('weft-signature-v1', 'weft-signature-v2'), /first line/],
            [good.replace('size 3', 'size 03'), /"size"/],
            [good.replace('key-id b', 'key-id '), /"key-id"/],
            [good.replace(/signature .*\n$/, 'signature AAAA\n'), /"signature"/],
            [good.slice(0, -1), /no final line feed/],
            [`${good}extra\n`, /found 7/],
        ] as const) {
            expect(() => parseSignatureFile(broken)).toThrow(MalformedSignatureError);
            expect(() => parseSignatureFile(broken)).toThrow(message);
        }
    });

    it('reads keys from files and environment variables, and says why a key is unusable', () => {
        const pair = keys();
        const folder = folderWith({ 'acme.pub': pair.publicPem, 'acme.key': pair.privatePem, 'junk.pub': 'hello\n' });
        expect(readPublicKey('acme.pub', folder).id).toBe(pair.publicKey.id);
        expect(readPublicKey('env:ACME_PUB', folder, { ACME_PUB: pair.publicPem }).id).toBe(pair.publicKey.id);
        expect(() => readPublicKey('env:ACME_PUB', folder, {})).toThrow('key env:ACME_PUB: the environment variable ACME_PUB is not set');
        expect(() => readPublicKey('missing.pub', folder)).toThrow('key missing.pub: no such file');
        expect(() => readPublicKey('junk.pub', folder)).toThrow(KeyError);
        expect(() => readPublicKey('acme.key', folder)).toThrow('is a private key; give the public key');
        // A PEM block of another algorithm (an RSA-length body) is refused by its DER prefix.
        expect(() => parsePublicKey(`-----BEGIN PUBLIC KEY-----\n${Buffer.alloc(300, 7).toString('base64')}\n-----END PUBLIC KEY-----\n`, 'rsa.pub')).toThrow('is not an Ed25519 key');
    });

    it('interoperates with OpenSSL: its keys sign, and it verifies the manifest as docs/security.md says', async () => {
        const folder = folderWith({ 'model.bin': weights });
        const run = (...args: string[]) => spawnSync('openssl', args, { cwd: folder, encoding: 'utf8' });
        expect(run('genpkey', '-algorithm', 'ed25519', '-out', 'ossl.key').status).toBe(0);
        expect(run('pkey', '-in', 'ossl.key', '-pubout', '-out', 'ossl.pub').status).toBe(0);
        const privateKey = parsePrivateKey(readFileSync(path.join(folder, 'ossl.key'), 'utf8'), 'ossl.key');
        const publicKey = readPublicKey('ossl.pub', folder);
        expect(privateKey.publicKey.id).toBe(publicKey.id);
        const file = path.join(folder, 'model.bin');
        await signFile(file, privateKey);
        expect((await verifyFile(file, publicKey)).ok).toBe(true);
        // The documented recipe: the first four lines are the signed manifest.
        const text = readFileSync(`${file}.sig`, 'utf8');
        writeFileSync(path.join(folder, 'manifest'), text.split('\n').slice(0, 4).map(line => `${line}\n`).join(''));
        writeFileSync(path.join(folder, 'sig.bin'), Buffer.from(/^signature (.*)$/m.exec(text)![1]!, 'base64'));
        const verified = run('pkeyutl', '-verify', '-pubin', '-inkey', 'ossl.pub', '-rawin', '-in', 'manifest', '-sigfile', 'sig.bin');
        expect(verified.stdout).toContain('Signature Verified Successfully');
        writeFileSync(path.join(folder, 'manifest'), text.split('\n').slice(0, 4).map(line => `${line}\n`).join('').replace('size 4096', 'size 4097'));
        expect(run('pkeyutl', '-verify', '-pubin', '-inkey', 'ossl.pub', '-rawin', '-in', 'manifest', '-sigfile', 'sig.bin').status).not.toBe(0);
    });

    it('verifies a 1 GB sparse file in bounded memory (peak RSS of a child process)', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-trust-big-'));
        const file = path.join(folder, 'big.bin');
        const size = 1024 ** 3;
        writeFileSync(file, '');
        truncateSync(file, size);
        const pair = generateKeyPair();
        writeFileSync(path.join(folder, 'k.key'), pair.privatePem);
        writeFileSync(path.join(folder, 'k.pub'), pair.publicPem);
        // Sign and verify in a fresh process whose peak RSS we read at the end (built runtime).
        const script = `
            import { readPrivateKey, readPublicKey, signFile, verifyFile } from ${JSON.stringify(path.join(runtimeFolder, 'dist', 'index.js'))};
            const folder = ${JSON.stringify(folder)};
            const baselineKb = process.resourceUsage().maxRSS;
            await signFile(${JSON.stringify(file)}, readPrivateKey('k.key', folder));
            const result = await verifyFile(${JSON.stringify(file)}, readPublicKey('k.pub', folder));
            console.log(JSON.stringify({ ok: result.ok, size: result.manifest?.size, baselineKb, maxRssKb: process.resourceUsage().maxRSS }));`;
        const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
        expect(child.stderr.replace(/.*ExperimentalWarning.*\n?/g, '').replace(/\(Use `node --trace-warnings.*\n?/g, '')).toBe('');
        const report = JSON.parse(child.stdout) as { ok: boolean; size: number; baselineKb: number; maxRssKb: number };
        expect(report.ok).toBe(true);
        expect(report.size).toBe(size);
        // Reading the file whole would add over 1,000,000 kB; streaming adds a few tens of MB to the
        // process's footprint after loading the runtime (garbage chunks awaiting collection).
        expect((report.maxRssKb - report.baselineKb) * 1024).toBeLessThan(size / 8);
        expect(report.maxRssKb * 1024).toBeLessThan(size / 4);
        expect(statSync(file).blocks * 512).toBeLessThan(size / 8); // the file stayed sparse: the test did not fill the disk
    }, 120_000);
});

describe('what is not a regular file is refused, never waited on', () => {
    it('a FIFO or a device as the .sig, the key or the hashed file', async () => {
        const { privateKey, publicKey } = keys();
        const folder = folderWith({ 'model.bin': weights, 'other.bin': weights });
        const file = path.join(folder, 'model.bin');
        await signFile(file, privateKey);
        execFileSync('mkfifo', [path.join(folder, 'other.bin.sig'), path.join(folder, 'fifo.pub'), path.join(folder, 'fifo.bin')]);
        expect(await verifyFile(path.join(folder, 'other.bin'), publicKey)).toEqual({
            ok: false, failure: VerificationFailure.MalformedSignature, reason: 'the signature other.bin.sig is a FIFO, not a regular file',
        });
        expect(() => readPublicKey('fifo.pub', folder)).toThrow(new KeyError('fifo.pub', 'is a FIFO, not a regular file'));
        expect(() => readPublicKey('/dev/urandom', folder)).toThrow(new KeyError('/dev/urandom', 'is a character device, not a regular file'));
        // A FIFO swapped in after a caller's stat: the hash refuses it on the open descriptor.
        await expect(hashFile(path.join(folder, 'fifo.bin'), ['sha512'])).rejects.toThrow(`${folder}/fifo.bin is a FIFO, not a regular file`);
        expect(await verifyFile(file, publicKey)).toMatchObject({ ok: true });
    });
});

describe('FileDigests', () => {
    it('hashes a file once for concurrent requests and again once it changes, even with its mtime put back', async () => {
        const folder = folderWith({ 'm.bin': weights });
        const file = path.join(folder, 'm.bin');
        let reads = 0;
        const digests = new FileDigests(async (target, algorithms) => {
            reads++;
            return hashFile(target, algorithms);
        });
        const results = await Promise.all(Array.from({ length: 100 }, () => digests.of(file, ['sha512'])));
        expect(reads).toBe(1);
        expect(new Set(results.map(result => result.sha512)).size).toBe(1);
        const before = statSync(file);
        const bytes = readFileSync(file);
        bytes[0] = bytes[0]! ^ 0xff;
        writeFileSync(file, bytes);
        utimesSync(file, before.atime, before.mtime);
        const changed = await digests.of(file, ['sha512']);
        expect(reads).toBe(2);
        expect(changed.sha512).not.toBe(results[0]!.sha512);
        // Asking for another algorithm reads again, once, and keeps the first.
        const both = await digests.of(file, ['sha256', 'sha512']);
        expect(reads).toBe(3);
        expect(both).toMatchObject({ sha512: changed.sha512, sha256: (await hashFile(file, ['sha256'])).sha256 });
    });
});
