// attempt-files.ts on a real file system: what the host refuses to read in an attempt's out/
// folder beyond the hostile steps of sandbox/output-reads.test.ts, and the store's abortable copy.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/artifacts/artifact-store.js';
import { AttemptFileError, openAttemptFile, readAttemptFile, readAttemptJson } from '../../src/artifacts/attempt-files.js';

function attemptFolder(): { workDir: string; outDir: string } {
    const workDir = mkdtempSync(path.join(tmpdir(), 'weft-attempt-files-'));
    const outDir = path.join(workDir, 'out');
    mkdirSync(outDir);
    return { workDir, outDir };
}

async function refusal(outDir: string, relative: string): Promise<string> {
    const error = await openAttemptFile(outDir, relative).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AttemptFileError);
    return (error as Error).message;
}

describe('reading an attempt\'s out/ folder', () => {
    it('refuses a link even when it points inside out/', async () => {
        const { outDir } = attemptFolder();
        writeFileSync(path.join(outDir, 'real.txt'), 'mine');
        mkdirSync(path.join(outDir, 'data'));
        symlinkSync('real.txt', path.join(outDir, 'alias.txt'));
        symlinkSync('data', path.join(outDir, 'folder'));
        writeFileSync(path.join(outDir, 'data', 'inner.txt'), 'mine');
        expect(await refusal(outDir, 'alias.txt')).toBe('out/alias.txt is a symbolic link; the host does not follow links a step leaves');
        expect(await refusal(outDir, 'folder/inner.txt')).toBe('out/folder/inner.txt is reached through a symbolic link (folder); the host does not follow links a step leaves');
        const file = await openAttemptFile(outDir, 'data/inner.txt');
        expect(file?.size).toBe(4);
        await file?.handle.close();
    });

    it('refuses an out/ folder replaced by a link (a process step can do it), a folder as a file, and paths outside out/', async () => {
        const { workDir, outDir } = attemptFolder();
        mkdirSync(path.join(outDir, 'model'));
        expect(await refusal(outDir, 'model')).toBe('out/model is a folder, not a regular file');
        expect(await refusal(outDir, '../in/inputs.json')).toBe('out/../in/inputs.json is not a file under the attempt\'s out/ folder');
        const elsewhere = mkdtempSync(path.join(tmpdir(), 'weft-attempt-files-elsewhere-'));
        writeFileSync(path.join(elsewhere, 'outputs.json'), '{"secret":1}');
        const linked = path.join(workDir, 'linked-out');
        symlinkSync(elsewhere, linked);
        expect(await refusal(linked, 'outputs.json')).toBe('out/outputs.json cannot be read: the attempt\'s out/ folder is not a folder');
    });

    it('says a missing file or out/ folder is absent rather than failing', async () => {
        const { workDir, outDir } = attemptFolder();
        expect(await readAttemptJson(outDir, 'outputs.json', { bytes: 1024, name: 'test' })).toBeUndefined();
        expect(await readAttemptJson(path.join(workDir, 'none'), 'spans.json', { bytes: 1024, name: 'test' })).toBeUndefined();
    });

    it('reads only the bytes fstat counted, and refuses past the limit before reading', async () => {
        const { outDir } = attemptFolder();
        const file = path.join(outDir, 'outputs.json');
        writeFileSync(file, '{"a":1}');
        const opened = (await openAttemptFile(outDir, 'outputs.json'))!;
        appendFileSync(file, ' '.repeat(1024 * 1024)); // grows after the open
        expect((await readAttemptFile(opened, { bytes: 100, name: 'test' })).toString()).toBe('{"a":1}');
        await opened.handle.close();
        await expect(readAttemptJson(outDir, 'outputs.json', { bytes: 1024, name: 'maxOutputBytes', advice: 'use artifacts' }))
            .rejects.toThrow('out/outputs.json is 1.0 MiB, more than the 1 KiB allowed (maxOutputBytes); use artifacts');
    });
});

describe('the artifact store\'s copy', () => {
    it('stops when its signal aborts, leaving no partial copy and storing nothing', async () => {
        const { outDir } = attemptFolder();
        writeFileSync(path.join(outDir, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 7));
        const store = new ArtifactStore(mkdtempSync(path.join(tmpdir(), 'weft-attempt-files-store-')));
        const file = (await openAttemptFile(outDir, 'big.bin'))!;
        const controller = new AbortController();
        controller.abort(new Error('timed out'));
        await expect(store.putOpened(file.handle, file.size, '.bin', controller.signal)).rejects.toThrow('timed out');
        await file.handle.close();
        expect(readdirSync(store.dir)).toEqual([]);
        // Without an abort the same file is stored, 0444 under a 0700 folder.
        const again = (await openAttemptFile(outDir, 'big.bin'))!;
        const stored = await store.putOpened(again.handle, again.size, '.bin');
        await again.handle.close();
        expect(stored.size).toBe(8 * 1024 * 1024);
        expect(existsSync(stored.path)).toBe(true);
        expect(readdirSync(store.dir)).toEqual(['sha256']);
    });
});
