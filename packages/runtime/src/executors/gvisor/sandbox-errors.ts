import { WeftError } from '@weft/contract/errors';

/** Sandboxes cannot be created here; `remedy` says what to install or change. Never falls back. */
export class SandboxUnavailableError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'sandbox-unavailable';

    constructor(readonly reason: 'runsc-missing' | 'not-root' | 'runsc-failed' | 'network-tools-missing', readonly remedy: string, options?: ErrorOptions) {
        super(`${describe(reason)}; ${remedy}`, options);
        this.name = 'SandboxUnavailableError';
    }
}

/**
 * The most memory a step that ran out may be placed again with: its `retry { memory }`, or the
 * most its target offers one step when that is less (execution/memory-escalation.ts).
 */
export interface MemoryCeiling {
    readonly by: 'retry' | 'capacity';
    readonly bytes: number;
}

/**
 * The sandbox (or pod) was killed at its memory limit. The same limit fails again, so it is not retried
 * as it is; with `retry { memory }` the engine places the step again with more.
 */
export class OutOfMemoryError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'out-of-memory';

    /** `killed`: what the limit ended, a gVisor sandbox or a Kubernetes pod (`OOMKilled`). */
    constructor(readonly task: string, readonly limitBytes: number, readonly ceiling?: MemoryCeiling, readonly killed: 'sandbox' | 'pod' = 'sandbox') {
        const limit = limitBytes > 0 ? `its limit of ${formatBytes(limitBytes)}` : 'its memory limit';
        super(`${task} ran out of memory: ${killed === 'pod' ? 'its pod' : 'the sandbox'} was killed at ${limit}${remedy(ceiling)}`);
        this.name = 'OutOfMemoryError';
    }
}

function remedy(ceiling: MemoryCeiling | undefined): string {
    if (ceiling === undefined) {
        return ' (resources.memory, or the target\'s default when the step sets none); raise the step\'s memory, set retry { memory: … } to place it again with more, or use less';
    }
    if (ceiling.by === 'retry') return `, the most its retry.memory (${formatBytes(ceiling.bytes)}) allows; raise retry.memory or use less`;
    return `, the most its target offers one step (${formatBytes(ceiling.bytes)} of memory); give the target more memory or use less`;
}

function describe(reason: SandboxUnavailableError['reason']): string {
    switch (reason) {
        case 'runsc-missing': return 'the gvisor executor needs gVisor\'s `runsc`, which is not on the PATH';
        case 'not-root': return 'the gvisor executor must run as root to create sandboxes with enforced cgroup limits';
        case 'runsc-failed': return 'runsc could not create the sandbox';
        case 'network-tools-missing': return 'a step whose sandbox.network lists hosts needs a network namespace with nftables rules';
    }
}

export function formatBytes(bytes: number): string {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) { value /= 1024; unit++; }
    return `${value} ${units[unit]}`;
}

/**
 * The sandbox reached its pids limit (a fork bomb, or a step that starts too many processes)
 * and was stopped. Not retryable: the same step does it again.
 */
export class PidsLimitError extends WeftError {
    static override readonly fault = 'step';
    static override readonly code = 'pids-limit';

    constructor(readonly task: string, readonly limit: number) {
        super(`${task} reached its pids limit: the sandbox was stopped when its processes and threads reached ${limit}; a step may not start more`);
        this.name = 'PidsLimitError';
    }
}
