import { readFileSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * The sandbox's pids cgroup (v1), made by weft before runsc starts so that it outlives the
 * sandbox: runsc leaves a cgroup it did not create in place, and afterwards `pids.events` says
 * whether the limit was hit. Under the ptrace platform a sandbox that hits it stops as a whole
 * (its kernel cannot make the threads it needs), so this is how that failure is recognised.
 */
export class PidsCgroup {
    private constructor(readonly dir: string) {}

    /** Makes `weft/<id>` under this process's pids cgroup with the limit; undefined where that is not possible (cgroup v2, no pids controller). */
    static async create(sandboxId: string, limit: number): Promise<PidsCgroup | undefined> {
        const dir = pidsCgroupDir(sandboxId);
        if (dir === undefined) return undefined;
        try {
            await mkdir(dir, { recursive: true });
            await writeFile(path.join(dir, 'pids.max'), String(limit));
            return new PidsCgroup(dir);
        } catch {
            await rmdir(dir).catch(() => undefined);
            return undefined;
        }
    }

    /** Whether a fork was refused because of the limit. */
    async limitReached(): Promise<boolean> {
        const events = await readFile(path.join(this.dir, 'pids.events'), 'utf8').catch(() => '');
        return Number(/^max (\d+)$/m.exec(events)?.[1] ?? 0) > 0;
    }

    /** Removes it once its last process is gone (that takes a moment after runsc returns). */
    async remove(): Promise<void> {
        await removePidsCgroup(this.dir);
    }
}

/** `<root>/pids/<this process's pids cgroup>/weft/<id>`, or undefined without a v1 pids hierarchy. */
export function pidsCgroupDir(sandboxId: string): string | undefined {
    let own: string | undefined;
    try {
        own = /^\d+:pids:(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    } catch {
        return undefined;
    }
    return own === undefined ? undefined : path.join(CGROUP_ROOT, 'pids', own, 'weft', sandboxId);
}

export async function removePidsCgroup(dir: string): Promise<void> {
    for (let tries = 0; tries < 50; tries++) {
        try {
            await rmdir(dir);
            return;
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT') return;
            if (code !== 'EBUSY') throw error;
            await new Promise(resolve => setTimeout(resolve, 100));
        }
    }
}
