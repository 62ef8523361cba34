// `weft run` on a real terminal: util-linux's `script` gives it a pseudo-terminal, so the CLI
// draws its live progress (one line per task, redrawn in place, a bar for a fan-out) as a user
// sees it. Pipes get plain lines instead (weft-run.test.ts).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixtures, project } from './weft-run-helpers.js';
import { binPath, expectBuiltCli } from './run-weft.js';

describe('weft run on a terminal', () => {
    it('redraws each task\'s state in place, with a bar for the fan-out, and ends on the final picture', () => {
        expectBuiltCli();
        const folder = project(fixtures);
        const command = [process.execPath, binPath, 'run', 'fanout.weft'].map(part => JSON.stringify(part)).join(' ');
        const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: folder, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TERM: 'xterm' } });
        expect(result.status, result.stdout).toBe(0);
        const screen = result.stdout.replace(/\r/g, '');
        // Every frame after the first moves up over the previous one (3 tasks: a, b, d) and clears below.
        const frames = screen.split('\x1b[3A').slice(1);
        expect(frames.length).toBeGreaterThanOrEqual(2);
        const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
        expect(plain(screen)).toMatch(/^ {2}d\s+pending\s*$/m);
        // While the fan-out runs, its bar shows how many of the 6 elements are done.
        expect(frames.map(plain).some(frame => /^ {2}d\s+running\s+\[[#-]{20}\] [0-5]\/6/m.test(frame))).toBe(true);
        const last = plain(frames.at(-1)!);
        expect(last).toMatch(/^ {2}a\s+completed/m);
        expect(last).toMatch(/^ {2}d\s+completed\s+\[#{20}\] 6\/6/m);
        expect(last).toMatch(/^outputs:\n {2}doubled: \[2,4,6,8,10,12\]\nrun [0-9a-f-]{36} completed$/m);
    }, 90_000);
});
