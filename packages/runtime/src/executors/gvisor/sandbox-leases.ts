import { randomInt } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { processExists } from '../../system/process-exists.js';
import { SLOT_COUNT } from './network-ruleset.js';

/** Who owns a sandbox or a network slot: a weft process that may have died without cleaning up. */
export interface Lease {
    readonly pid: number;
    readonly sandboxId: string;
    /** How runsc reaches the sandbox (see `RunscCommand`). */
    readonly runsc?: readonly string[];
    /** Its network slot, if it has one. */
    readonly slot?: number;
}

/**
 * Files under a state folder (`/run/weft` by default: gone at reboot, like what they describe)
 * that record each live sandbox and each claimed network slot with its owner's pid, so that a
 * later weft can remove what a killed one left behind. A slot is claimed by creating its file
 * exclusively, which keeps parallel attempts (and processes) from sharing addresses.
 */
export class SandboxLeases {
    private readonly sandboxDir: string;
    private readonly slotDir: string;

    constructor(stateDir: string) {
        this.sandboxDir = path.join(stateDir, 'sandboxes');
        this.slotDir = path.join(stateDir, 'slots');
    }

    async recordSandbox(lease: Lease): Promise<void> {
        await mkdir(this.sandboxDir, { recursive: true, mode: 0o700 });
        await writeFile(path.join(this.sandboxDir, `${lease.sandboxId}.json`), JSON.stringify(lease));
    }

    async releaseSandbox(sandboxId: string): Promise<void> {
        await rm(path.join(this.sandboxDir, `${sandboxId}.json`), { force: true });
    }

    /** Claims a free slot for `lease` (random probing, then a scan). */
    async claimSlot(lease: Lease): Promise<number> {
        await mkdir(this.slotDir, { recursive: true, mode: 0o700 });
        const candidates = [...Array.from({ length: 64 }, () => randomInt(SLOT_COUNT)), ...Array.from({ length: SLOT_COUNT }, (_, slot) => slot)];
        for (const slot of candidates) {
            try {
                await writeFile(path.join(this.slotDir, String(slot)), JSON.stringify(lease), { flag: 'wx' });
                return slot;
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            }
        }
        throw new Error(`all ${SLOT_COUNT} sandbox network slots are in use`);
    }

    async releaseSlot(slot: number): Promise<void> {
        await rm(path.join(this.slotDir, String(slot)), { force: true });
    }

    /** Sandboxes whose owner process is gone. */
    staleSandboxes(): Promise<Lease[]> {
        return staleIn(this.sandboxDir, name => name.endsWith('.json'));
    }

    /** Slots whose owner process is gone, with their number. */
    async staleSlots(): Promise<Array<Lease & { slot: number }>> {
        const stale = await staleIn(this.slotDir, name => /^\d+$/.test(name));
        return stale.map(lease => ({ ...lease, slot: Number(lease.file) }));
    }

    async isSlotClaimed(slot: number): Promise<boolean> {
        return (await listDir(this.slotDir)).includes(String(slot));
    }
}

async function staleIn(dir: string, accept: (name: string) => boolean): Promise<Array<Lease & { file: string }>> {
    const stale: Array<Lease & { file: string }> = [];
    for (const name of (await listDir(dir)).filter(accept)) {
        let lease: Lease;
        try {
            lease = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Lease;
        } catch {
            continue; // being written right now, or already removed
        }
        if (!processExists(lease.pid)) stale.push({ ...lease, file: name });
    }
    return stale;
}

async function listDir(dir: string): Promise<string[]> {
    try {
        return await readdir(dir);
    } catch {
        return [];
    }
}
