import { existsSync } from 'node:fs';
import { slotAddresses } from './network-ruleset.js';
import { pidsCgroupDir, removePidsCgroup } from './pids-cgroup.js';
import { runscDelete, runscKill } from './runsc.js';
import type { SandboxLeases } from './sandbox-leases.js';
import { closeSandboxNetwork, type NetworkTools, weftNamespaces } from './sandbox-network.js';

/**
 * Removes what weft processes that died (SIGKILL, a crash) left behind: their sandboxes (which
 * outlive `runsc run`) with their pids cgroups, their network slots, and `weft-<n>` namespaces
 * that no slot owns. Only leases whose owner process is gone are touched, so parallel weft
 * processes keep theirs. `networkTools` throws when the tools are missing: then no slot was opened.
 */
export async function sweepStaleSandboxes(leases: SandboxLeases, runsc: string, networkTools: () => NetworkTools): Promise<void> {
    for (const lease of await leases.staleSandboxes()) {
        const command = lease.runsc ?? [runsc];
        await runscKill(command, lease.sandboxId, 'KILL');
        await runscDelete(command, lease.sandboxId);
        const pids = pidsCgroupDir(lease.sandboxId);
        if (pids !== undefined) await removePidsCgroup(pids).catch(() => undefined);
        await leases.releaseSandbox(lease.sandboxId);
    }
    const staleSlots = await leases.staleSlots();
    if (staleSlots.length === 0 && !existsSync('/run/netns')) return;
    let tools: NetworkTools;
    try {
        tools = networkTools();
    } catch {
        return;
    }
    for (const stale of staleSlots) {
        await closeSandboxNetwork(slotAddresses(stale.slot), tools);
        await leases.releaseSlot(stale.slot);
    }
    for (const slot of await weftNamespaces(tools)) {
        if (!await leases.isSlotClaimed(slot)) await closeSandboxNetwork(slotAddresses(slot), tools);
    }
}
