import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { binPath, expectBuiltCli, fixturesFolder, runWeft, runWeftOnTerminal } from './run-weft.js';

beforeAll(expectBuiltCli);

/** `file:line:col: severity code: message`. */
const diagnosticLine = /^(?<file>[^:]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|info) (?<code>[a-z-]+): (?<message>.+)$/;

function lines(text: string): string[] {
    return text.split('\n').filter(line => line !== '');
}

describe('weft check', () => {
    test('a clean file exits 0 with nothing on stdout and a summary on stderr', () => {
        const run = runWeft(['check', 'clean']);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('no problems in 1 file\n');
        expect(run.status).toBe(0);
    });

    test('errors exit 1, one line each in the text format, sorted by file, then the summary', () => {
        const run = runWeft(['check', 'broken']);
        expect(run.status).toBe(1);
        const reported = lines(run.stdout);
        expect(reported).toHaveLength(2);
        expect(reported[0]).toMatch(/^broken\/syntax\.weft:2:6: error syntax-error: \S/);
        expect(reported[1]).toMatch(/^broken\/unknown-type\.weft:1:38: error unknown-reference: .*Labell/);
        expect(run.stderr).toBe('2 errors in 2 files\n');
    });

    test('file paths are relative to the working directory', () => {
        const run = runWeft(['check', '.'], { cwd: path.join(fixturesFolder, 'broken') });
        expect(lines(run.stdout).map(line => line.match(diagnosticLine)?.groups?.['file'])).toEqual(['syntax.weft', 'unknown-type.weft']);
    });

    test('--format json prints exactly one object with 1-based positions', () => {
        const run = runWeft(['check', 'broken/unknown-type.weft', '--format', 'json']);
        expect(run.status).toBe(1);
        expect(run.stderr).toBe('');
        const report = JSON.parse(run.stdout) as { diagnostics: Record<string, unknown>[] };
        expect(Object.keys(report)).toEqual(['diagnostics']);
        expect(report.diagnostics).toHaveLength(1);
        const [diagnostic] = report.diagnostics;
        expect(Object.keys(diagnostic!)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
        // `Labell` is the 38th to 43rd character of the first line.
        expect(diagnostic).toMatchObject({
            file: 'broken/unknown-type.weft', line: 1, column: 38, endLine: 1, endColumn: 44,
            severity: 'error', code: 'unknown-reference',
        });
        expect(diagnostic!['message']).toContain('Labell');
    });

    test('--format json of a clean file is an empty list and exits 0', () => {
        const run = runWeft(['check', 'clean', '--format', 'json']);
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual({ diagnostics: [] });
    });

    test('folders are searched recursively', () => {
        const run = runWeft(['check', 'tree']);
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual([expect.stringMatching(/^tree\/nested\/deeper\/leaf\.weft:1:33: error unknown-reference: /)]);
        expect(run.stderr).toBe('1 error in 2 files\n');
    });

    test('imports are followed outside the given paths, and their diagnostics reported', () => {
        const run = runWeft(['check', 'imports/app']);
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual([expect.stringMatching(/^imports\/lib\/labels\.weft:2:24: error unknown-reference: .*Nowhere/)]);
        expect(run.stderr).toBe('1 error in 2 files\n');
    });

    test('several paths are checked together and each file once', () => {
        const run = runWeft(['check', 'clean', 'tree', 'tree/top.weft']);
        expect(run.stderr).toBe('1 error in 3 files\n');
    });

    test('the current folder is the default path', () => {
        const run = runWeft(['check'], { cwd: path.join(fixturesFolder, 'clean') });
        expect(run.status).toBe(0);
        expect(run.stderr).toBe('no problems in 1 file\n');
    });

    test('--quiet prints the errors and no summary', () => {
        const run = runWeft(['check', '--quiet', 'broken']);
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toHaveLength(2);
        expect(run.stderr).toBe('');
        const clean = runWeft(['check', '-q', 'clean']);
        expect(clean.status).toBe(0);
        expect(clean.stdout + clean.stderr).toBe('');
    });

    test('a missing path exits 2 with one line and no stack trace', () => {
        const run = runWeft(['check', 'clean', 'no/such/folder']);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('weft: cannot read no/such/folder: no such file or directory\n');
    });

    test('a folder without Weft files exits 2 with one line', () => {
        const run = runWeft(['check', 'no-weft']);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('weft: no .weft files in no-weft\n');
    });

    test('a file that is not a Weft file exits 2 with one line', () => {
        const run = runWeft(['check', 'clean/impl.ts']);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('weft: clean/impl.ts is not a .weft file\n');
    });

    test('an unknown flag exits 2 with one line', () => {
        const run = runWeft(['check', '--frmat', 'json', 'clean']);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(lines(run.stderr)).toEqual([expect.stringMatching(/^weft: unknown option '--frmat'/)]);
    });

    test('an unknown format exits 2 with one line', () => {
        const run = runWeft(['check', '--format', 'xml', 'clean']);
        expect(run.status).toBe(2);
        expect(lines(run.stderr)).toEqual([expect.stringMatching(/^weft: .*'xml'.*text, json/)]);
    });

    test('a reader that stops early (weft check | head -n 1) ends the check quietly', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-cli-epipe-'));
        try {
            // Enough diagnostics to overflow the pipe's buffer after `head` has gone.
            for (let i = 0; i < 300; i++) writeFileSync(path.join(folder, `f${i}.weft`), `type T${i} = { a: Missing${i} }\n`);
            const result = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" check . | head -n 1', process.execPath, binPath], { cwd: folder, encoding: 'utf8' });
            expect(result.stdout).toMatch(/^f\d+\.weft:1:\d+: error unknown-reference: [^\n]*\n$/);
            expect(result.stderr).not.toContain('EPIPE');
            expect(result.status).toBe(1);
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    test('no colour when the output is not a terminal, unless FORCE_COLOR asks for it', () => {
        const plain = runWeft(['check', 'broken']);
        expect(plain.stdout + plain.stderr).not.toContain('\x1b[');
        const forced = runWeft(['check', 'broken'], { env: { FORCE_COLOR: '1' } });
        expect(forced.stdout).toContain('\x1b[');
        expect(forced.stderr).toContain('\x1b[');
        expect(forced.status).toBe(1);
    });
});

describe('weft check on a terminal', () => {
    const progressLine = /\r\x1b\[Kchecking[^\r]*/g;

    test('shows progress, erases it, and colours the output', () => {
        const run = runWeftOnTerminal(['check', 'broken']);
        expect(run.status).toBe(1);
        expect(run.stdout).toContain('\r\x1b[Kchecking 2 files…');
        const output = run.stdout.replace(progressLine, '');
        expect(output).toMatch(/^\r\x1b\[K\x1b\[36mbroken\/syntax\.weft/);
        expect(output).toContain('\x1b[31merror');
    });

    test('NO_COLOR keeps the terminal output plain', () => {
        const run = runWeftOnTerminal(['check', 'broken'], { env: { NO_COLOR: '1' } });
        const output = run.stdout.replace(progressLine, '').replace(/\r\x1b\[K/g, '');
        expect(output).toContain('broken/syntax.weft:2:6: error syntax-error: ');
        expect(output).not.toContain('\x1b[');
    });

    test('--quiet shows no progress', () => {
        const run = runWeftOnTerminal(['check', '--quiet', 'broken']);
        expect(run.stdout).not.toContain('checking');
        expect(run.status).toBe(1);
    });
});

describe('weft check on hostile files', () => {
    // Each hung weft check, crashed it (exit 70) or ran it out of memory before the checker read
    // only regular files of a bounded size and refused texts past its limits. runWeft gives up
    // after 60 s, so a hang fails the test instead of hanging it.
    test('run: naming a FIFO or /dev/zero is impl-not-found with the reason, at once', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-check-hostile-'));
        try {
            execFileSync('mkfifo', [path.join(folder, 'fifo.ts')]);
            writeFileSync(path.join(folder, 'steps.weft'), 'step a() {\n  run: "./fifo.ts#x"\n}\nstep b() {\n  run: "/dev/zero#x"\n}\n');
            const run = runWeft(['check', 'steps.weft'], { cwd: folder });
            expect(run.status).toBe(1);
            expect(lines(run.stdout)).toEqual([
                `steps.weft:2:8: error impl-not-found: The implementation file \`./fifo.ts\` cannot be read: ${folder}/fifo.ts is a FIFO, not a regular file.`,
                'steps.weft:5:8: error impl-not-found: The implementation file `/dev/zero` cannot be read: /dev/zero is a character device, not a regular file.',
            ]);
            const direct = runWeft(['check', 'fifo.ts'], { cwd: folder });
            expect([direct.status, direct.stderr]).toEqual([2, 'weft: cannot read fifo.ts: not a regular file or a folder\n']);
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    test('4,000 chained terms are one too-deep error (exit 1, not a stack overflow), 1,000 check clean', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-check-hostile-'));
        try {
            writeFileSync(path.join(folder, 'deep.weft'), `const x = 1${' + 1'.repeat(4000)}\n`);
            writeFileSync(path.join(folder, 'fine.weft'), `const y = 1${' + 1'.repeat(1000)}\n`);
            const run = runWeft(['check', '.', '--format', 'json'], { cwd: folder });
            expect(run.status).toBe(1);
            const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; column: number; code: string; message: string }[] };
            expect(diagnostics.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([{ file: 'deep.weft', line: 1, column: 4013, code: 'too-deep' }]);
            expect(diagnostics[0]!.message).toContain('more than 1,000 operators in one expression');
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    test('a 50 MB file is file-too-large at 1:1, found by its size without reading it', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-check-hostile-'));
        try {
            writeFileSync(path.join(folder, 'huge.weft'), '');
            truncateSync(path.join(folder, 'huge.weft'), 50 * 1024 * 1024);
            const run = runWeft(['check', 'huge.weft'], { cwd: folder });
            expect(run.status).toBe(1);
            expect(lines(run.stdout)).toEqual([
                'huge.weft:1:1: error file-too-large: This file is larger than 4 MiB (52,428,800 bytes or more), the limit for a .weft file: split it into files that import each other.',
            ]);
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });
});

describe('weft', () => {
    test('--version prints the package version', async () => {
        const { version } = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
        for (const flag of ['--version', '-v']) {
            const run = runWeft([flag]);
            expect(run.status).toBe(0);
            expect(run.stdout).toBe(`${version}\n`);
        }
    });

    test('--version with a command still runs that command', () => {
        const run = runWeft(['check', '--version']);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    });

    test('--help and help check describe the commands and exit 0', () => {
        const help = runWeft(['--help']);
        expect(help.status).toBe(0);
        expect(help.stdout).toContain('check [options] [paths...]');
        const checkHelp = runWeft(['help', 'check']);
        expect(checkHelp.status).toBe(0);
        expect(checkHelp.stdout).toContain('--format <format>');
        expect(checkHelp.stdout).toContain('--quiet');
    });

    test('an unknown command exits 2 with one line', () => {
        const run = runWeft(['chekc']);
        expect(run.status).toBe(2);
        expect(lines(run.stderr)).toEqual([expect.stringMatching(/^weft: unknown command 'chekc'/)]);
    });

    test('no command prints the usage on stderr and exits 2', () => {
        const run = runWeft([]);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('Usage: weft');
    });
});
