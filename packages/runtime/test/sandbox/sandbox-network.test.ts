// sandbox.network allow-lists under real gVisor: a namespace and veth pair per attempt, nftables
// rules on the host side, the allowed names in the sandbox's own /etc/hosts; and the pure parts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/executors/create-executor.js';
import { AllowListError, parseAllowEntry, resolveAllowList } from '../../src/executors/gvisor/allow-list.js';
import { nftRuleset, slotAddresses } from '../../src/executors/gvisor/network-ruleset.js';
import { SandboxLeases } from '../../src/executors/gvisor/sandbox-leases.js';
import { locateNetworkTools, openSandboxNetwork } from '../../src/executors/gvisor/sandbox-network.js';
import { attemptSpec, cacheDir, channel } from './sandbox-fixtures.js';

describe('allow-list entries', () => {
    it('parses names, IPv4 addresses and ports, and refuses the rest with the entry', () => {
        expect(parseAllowEntry('api.example.com')).toEqual({ host: 'api.example.com' });
        expect(parseAllowEntry('api.example.com:443')).toEqual({ host: 'api.example.com', port: 443 });
        expect(parseAllowEntry('10.1.2.3:8080')).toEqual({ host: '10.1.2.3', port: 8080 });
        expect(() => parseAllowEntry('*.example.com')).toThrow('sandbox.network entry "*.example.com" is not a host name or IPv4 address');
        expect(() => parseAllowEntry('[::1]:443')).toThrow(AllowListError);
        expect(() => parseAllowEntry('host:70000')).toThrow('port 70000 is not between 1 and 65535');
        expect(() => parseAllowEntry('http://host/')).toThrow(AllowListError);
    });

    it('resolves names on the host side into addresses and /etc/hosts lines; refuses loopback and unknown names', async () => {
        const resolver = async (name: string) => ({ 'two.test': ['192.0.2.7', '192.0.2.8'], 'home.test': ['127.0.1.1'] })[name] ?? Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
        expect(await resolveAllowList(['two.test:443', '198.51.100.4'], resolver)).toEqual({
            addresses: [{ address: '192.0.2.7', port: 443 }, { address: '192.0.2.8', port: 443 }, { address: '198.51.100.4' }],
            hostsLines: ['192.0.2.7 two.test', '192.0.2.8 two.test'],
        });
        await expect(resolveAllowList(['home.test'], resolver)).rejects.toThrow('sandbox.network host "home.test" is 127.0.1.1, the host\'s own loopback');
        await expect(resolveAllowList(['gone.test'], resolver)).rejects.toThrow('sandbox.network host "gone.test" does not resolve on this machine: ENOTFOUND');
    });

    it('gives each slot its own /30, names and rules that reject all but the allowed', () => {
        const first = slotAddresses(0);
        const last = slotAddresses(16383);
        expect([first.hostAddress, first.sandboxAddress, last.hostAddress, last.sandboxAddress]).toEqual(['10.231.0.1', '10.231.0.2', '10.231.255.253', '10.231.255.254']);
        expect(last.hostVeth.length).toBeLessThanOrEqual(15); // the kernel's limit for interface names
        expect(() => slotAddresses(16384)).toThrow(RangeError);
        const rules = nftRuleset(slotAddresses(5), [{ address: '192.0.2.7', port: 443 }, { address: '198.51.100.4' }]);
        expect(rules).toContain('iifname "wefth5" jump from_sandbox');
        expect(rules).toContain('ip saddr != 10.231.0.22 drop');
        expect(rules).toContain('ip daddr 192.0.2.7 meta l4proto { tcp, udp } th dport 443 accept');
        expect(rules).toContain('ip daddr 198.51.100.4 accept');
        expect(rules.indexOf('accept\n        meta l4proto tcp reject')).toBeGreaterThan(0); // the rejects come last
    });
});

describe('sandbox leases', () => {
    it('claims each slot once, and finds what dead owners left', async () => {
        const leases = new SandboxLeases(mkdtempSync(path.join(tmpdir(), 'weft-state-')));
        const dead = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
        const slots = await Promise.all(Array.from({ length: 20 }, (_, index) => leases.claimSlot({ pid: index % 2 === 0 ? process.pid : dead, sandboxId: `weft-t-${index}` })));
        expect(new Set(slots).size).toBe(20);
        await leases.recordSandbox({ pid: dead, sandboxId: 'weft-gone-1', slot: slots[1]! });
        await leases.recordSandbox({ pid: process.pid, sandboxId: 'weft-live-1' });
        expect((await leases.staleSandboxes()).map(lease => lease.sandboxId)).toEqual(['weft-gone-1']);
        expect((await leases.staleSlots()).map(stale => stale.slot).sort()).toEqual(slots.filter((_, index) => index % 2 === 1).sort());
        await leases.releaseSlot(slots[0]!);
        expect(await leases.isSlotClaimed(slots[0]!)).toBe(false);
        expect(await leases.isSlotClaimed(slots[2]!)).toBe(true);
    });
});

