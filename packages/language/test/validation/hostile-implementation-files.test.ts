import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadWorkspace } from '../../src/node/workspace-loader.js';

// `run:` may name any path. Before the checker read only regular files, a FIFO hung `weft check`
// (and the language server with it) and `/dev/zero` grew until the process was killed.
const folder = mkdtempSync(path.join(tmpdir(), 'weft-hostile-run-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('impl-not-found for what is not a regular file of a sane size', () => {
    test('a FIFO, /dev/zero, a folder and a 17 MiB file are refused at once, each with its reason', async () => {
        execFileSync('mkfifo', [path.join(folder, 'fifo.ts')]);
        mkdirSync(path.join(folder, 'folder.ts'));
        const big = openSync(path.join(folder, 'big.ts'), 'w');
        ftruncateSync(big, 17 * 1024 * 1024);
        closeSync(big);
        writeFileSync(path.join(folder, 'steps.ts'), 'export function fine() { return {}; }\n');
        const runs = ['./fifo.ts#x', '/dev/zero#x', './folder.ts#x', './big.ts#x', './steps.ts#fine'];
        const file = path.join(folder, 'pipeline.weft');
        writeFileSync(file, runs.map((run, i) => `step s${i}() {\n  run: "${run}"\n}\n`).join(''));
        const start = performance.now();
        const { roots } = await loadWorkspace([file]);
        expect(performance.now() - start).toBeLessThan(10_000);
        expect(roots[0]!.diagnostics!.map(diagnostic => [diagnostic.code, diagnostic.range.start.line + 1, diagnostic.message])).toEqual([
            ['impl-not-found', 2, `The implementation file \`./fifo.ts\` cannot be read: ${folder}/fifo.ts is a FIFO, not a regular file.`],
            ['impl-not-found', 5, 'The implementation file `/dev/zero` cannot be read: /dev/zero is a character device, not a regular file.'],
            ['impl-not-found', 8, `The implementation file \`./folder.ts\` cannot be read: ${folder}/folder.ts is a folder, not a regular file.`],
            ['impl-not-found', 11, `The implementation file \`./big.ts\` cannot be read: ${folder}/big.ts is larger than 16 MiB (17,825,792 bytes or more).`],
        ]);
    });
});
