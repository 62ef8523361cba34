import { writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import type { AllowedAddress } from './allow-list.js';
import { findExecutable, hostCommand } from './host-command.js';
import { nftRuleset, type SlotAddresses } from './network-ruleset.js';
import { SandboxUnavailableError } from './sandbox-errors.js';

/** The host tools a sandbox with an allow-list needs. */
export interface NetworkTools {
    readonly ip: string;
    readonly nft: string;
    readonly nsenter: string;
}

const PACKAGES: Record<keyof NetworkTools, string> = { ip: 'iproute2', nft: 'nftables', nsenter: 'util-linux' };

/** Finds `ip`, `nft` and `nsenter`, or throws a `SandboxUnavailableError` naming the packages to install. */
export function locateNetworkTools(searchPath: string): NetworkTools {
    const found = { ip: findExecutable('ip', searchPath), nft: findExecutable('nft', searchPath), nsenter: findExecutable('nsenter', searchPath) };
    const missing = (Object.keys(found) as Array<keyof NetworkTools>).filter(tool => found[tool] === undefined);
    if (missing.length > 0) {
        const packages = missing.map(tool => PACKAGES[tool]);
        throw new SandboxUnavailableError('network-tools-missing',
            `${missing.map(tool => `\`${tool}\``).join(', ')} not found; install ${packages.join(' ')} (Debian/Ubuntu, as root: \`apt-get install -y ${packages.join(' ')}\`), or set the step's sandbox.network to "none"`);
    }
    return found as unknown as NetworkTools;
}

/** Where runsc joins the slot's namespace (`nsenter --net=…`). */
export function netnsPath(addresses: SlotAddresses): string {
    return `/run/netns/${addresses.netns}`;
}

/**
 * Makes the slot's network: a namespace holding one end of a veth pair (the sandbox's address,
 * a default route to the host end), the host end in the host's namespace, and the slot's
 * nftables rules. What was made is removed again when a step fails.
 */
export async function openSandboxNetwork(addresses: SlotAddresses, allowed: readonly AllowedAddress[], tools: NetworkTools): Promise<void> {
    try {
        await hostCommand(tools.ip, ['netns', 'add', addresses.netns]);
        // Two batches (one per namespace) instead of a command per step: each `ip` process costs a start.
        await hostCommand(tools.ip, ['-batch', '-'], [
            `link add ${addresses.hostVeth} type veth peer name ${addresses.sandboxVeth} netns ${addresses.netns}`,
            `addr add ${addresses.hostAddress}/30 dev ${addresses.hostVeth}`,
            `link set ${addresses.hostVeth} up`,
        ].join('\n'));
        await hostCommand(tools.ip, ['-n', addresses.netns, '-batch', '-'], [
            `addr add ${addresses.sandboxAddress}/30 dev ${addresses.sandboxVeth}`,
            `link set ${addresses.sandboxVeth} up`,
            'link set lo up',
            `route add default via ${addresses.hostAddress}`,
        ].join('\n'));
        await hostCommand(tools.nft, ['-f', '-'], nftRuleset(addresses, allowed));
        // Allowed hosts beyond this machine are reached through the host: it must forward.
        if (allowed.some(entry => !localAddresses().has(entry.address))) await writeFile('/proc/sys/net/ipv4/ip_forward', '1\n');
    } catch (error) {
        await closeSandboxNetwork(addresses, tools);
        throw error;
    }
}

/** Removes the slot's rules, veth pair and namespace; best effort, for what may be half made or already gone. */
export async function closeSandboxNetwork(addresses: SlotAddresses, tools: NetworkTools): Promise<void> {
    const quietly = (promise: Promise<unknown>): Promise<unknown> => promise.catch(() => undefined);
    // Declaring a table before deleting it makes the deletion succeed whether or not it existed.
    await quietly(hostCommand(tools.nft, ['-f', '-'], [
        `table inet ${addresses.filterTable}`, `delete table inet ${addresses.filterTable}`,
        `table ip ${addresses.natTable}`, `delete table ip ${addresses.natTable}`, '',
    ].join('\n')));
    // -force: go on past a link or namespace that is already gone.
    await quietly(hostCommand(tools.ip, ['-force', '-batch', '-'], `link delete ${addresses.hostVeth}\nnetns delete ${addresses.netns}\n`));
}

/** The `weft-<slot>` namespaces that exist now. */
export async function weftNamespaces(tools: NetworkTools): Promise<number[]> {
    const listing = await hostCommand(tools.ip, ['netns', 'list']).catch(() => '');
    return [...listing.matchAll(/^weft-(\d+)\b/gm)].map(match => Number(match[1]));
}

function localAddresses(): Set<string> {
    return new Set(Object.values(networkInterfaces()).flatMap(entries => (entries ?? []).map(entry => entry.address)));
}
