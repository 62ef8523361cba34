// `weft run` with a step in a gVisor sandbox, killed, cancelled or paused from outside: the
// built bin in child processes, real runsc. Complements weft-run.test.ts (process executor).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { fixtures, lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

/** The sandboxes of task `task` that runsc knows about (ids are `weft-<task>-<attempt>-<random>`). */
function sandboxesOf(task: string): string[] {
    return spawnSync('runsc', ['list', '--quiet'], { encoding: 'utf8' }).stdout.split('\n').filter(id => id.startsWith(`weft-${task}-`));
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}

describe('weft run with a sandboxed step', () => {
    it('survives SIGKILL: the orphaned sandbox is removed, weft resume finishes the run with the same outputs', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'boxed-chain.weft', '--param', 'ms=8000'], folder, /sb {2}running/);
        await run.started;
        await until(() => sandboxesOf('sb').length === 1, 'sb has a sandbox');
        const orphan = sandboxesOf('sb')[0]!;
        run.child.kill('SIGKILL');
        await run.exited;
        const runId = runIdIn(run.output().stderr);
        // runsc's sandbox outlives the weft that started it.
        expect(sandboxesOf('sb')).toEqual([orphan]);
        expect(spawnSync('runsc', ['state', orphan], { encoding: 'utf8' }).stdout).toMatch(/"status": "running"/);
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}sb\s+running\s+1/m);

        const resumed = startWeft(['resume', runId, '--format', 'json'], folder, /sb {2}running/);
        await resumed.started;
        // By the time the new attempt runs, the orphan is gone: only attempt 2's sandbox is left.
        await until(() => sandboxesOf('sb').some(id => id.startsWith('weft-sb-2-')), 'attempt 2 has a sandbox');
        expect(sandboxesOf('sb')).not.toContain(orphan);
        expect(await resumed.exited).toBe(0);
        // first(3) = 30, slow(30) = 31, last(31) = 62, as an uninterrupted run gives (weft-run.test.ts).
        expect(lastJson(resumed.output().stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^ {2}sa\s+completed\s+1\s/m);
        expect(show).toMatch(/^ {2}sb\s+completed\s+2\s/m);
        expect(show).toMatch(/^ {2}sc\s+completed\s+1\s/m);
        expect(sandboxesOf('sb')).toEqual([]);
    }, 120_000);

    it('weft cancel of a run whose weft was killed removes the sandbox it left running', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'boxed-chain.weft', '--param', 'ms=60000'], folder, /sb {2}running/);
        await run.started;
        await until(() => sandboxesOf('sb').length === 1, 'sb has a sandbox');
        run.child.kill('SIGKILL');
        await run.exited;
        expect(sandboxesOf('sb')).toHaveLength(1);
        const runId = runIdIn(run.output().stderr);
        expect(runWeft(['cancel', runId], { cwd: folder }).stdout).toBe(`run ${runId} cancelled (its process had stopped; 2 tasks marked cancelled)\n`);
        expect(sandboxesOf('sb')).toEqual([]);
    }, 60_000);

    it('gives a step the hosts its sandbox.network lists, and no other', async () => {
        // The servers run in a child process: runWeft blocks this one's event loop.
        const servers = spawn(process.execPath, ['-e', `
            const net = require('node:net');
            const ports = [];
            for (let i = 0; i < 2; i++) net.createServer(socket => socket.end('hello')).listen(0, '0.0.0.0', function () {
                ports.push(this.address().port);
                if (ports.length === 2) console.log(ports.join(' '));
            });`], { stdio: ['ignore', 'pipe', 'inherit'] });
        const [open, closed] = await new Promise<number[]>(resolve => servers.stdout.once('data', chunk => resolve(String(chunk).trim().split(' ').map(Number))));
        const host = /\bsrc (\d+\.\d+\.\d+\.\d+)/.exec(spawnSync('ip', ['-4', '-o', 'route', 'get', '1.1.1.1'], { encoding: 'utf8' }).stdout)![1]!;
        const folder = project(fixtures);
        writeFileSync(path.join(folder, 'net.weft'), [
            'step call(host: string, port: int) -> (outcome: string) {',
            '  run: "./steps.ts#dial"',
            '  resources { cpu: 1, memory: 512Mi }',
            `  sandbox { network: ["${host}:${open}"] }`,
            '}',
            `pipeline reach(host: string = "${host}", port: int = ${open}) -> (outcome: string) {`,
            '  targets: [boxed]',
            '  let c = call(host, port: port)',
            '  return { outcome: c.outcome }',
            '}',
            'target boxed: sandbox {',
            '  runtime: "gvisor"',
            '  capacity { cpu: 2, memory: 2Gi, gpu: 0 }',
            '}',
            '',
        ].join('\n'));
        try {
            const allowed = runWeft(['run', 'net.weft', '--format', 'json'], { cwd: folder });
            expect(allowed.status, allowed.stderr).toBe(0);
            expect(lastJson(allowed.stdout)).toMatchObject({ status: 'completed', outputs: { outcome: 'connected' } });
            const refused = runWeft(['run', 'net.weft', '--param', `port=${closed}`, '--format', 'json'], { cwd: folder });
            expect(refused.status).toBe(1);
            const runId = lastJson(refused.stdout).runId;
            expect(runWeft(['show', runId], { cwd: folder }).stdout).toContain(`could not connect to ${host}:${closed}: ECONNREFUSED`);
        } finally {
            servers.kill();
        }
    }, 60_000);

    it('Ctrl-C stops the sandbox and marks the run cancelled, exit 1', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'boxed-chain.weft', '--param', 'ms=60000'], folder, /sb {2}running/);
        await run.started;
        await until(() => sandboxesOf('sb').length === 1, 'sb has a sandbox');
        const interrupted = Date.now();
        run.child.kill('SIGINT');
        expect(await run.exited).toBe(1);
        expect(Date.now() - interrupted).toBeLessThan(5000);
        const runId = runIdIn(run.output().stderr);
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^run \S+: boxedChain cancelled/);
        expect(show).toMatch(/^ {2}sb\s+cancelled\s/m);
        expect(sandboxesOf('sb')).toEqual([]);
    }, 60_000);

    it('weft pause freezes the sandbox (runsc pause) and weft resume thaws it: one attempt, exit 0', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'boxed-chain.weft', '--param', 'ms=2000', '--format', 'json'], folder, /sb {2}running/);
        await run.started;
        const runId = runIdIn(run.output().stderr);
        await until(() => sandboxesOf('sb').length === 1, 'sb has a sandbox');
        expect(runWeft(['pause', runId], { cwd: folder }).status).toBe(0);
        await until(() => /^ {2}sb\s+paused\s+1/m.test(runWeft(['show', runId], { cwd: folder }).stdout), 'sb is paused');
        expect(spawnSync('runsc', ['state', sandboxesOf('sb')[0]!], { encoding: 'utf8' }).stdout).toMatch(/"status": "paused"/);
        // Frozen for longer than the step's own 2 s: the run must not finish on its own.
        await new Promise(resolve => setTimeout(resolve, 3000));
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}sc\s+pending/m);
        expect(runWeft(['resume', runId], { cwd: folder }).status).toBe(0);
        expect(await run.exited).toBe(0);
        expect(lastJson(run.output().stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}sb\s+completed\s+1\s/m);
    }, 60_000);
});