describe('a sandboxed step with sandbox.network hosts', () => {
    const servers: Server[] = [];
    let allowedPort: number;
    let otherPort: number;
    const hostIp = hostAddress();
    // A name for the host's address, resolved the way the executor resolves names.
    const resolveHost = async (name: string) => name === 'allowed.weft.test' ? [hostIp] : Promise.reject(Object.assign(new Error(name), { code: 'ENOTFOUND' }));
    const executor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 1000, resolveHost });
    const dial = (host: string, port: number, network: 'none' | readonly string[]) => executor.execute(attemptSpec('dial', { host, port }, { sandbox: { network } }), channel());

    beforeAll(async () => {
        for (let index = 0; index < 2; index++) {
            const server = createServer(socket => socket.end('hello'));
            await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
            servers.push(server);
        }
        allowedPort = (servers[0]!.address() as { port: number }).port;
        otherPort = (servers[1]!.address() as { port: number }).port;
    });
    afterAll(() => Promise.all(servers.map(server => new Promise(resolve => server.close(resolve)))));

    it('reaches the listed host and port, by name, and nothing else; none stays only lo', async () => {
        const allowed = await dial('allowed.weft.test', allowedPort, [`allowed.weft.test:${allowedPort}`]);
        expect(allowed, JSON.stringify(allowed)).toMatchObject({ status: 'completed', outputs: { outcome: 'connected' } });
        const otherPortSameHost = await dial('allowed.weft.test', otherPort, [`allowed.weft.test:${allowedPort}`]);
        expect(otherPortSameHost).toMatchObject({ status: 'failed', failure: { message: 'could not connect: ECONNREFUSED' } });
        // The host's own address on the slot's veth is not open either, nor a name that was not listed.
        const slotHost = await dial(slotAddresses(0).hostAddress, allowedPort, [`allowed.weft.test:${allowedPort}`]);
        expect(slotHost.status).toBe('failed');
        const unlisted = await dial('other.weft.test', allowedPort, [`allowed.weft.test:${allowedPort}`]);
        expect(unlisted).toMatchObject({ status: 'failed', failure: { message: 'could not connect: ENOTFOUND' } });
        // A host without a port opens all of its ports.
        expect(await dial(hostIp, otherPort, [hostIp])).toMatchObject({ status: 'completed' });
        expect(await dial(hostIp, allowedPort, 'none')).toMatchObject({ status: 'failed', failure: { message: expect.stringMatching(/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/) } });
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
    });

    it('gives parallel attempts their own slots', async () => {
        const results = await Promise.all([0, 1, 2].map(() => dial('allowed.weft.test', allowedPort, [`allowed.weft.test:${allowedPort}`])));
        expect(results.map(result => result.status)).toEqual(['completed', 'completed', 'completed']);
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
    });

    it('reaches a listed host beyond this machine through NAT, on the listed port only', async () => {
        const far = await startFarHost();
        try {
            const web = await executor.execute(attemptSpec('dial', { host: far.address, port: FAR_PORT }, { sandbox: { network: [`${far.address}:${FAR_PORT}`] } }), channel());
            expect(web, JSON.stringify(web)).toMatchObject({ status: 'completed', outputs: { outcome: 'connected' } });
            const other = await executor.execute(attemptSpec('dial', { host: far.address, port: FAR_PORT + 1 }, { sandbox: { network: [`${far.address}:${FAR_PORT}`] } }), channel());
            expect(other).toMatchObject({ status: 'failed', failure: { message: 'could not connect: ECONNREFUSED' } });
        } finally {
            far.stop();
        }
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
    }, 60_000);

    it('keeps the memory limit of a sandbox in a slot', async () => {
        const hog = await executor.execute(attemptSpec('hog', { megabytes: 1024 }, { sandbox: { network: [hostIp] }, resources: { cpu: 1000, memory: 128 * 1024 * 1024, gpu: 0 } }), channel());
        expect(hog).toMatchObject({ status: 'failed', failure: { exitCode: 137, retryable: false } });
        if (hog.status === 'failed') expect(hog.failure.message).toContain('ran out of memory: the sandbox was killed at its limit of 128 MiB');
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
    });

    it('removes the namespace and rules when the attempt is cancelled', async () => {
        const controller = new AbortController();
        const running = executor.execute(attemptSpec('stall', {}, { sandbox: { network: [hostIp] } }), channel(controller.signal));
        await until(() => weftNetworks().namespaces.length === 1);
        controller.abort(new Error('cancelled'));
        expect((await running).status).toBe('failed');
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
    });

    it('sweeps what a killed weft left: its slot\'s namespace, veth and rules', async () => {
        const stateDir = mkdtempSync(path.join(tmpdir(), 'weft-state-'));
        const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
        const leases = new SandboxLeases(stateDir);
        const slot = slotAddresses(await leases.claimSlot({ pid: Number(dead.stdout.trim()), sandboxId: 'weft-dead-1' }));
        await openSandboxNetwork(slot, [], locateNetworkTools('/usr/sbin:/usr/bin:/sbin:/bin'));
        expect(weftNetworks().namespaces).toEqual([slot.netns]);
        const fresh = createExecutor('gvisor', { cacheDir, stateDir });
        expect((await fresh.execute(attemptSpec('noop', {}), channel())).status).toBe('completed');
        expect(weftNetworks()).toEqual({ namespaces: [], tables: [] });
        expect(await leases.isSlotClaimed(slot.slot)).toBe(false);
    });

    it('fails the attempt, without retry, for an entry it cannot honour or tools that are missing', async () => {
        expect(await dial(hostIp, allowedPort, ['bad entry'])).toMatchObject({ status: 'failed', failure: { retryable: false, message: expect.stringContaining('"bad entry" is not a host name') } });
        const noTools = createExecutor('gvisor', { cacheDir, runscPath: '/usr/bin/runsc', searchPath: '/nonexistent' });
        const result = await noTools.execute(attemptSpec('dial', { host: hostIp, port: allowedPort }, { sandbox: { network: [hostIp] } }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false } });
        if (result.status === 'failed') expect(result.failure.message).toContain('`ip`, `nft`, `nsenter` not found; install iproute2 nftables util-linux (Debian/Ubuntu, as root: `apt-get install -y iproute2 nftables util-linux`)');
    });
});

