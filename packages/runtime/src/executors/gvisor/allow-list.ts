import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import { WeftError } from '@weft/contract/errors';

/** One `sandbox.network` entry: a host name or IPv4 address, and optionally one port. */
export interface AllowEntry {
    readonly host: string;
    /** TCP and UDP to this port only; every port when absent. */
    readonly port?: number;
}

/** An address the sandbox may reach, and the port when the entry named one. */
export interface AllowedAddress {
    readonly address: string;
    readonly port?: number;
}

/** What the sandbox is given: the addresses its traffic may go to, and `/etc/hosts` lines for the names. */
export interface ResolvedAllowList {
    readonly addresses: readonly AllowedAddress[];
    readonly hostsLines: readonly string[];
}

/** How names are resolved on the host side (dns.lookup by default: /etc/hosts, then DNS). */
export type HostResolver = (name: string) => Promise<readonly string[]>;

/** A `sandbox.network` entry that cannot be honoured; the attempt fails without retry. */
export class AllowListError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'sandbox-network';

    constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = 'AllowListError';
    }
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Parses `host`, `host:port`, `1.2.3.4` or `1.2.3.4:port`; IPv6 and wildcards are refused. */
export function parseAllowEntry(entry: string): AllowEntry {
    const match = /^(.*?)(?::(\d{1,5}))?$/.exec(entry.trim());
    const host = match?.[1] ?? '';
    const port = match?.[2] === undefined ? undefined : Number(match[2]);
    if (port !== undefined && (port < 1 || port > 65535)) throw new AllowListError(`sandbox.network entry "${entry}": port ${port} is not between 1 and 65535`);
    if (!isIPv4(host) && !HOST_NAME.test(host)) {
        throw new AllowListError(`sandbox.network entry "${entry}" is not a host name or IPv4 address, optionally with ":port" (IPv6 and wildcards are not supported)`);
    }
    return port === undefined ? { host } : { host, port };
}

const lookupIPv4: HostResolver = async name => (await lookup(name, { all: true, family: 4 })).map(entry => entry.address);

/**
 * Resolves the entries on the host side, when the attempt starts: the sandbox reaches exactly
 * these addresses and finds the names in its own `/etc/hosts` (it has no DNS server).
 */
export async function resolveAllowList(entries: readonly string[], resolve: HostResolver = lookupIPv4): Promise<ResolvedAllowList> {
    const addresses: AllowedAddress[] = [];
    const hostsLines: string[] = [];
    for (const entry of entries.map(parseAllowEntry)) {
        let found: readonly string[];
        try {
            found = isIPv4(entry.host) ? [entry.host] : await resolve(entry.host);
        } catch (error) {
            throw new AllowListError(`sandbox.network host "${entry.host}" does not resolve on this machine: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
        }
        if (found.length === 0) throw new AllowListError(`sandbox.network host "${entry.host}" has no IPv4 address`);
        const loopback = found.find(address => address.startsWith('127.') || address === '0.0.0.0');
        if (loopback !== undefined) {
            throw new AllowListError(`sandbox.network host "${entry.host}" is ${loopback}, the host's own loopback, which no sandbox can reach; name an address of one of the host's interfaces instead`);
        }
        for (const address of found) {
            addresses.push(entry.port === undefined ? { address } : { address, port: entry.port });
            if (!isIPv4(entry.host)) hostsLines.push(`${address} ${entry.host}`);
        }
    }
    return { addresses, hostsLines: [...new Set(hostsLines)] };
}
