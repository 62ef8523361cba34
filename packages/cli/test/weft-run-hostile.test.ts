// `weft run` of gVisor steps that attack the host through what they leave in out/
// (weft-run-hostile/): the built bin in a child process, real runsc. weft must not crash: the
// run fails with the cause, exit 1, and nothing of the host reaches the project's .weft/.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project } from './weft-run-helpers.js';

const hostile = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-hostile');
const secretText = `host secret ${process.pid}`;
const secret = path.join(homedir(), `.weft-cli-secret-${process.pid}`);

beforeAll(() => {
    expectBuiltCli();
    writeFileSync(secret, secretText, { mode: 0o600 });
}, 120_000);
afterAll(() => rmSync(secret, { force: true }));

describe('weft run with a step that leaves traps in out/', () => {
    it('fails a step that writes a 300 MiB outputs.json instead of crashing (exit 1, the run failed, resume refuses a finished run)', () => {
        const folder = project(hostile);
        const result = runWeft(['run', 'hostile.weft', '--pipeline', 'bigOutputs', '--format', 'json'], { cwd: folder });
        expect(result.status, result.stderr).toBe(1);
        const outcome = lastJson(result.stdout);
        expect(outcome.status).toBe('failed');
        const message = 'out/outputs.json is 300.0 MiB, more than the 16 MiB allowed (maxOutputBytes); return big data as a File or Dataset artifact instead';
        expect(result.stderr).toContain(`h  failed: ${message}`);
        const show = runWeft(['show', outcome.runId], { cwd: folder });
        expect(show.stdout).toMatch(/^run [0-9a-f-]{36}: bigOutputs failed/m);
        expect(show.stdout).toMatch(/^ {2}h\s+failed\s+1\s/m);
        const resumed = runWeft(['resume', outcome.runId], { cwd: folder });
        expect(resumed.status).toBe(2);
        expect(resumed.stderr).toContain(`run ${outcome.runId} has already finished (failed)`);
        rmSync(folder, { recursive: true, force: true });
    }, 120_000);

    it('refuses a File linked to a host file: exit 1, nothing stored, the file not quoted', () => {
        const folder = project(hostile);
        for (const target of [secret, '/etc/shadow']) {
            const result = runWeft(['run', 'hostile.weft', '--pipeline', 'linked', '--param', `target=${target}`, '--format', 'json'], { cwd: folder });
            expect(result.status, result.stderr).toBe(1);
            expect(lastJson(result.stdout).status).toBe('failed');
            expect(result.stderr).toContain('l  failed: output leak: out/leak.txt is a symbolic link; the host does not follow links a step leaves');
            const show = runWeft(['show', lastJson(result.stdout).runId], { cwd: folder }).stdout;
            expect(`${result.stdout}${result.stderr}${show}`).not.toContain(secretText);
            expect(`${result.stdout}${result.stderr}${show}`).not.toMatch(/root:/);
        }
        const artifacts = path.join(folder, '.weft', 'artifacts');
        expect(existsSync(artifacts) ? readdirSync(artifacts, { recursive: true }) : []).toEqual([]);
        rmSync(folder, { recursive: true, force: true });
    }, 120_000);
});
