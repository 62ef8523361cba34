import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { WeftError } from '@weft/contract/errors';
import { processExists } from '../system/process-exists.js';

/**
 * The process that drives a run (runs its engine). A run has at most one: the claim is taken in
 * the run store, in one write transaction, and released when the run ends. The process's start
 * time tells a live driver from a pid the kernel has since given to another process.
 */
export interface RunDriver {
    readonly pid: number;
    readonly host: string;
    /** `<ticks since boot>@<boot id>` from /proc (Linux); empty where there is no /proc. */
    readonly startTime: string;
}

/** This process, as a run's driver. */
export function currentDriver(): RunDriver {
    return { pid: process.pid, host: hostname(), startTime: processStartTime(process.pid) ?? '' };
}

/**
 * Whether the driver still runs: on this host, a process with its pid and its start time; a
 * driver on another host cannot be checked from here and counts as alive.
 */
export function driverIsAlive(driver: RunDriver): boolean {
    if (driver.host !== hostname()) return true;
    if (driver.startTime === '') return processExists(driver.pid);
    return processStartTime(driver.pid) === driver.startTime;
}

export function sameDriver(a: RunDriver, b: RunDriver): boolean {
    return a.pid === b.pid && a.host === b.host && a.startTime === b.startTime;
}

/** The process's start time (field 22 of /proc/<pid>/stat) with the boot it belongs to; undefined when there is no such process. */
export function processStartTime(pid: number): string | undefined {
    let stat: string;
    try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
        return undefined;
    }
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    return ticks === undefined ? undefined : `${ticks}@${bootId()}`;
}

let boot: string | undefined;

function bootId(): string {
    boot ??= readBootId();
    return boot;
}

/** The kernel's boot id; empty inside a gVisor sandbox, which has none (its processes all share one boot). */
function readBootId(): string {
    try {
        return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
        return '';
    }
}

/** A run already has a live driver: a second one is refused. */
export class RunDrivenError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'run-driven';

    constructor(readonly runId: string, readonly driver: RunDriver) {
        super(`run ${runId} is already driven by process ${driver.pid} on ${driver.host}; a run has one driver: wait for it to end, or stop it with \`weft cancel ${runId}\``);
        this.name = 'RunDrivenError';
    }
}