/** The weft namespaces and nftables tables that exist now (only this file opens any). */
function weftNetworks(): { namespaces: string[]; tables: string[] } {
    const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map(line => line.split(' ')[0]!).filter(name => name.startsWith('weft-'));
    const tables = spawnSync('nft', ['list', 'tables'], { encoding: 'utf8' }).stdout.split('\n').filter(line => / weft_\d+/.test(line));
    return { namespaces, tables };
}

function hostAddress(): string {
    const route = spawnSync('ip', ['-4', '-o', 'route', 'get', '1.1.1.1'], { encoding: 'utf8' }).stdout;
    return /\bsrc (\d+\.\d+\.\d+\.\d+)/.exec(route)?.[1] ?? '127.0.0.1';
}

const FAR_PORT = 8080;

/**
 * A host beyond this machine: a network namespace of the test's own, behind a veth pair from
 * the host (10.232.0.1 here, 10.232.0.2 there), with a TCP server on FAR_PORT that says hello.
 * Reaching it crosses the host as traffic to another machine would: routed out of another
 * interface than the slot's, and masqueraded.
 */
async function startFarHost(): Promise<{ address: string; stop(): void }> {
    const namespace = 'wefttest-far';
    const ip = (...args: string[]): void => {
        const result = spawnSync('ip', args, { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
    };
    spawnSync('ip', ['netns', 'delete', namespace]); // what an interrupted run left
    ip('netns', 'add', namespace);
    const stop = (): void => { spawnSync('ip', ['netns', 'delete', namespace]); };
    try {
        ip('link', 'add', 'wefttesth', 'type', 'veth', 'peer', 'name', 'wefttestf');
        ip('link', 'set', 'wefttestf', 'netns', namespace);
        ip('addr', 'add', '10.232.0.1/30', 'dev', 'wefttesth');
        ip('link', 'set', 'wefttesth', 'up');
        ip('-n', namespace, 'addr', 'add', '10.232.0.2/30', 'dev', 'wefttestf');
        ip('-n', namespace, 'link', 'set', 'wefttestf', 'up');
        const serve = `require('net').createServer(socket => socket.end('hello')).listen(${FAR_PORT}, '10.232.0.2', () => console.log('listening'))`;
        const server = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', serve], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve, reject) => {
            server.stdout.once('data', () => resolve());
            server.once('exit', code => reject(new Error(`the far host's server exited with ${code}`)));
        });
        return { address: '10.232.0.2', stop: () => { server.kill('SIGKILL'); stop(); } };
    } catch (error) {
        stop();
        throw error;
    }
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}
