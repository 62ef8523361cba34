import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIo } from '../src/io.js';
import { expectBuiltCli, fixturesFolder } from './run-weft.js';

// main() loads @weft/language through its package exports, i.e. from its dist/.
expectBuiltCli();
const { main } = await import('../src/main.js');

/** main() in this process, with recorded output and no terminal. */
async function runMain(args: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
        cwd: fixturesFolder,
        env,
        stdout: { isTTY: false, write: text => void (stdout += text) },
        stderr: { isTTY: false, write: text => void (stderr += text) },
    };
    const exitCode = await main(args, io);
    return { exitCode, stdout, stderr };
}

describe('main', () => {
    test('returns the exit code instead of exiting', async () => {
        expect((await runMain(['check', 'clean'])).exitCode).toBe(0);
        expect((await runMain(['check', 'broken'])).exitCode).toBe(1);
        expect((await runMain(['check', '--nope'])).exitCode).toBe(2);
    });

    test('checks relative to the given working directory', async () => {
        const run = await runMain(['check', 'imports/app', '--format', 'json']);
        const report = JSON.parse(run.stdout) as { diagnostics: { file: string }[] };
        expect(report.diagnostics.map(diagnostic => diagnostic.file)).toEqual([path.join('imports', 'lib', 'labels.weft')]);
    });

    test('an unknown option is one line on stderr', async () => {
        const run = await runMain(['check', '--quite']);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toBe("weft: unknown option '--quite' (Did you mean --quiet?)\n");
        expect(run.stdout).toBe('');
    });
});
