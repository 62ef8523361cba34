// A step in a real gVisor sandbox puts terminal escapes and a forged line in its logs, error and
// output: `weft run`, `logs`, `show` and `runs` (the built bin) print them escaped, byte for byte.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft, type WeftRun } from './run-weft.js';
import { fixtures, project, runIdIn } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

/** The hostile text of log-steps.ts as weft prints it. */
const escaped = 'clear\\x1b[2J\\rback\\n[weft] forged line';
/** The step's output (the hostile text and an 8-bit CSI) as weft prints a value. */
const outputText = '"clear\\u001b[2J\\rback\\n[weft] forged line\\x9b2J"';

/** Nothing a step wrote reached the output raw: no control character but the line ends, no forged line. */
function expectNoRawControls(output: string): void {
    expect(output).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(output).not.toMatch(/^\[weft\] forged line/m);
}

function expectClean(run: WeftRun): void {
    expectNoRawControls(run.stdout);
    expectNoRawControls(run.stderr);
}

describe('what a step wrote, printed by weft', () => {
    it('weft run, logs, show and runs print escapes and line breaks from a completed step escaped', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'hostile-logs.weft', '--pipeline', 'forged'], { cwd: folder });
        expect(run.status).toBe(0);
        expectClean(run);
        // JSON already escapes ESC (as \u001b); the 8-bit CSI it leaves raw.
        expect(run.stdout).toContain(`  text: ${outputText}\n`);
        const runId = runIdIn(run.stderr);

        const logs = runWeft(['logs', runId, 'f'], { cwd: folder });
        expect(logs.status).toBe(0);
        expectClean(logs);
        // One line per entry, after its timestamp: the log line and its field, then the plain stdout line.
        expect(logs.stdout.split('\n').map(line => line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''))).toEqual([
            `f#1 info ${escaped} {"note":"clear\\u001b[2J\\rback\\n[weft] forged line"}`,
            'f#1 info plain\\x1b[31m red\\rover\\x00nul',
            '',
        ]);

        const show = runWeft(['show', runId], { cwd: folder });
        expect(show.status).toBe(0);
        expectClean(show);
        expect(show.stdout).toContain(`outputs:\n  text: ${outputText}\n`);

        const runs = runWeft(['runs'], { cwd: folder });
        expectClean(runs);
    }, 60_000);

    it('weft run and show print a failed step\'s error message escaped, on one line', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'hostile-logs.weft', '--pipeline', 'failing'], { cwd: folder });
        expect(run.status).toBe(1);
        expectClean(run);
        expect(run.stderr).toMatch(new RegExp(`^\\s+[\\d.]+s {2}e {2}failed: ${escapeRegExp(escaped)}$`, 'm'));
        expect(run.stderr).toContain(`\nforgeError failed after 1 attempt: ${escaped}\n`);
        const runId = runIdIn(run.stderr);

        const show = runWeft(['show', runId], { cwd: folder });
        expectClean(show);
        // task, state, attempts, time, memory (the step's 512 MiB), cache, message.
        expect(show.stdout).toMatch(new RegExp(`^ {2}e\\s+failed\\s+1\\s+\\S+\\s+512 MiB\\s+-\\s+${escapeRegExp(escaped)}$`, 'm'));
    }, 60_000);
});

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
