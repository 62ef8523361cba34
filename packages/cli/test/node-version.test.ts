// The bin refuses a Node.js older than 22.19 with one line that says what to do, before it loads
// anything: this machine's own Node (Debian's, 20) stands for a user's.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { binPath } from './run-weft.js';

const systemNode = '/usr/bin/node';

describe('weft on an old Node.js', () => {
    it('exits with 2 and tells how to get Node 22', () => {
        const version = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
        expect(version).toMatch(/^v(1\d|20|21|22\.(\d|1[0-8]))\./);
        const result = spawnSync(systemNode, [binPath, 'check', '.'], { encoding: 'utf8', timeout: 30_000 });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(`weft: needs Node.js 22.19 or newer, but this is ${version}: run \`npm install --save-dev node@22\` in your project and run weft through npx or npm scripts, or install Node.js 22 from https://nodejs.org\n`);
    });
});
