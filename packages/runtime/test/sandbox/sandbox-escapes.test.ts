// Steps that try to leave their gVisor sandbox, run through the engine with a run store on disk:
// each attempt is made (the step records the error code it got), refused, reported, and the
// store stays consistent. The process executor shows each attempt would work unsandboxed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/executors/create-executor.js';
import { pidsCgroupDir } from '../../src/executors/gvisor/pids-cgroup.js';
import { attemptSpec, cacheDir, channel } from './sandbox-fixtures.js';
import { failedOnce, leftoverSandboxes, memory, runNodes, stepNode } from './sandbox-runs.js';

const gvisor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 1000 });
const unsandboxed = createExecutor('process', { cacheDir });

/** Runs one step in a sandbox; it must fail for good, the store consistent; returns the failure message. */
async function refused(step: string, args: Record<string, string | number>, settings = {}): Promise<string> {
    const run = await runNodes([stepNode('s', step, args, settings)], gvisor);
    expect(run.result.status).toBe('failed');
    return failedOnce(run, 's');
}

describe('a sandboxed step that tries to escape', () => {
    let server: Server;
    let port: number;
    const secret = path.join(homedir(), `.weft-sandbox-secret-${process.pid}`);
    beforeAll(async () => {
        server = createServer(socket => socket.end('hello'));
        await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
        port = (server.address() as { port: number }).port;
        writeFileSync(secret, 'not for steps', { mode: 0o644 });
    });
    afterAll(async () => {
        rmSync(secret, { force: true });
        await new Promise<void>(resolve => server.close(() => resolve()));
    });

    it('cannot connect to a port the host listens on', async () => {
        for (const host of ['127.0.0.1', hostAddress()]) {
            expect((await unsandboxed.execute(attemptSpec('dial', { host, port }), channel())).status, host).toBe('completed');
            expect(await refused('dial', { host, port })).toMatch(/^could not connect: (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH)$/);
        }
    });

    it('cannot resolve a host name', async () => {
        // `localhost` is the sandbox's own; any other name, even one the host knows, is not found.
        expect(await refused('resolveName', { name: 'localhost.invalid' })).toBe('could not resolve localhost.invalid: ENOTFOUND');
        const known = spawnSync('getent', ['hosts', 'deb.debian.org'], { encoding: 'utf8' }).status === 0 ? 'deb.debian.org' : 'localhost.localdomain';
        expect(await refused('resolveName', { name: known })).toBe(`could not resolve ${known}: ENOTFOUND`);
    });

    it('cannot write outside its out/ folder', async () => {
        for (const file of ['/weft/in/inputs.json', '/escaped', '/usr/escaped', '/etc/passwd', `${cacheDir}/escaped`]) {
            expect(await refused('writeFileAt', { file }), file).toMatch(new RegExp(`^could not write ${file}: (EROFS|EACCES|ENOENT)$`));
        }
        expect(existsSync('/escaped') || existsSync('/usr/escaped') || existsSync(`${cacheDir}/escaped`)).toBe(false);
        // Its /tmp is a private tmpfs: the write succeeds there and never reaches the host's /tmp.
        const hostTmp = `/tmp/weft-escaped-${process.pid}`;
        const inTmp = await runNodes([stepNode('t', 'writeFileAt', { file: hostTmp }, {}, ['wrote'])], gvisor);
        expect(inTmp.result.status).toBe('completed');
        expect(existsSync(hostTmp)).toBe(false);
    });

    it('cannot read host files that were not mounted: the run store, the home folder', async () => {
        // /etc is the sandbox's own: the host's names and users are not in it.
        const hosts = await runNodes([stepNode('h', 'readHostFile', { file: '/etc/hosts' }, {}, ['content'])], gvisor);
        expect(hosts.result.outputs).toEqual({});
        expect(hosts.store.tasks(hosts.runId)[0]?.outputs).toEqual({ content: '127.0.0.1 localhost\n::1 localhost\n' });
        const run = hosts;
        // Its /proc is its own: process 1 is its worker, with only the sandbox's environment.
        const environ = await runNodes([stepNode('e', 'readHostFile', { file: '/proc/1/environ' }, {}, ['content'])], gvisor);
        expect((environ.store.tasks(environ.runId)[0]?.outputs as { content: string }).content.split('\0').filter(Boolean).map(entry => entry.split('=')[0]).sort())
            .toEqual(['HOME', 'NODE_OPTIONS', 'PATH']);
        for (const file of [run.storeFile, '/root/.bashrc', secret, '/etc/shadow']) {
            if (existsSync(file)) expect((await unsandboxed.execute(attemptSpec('readHostFile', { file }), channel())).status, file).toBe('completed');
            expect(await refused('readHostFile', { file }), file).toMatch(new RegExp(`^could not read ${file}: (ENOENT|EACCES)$`));
        }
    });

    it('is killed at its memory limit, reported as out of memory with the limit', async () => {
        const message = await refused('hog', { megabytes: 1024 }, { resources: { cpu: { kind: 'literal', value: 1 }, memory: memory(128) } });
        expect(message).toBe('s ran out of memory: the sandbox was killed at its limit of 128 MiB (resources.memory, or the target\'s default when the step sets none); raise the step\'s memory, set retry { memory: … } to place it again with more, or use less');
    });

    it('cannot fork-bomb the machine: the pids limit refuses more processes, and the bomb dies with the sandbox', async () => {
        const started = Date.now();
        const run = await runNodes([stepNode('s', 'forkBomb', {})], gvisor);
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(run.store.events(run.runId, 's').map(event => event.message)).toContain('starting a fork bomb');
        // Under the ptrace platform the sandbox's kernel cannot make threads past the limit and stops.
        expect(failedOnce(run, 's')).toBe('s reached its pids limit: the sandbox was stopped when its processes and threads reached 256; a step may not start more');
        // Nothing of it is left: no sandbox, and its pids cgroup (removable only once empty) is gone.
        expect(leftoverSandboxes('s')).toEqual([]);
        expect(readdirSync(path.dirname(pidsCgroupDir('any')!)).filter(name => name.startsWith('weft-s-'))).toEqual([]);
    });
});

function hostAddress(): string {
    const route = spawnSync('ip', ['-4', '-o', 'route', 'get', '1.1.1.1'], { encoding: 'utf8' }).stdout;
    return /\bsrc (\d+\.\d+\.\d+\.\d+)/.exec(route)?.[1] ?? '127.0.0.1';
}


