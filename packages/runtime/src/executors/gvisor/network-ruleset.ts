import type { AllowedAddress } from './allow-list.js';

/** The private /30 of one network slot: the host end `.1`, the sandbox end `.2`. */
export interface SlotAddresses {
    readonly slot: number;
    readonly network: string;
    readonly hostAddress: string;
    readonly sandboxAddress: string;
    /** The network namespace (`ip netns`), the veth ends and the nftables tables of the slot. */
    readonly netns: string;
    readonly hostVeth: string;
    readonly sandboxVeth: string;
    readonly filterTable: string;
    readonly natTable: string;
}

/** 10.231.0.0/16 holds 16384 slots of four addresses. */
export const SLOT_COUNT = 16384;
const BASE = (10 << 24) | (231 << 16);

export function slotAddresses(slot: number): SlotAddresses {
    if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) throw new RangeError(`network slot ${slot} is outside 0..${SLOT_COUNT - 1}`);
    const first = BASE + slot * 4;
    const dotted = (value: number): string => [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.');
    return {
        slot,
        network: `${dotted(first)}/30`,
        hostAddress: dotted(first + 1),
        sandboxAddress: dotted(first + 2),
        netns: `weft-${slot}`,
        hostVeth: `wefth${slot}`,
        sandboxVeth: `wefts${slot}`,
        filterTable: `weft_${slot}`,
        natTable: `weft_${slot}_nat`,
    };
}

/**
 * The nftables rules of one slot, in the host's namespace where the sandbox cannot change
 * them: everything arriving from the slot's veth is rejected before routing unless it comes
 * from the sandbox's own address and goes to an allowed address (and port); what is allowed
 * to leave the host is masqueraded. Pure: `nft -f -` reads it.
 */
export function nftRuleset(addresses: SlotAddresses, allowed: readonly AllowedAddress[]): string {
    const allowRules = allowed.map(entry => entry.port === undefined
        ? `        ip daddr ${entry.address} accept`
        : `        ip daddr ${entry.address} meta l4proto { tcp, udp } th dport ${entry.port} accept`);
    return [
        `table inet ${addresses.filterTable} {`,
        '    chain prerouting {',
        '        type filter hook prerouting priority -300; policy accept;',
        `        iifname "${addresses.hostVeth}" jump from_sandbox`,
        '    }',
        '    chain from_sandbox {',
        `        ip saddr != ${addresses.sandboxAddress} drop`,
        ...allowRules,
        '        meta l4proto tcp reject with tcp reset',
        '        reject with icmpx type admin-prohibited',
        '    }',
        '}',
        `table ip ${addresses.natTable} {`,
        '    chain postrouting {',
        '        type nat hook postrouting priority srcnat; policy accept;',
        `        ip saddr ${addresses.sandboxAddress} oifname != "${addresses.hostVeth}" masquerade`,
        '    }',
        '}',
        '',
    ].join('\n');
}
