// `weft run` of steps that run commands over the file protocol (docs/runtime.md, "File protocol
// for command steps"): shell scripts in child processes and in real gVisor sandboxes, the built
// bin in child processes.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-command-fixtures');

/** A fresh copy of the fixtures that the sandbox's user (nobody) may read, as a checkout is. */
function commandProject(): string {
    const folder = project(fixtures);
    chmodSync(folder, 0o755);
    return folder;
}

function run(folder: string, pipeline: string, executor: 'process' | 'gvisor') {
    const result = runWeft(['run', 'commands.weft', '--pipeline', pipeline, '--executor', executor, '--format', 'json'], { cwd: folder });
    const { runId } = lastJson(result.stdout);
    return { ...result, runId, show: runWeft(['show', runId], { cwd: folder }).stdout, logs: runWeft(['logs', runId], { cwd: folder }).stdout };
}

describe.each(['process', 'gvisor'] as const)('weft run of command steps (%s)', executor => {
    it('runs a shell script that reads in/inputs.json and writes out/outputs.json: 21 doubled twice is 84', () => {
        const result = run(commandProject(), 'doubled', executor);
        expect(result.stderr).not.toMatch(/failed/);
        expect(result.status).toBe(0);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { result: 84 } });
        expect(result.logs).toMatch(/ d#1 info doubling 21$/m);
        expect(result.logs).toMatch(/ e#1 info doubling 42$/m);
    }, 120_000);

    it('fails the task with the message of out/failure.json when the command exits 1', () => {
        const result = run(commandProject(), 'refused', executor);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^\s+[\d.]+s {2}r {2}failed: x must be even$/m);
        expect(result.show).toMatch(/^ {2}r\s+failed\s+1\s/m);
        expect(result.show).toContain('x must be even');
    }, 120_000);

    it('records the exit code and the end of stderr of a command that exits 3 without files', () => {
        const result = run(commandProject(), 'crashed', executor);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('c  failed: the command exited with code 3 without outputs: segment table corrupt');
        expect(result.show).toMatch(/^ {2}c\s+failed\s+1\s/m);
    }, 120_000);

    it('fails a command whose outputs break the contract, naming the output', () => {
        const result = run(commandProject(), 'mistyped', executor);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('w  failed: w returned outputs that do not match its step: value is "three" (a string), expected an int (declared as int)');
    }, 120_000);

    it('fails a step whose executable does not exist at once, without retrying it', () => {
        const result = run(commandProject(), 'unfound', executor);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/m {2}failed: step missing runs `weft-no-such-command`, which is not on the PATH of the step \(/);
        expect(result.show).toMatch(/^ {2}m\s+failed\s+1\s/m);
    }, 120_000);
});

describe('the folder of a command step', () => {
    it('is the working directory, writable by a child process, which sees Weft\'s state', () => {
        const result = run(commandProject(), 'isolated', 'process');
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { projectWritable: true, stateVisible: true } });
    }, 120_000);

    it('is read-only in a gVisor sandbox, with Weft\'s state folder hidden', () => {
        const result = run(commandProject(), 'isolated', 'gvisor');
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { projectWritable: false, stateVisible: false } });
    }, 120_000);

    it('must be readable by the sandbox\'s user: a private folder fails the step, saying so', () => {
        const folder = project(fixtures);
        chmodSync(folder, 0o700);
        const result = run(folder, 'doubled', 'gvisor');
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("d  failed: step double runs `sh`, which would run in");
        expect(result.stderr).toContain("which the sandbox's user (uid 65534) cannot read: give others read and search permission (chmod o+rx)");
    }, 120_000);
});

describe('caching a command step', () => {
    it('hits while the command and the script it names are unchanged, and misses naming the edited script', () => {
        const folder = commandProject();
        const cached = () => {
            const result = runWeft(['run', 'commands.weft', '--pipeline', 'cachedDoubled', '--explain-cache'], { cwd: folder });
            expect(result.status).toBe(0);
            return { line: /^ {2}c: (.*)$/m.exec(result.stdout)![1]!, runId: runIdIn(result.stderr), result: /^ {2}result: (.*)$/m.exec(result.stdout)![1] };
        };
        const first = cached();
        expect(first).toMatchObject({ line: 'miss: cachedDouble was never cached before', result: '42' });
        expect(cached().line).toMatch(new RegExp(`^hit: same key as run ${first.runId} \\(`));
        const script = path.join(folder, 'steps', 'double.sh');
        writeFileSync(script, readFileSync(script, 'utf8').replace('$((x * 2))', '$((x + x + 1))'));
        expect(cached()).toMatchObject({ line: `miss: implementation changed (steps/double.sh) since run ${first.runId}`, result: '43' });
    }, 120_000);
});

describe('cancelling a command step', () => {
    it('Ctrl-C stops the command and the processes it started: the task is cancelled, none is left', async () => {
        const folder = commandProject();
        const started = startWeft(['run', 'commands.weft', '--pipeline', 'waiting', '--executor', 'process'], folder, /w {2}running/);
        await started.started;
        const pidFile = await waitForFile(path.join(folder, '.weft'), 'pids');
        const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
        expect(pids).toHaveLength(2);
        expect(pids.map(isAlive)).toEqual([true, true]);
        started.child.kill('SIGINT');
        expect(await started.exited).toBe(1);
        const runId = runIdIn(started.output().stderr);
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}w\s+cancelled\s/m);
        // The shell and its `sleep 300` alike: the signals went to the command's process group.
        expect(await alivenessAfterEnd(pids)).toEqual([false, false]);
    }, 60_000);
});

/** The first file named `name` under `folder`, once one exists. */
async function waitForFile(folder: string, name: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
        const found = readdirSync(folder, { recursive: true, withFileTypes: true }).find(entry => entry.isFile() && entry.name === name);
        if (found) return path.join(found.parentPath, found.name);
        if (Date.now() > deadline) throw new Error(`no ${name} under ${folder}`);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}

/** Whether the process runs: a zombie (ended, not yet reaped by whoever inherited it) does not. */
function isAlive(pid: number): boolean {
    try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
    } catch {
        return false;
    }
}

/** Each pid's liveness once they have all ended, or after `ms` (a signalled process takes a moment to go). */
async function alivenessAfterEnd(pids: readonly number[], ms = 5000): Promise<boolean[]> {
    const deadline = Date.now() + ms;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
    return pids.map(isAlive);
}
