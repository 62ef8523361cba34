/** A bind mount into the sandbox. */
export interface SandboxMount {
    readonly destination: string;
    readonly source: string;
    readonly readOnly: boolean;
}

/** What runs in a sandbox: the program's mounts, its command line and its own environment variables. */
export interface SandboxLaunch {
    readonly mounts: readonly SandboxMount[];
    readonly args: readonly string[];
    readonly env: readonly string[];
}

export interface SandboxLimits {
    /** Bytes; 0 for none. */
    readonly memory: number;
    /** Millicores; 0 for none. */
    readonly cpu: number;
    readonly pids: number;
}

export interface OciConfigInput {
    readonly args: readonly string[];
    readonly env: readonly string[];
    readonly cwd: string;
    readonly uid: number;
    readonly mounts: readonly SandboxMount[];
    readonly limits: SandboxLimits;
    /** Relative: runsc puts it under its caller's cgroup. Limits are enforced only with it set. */
    readonly cgroupsPath: string;
    /** The sandbox's own `/etc` (sandbox-etc.ts), bound read-only in place of the host's. */
    readonly etcSource: string;
    /** `none`: a network namespace of its own with only `lo`; `joined`: the namespace runsc was started in (an allow-list slot). */
    readonly network: 'none' | 'joined';
}

const CPU_PERIOD_US = 100_000;

/**
 * The OCI runtime config of one attempt (docs/sandbox.md, "Defaults"): a read-only root with `/usr`
 * and the sandbox's own `/etc` bound read-only, `/tmp` in memory, the given binds, an unprivileged user with no
 * capabilities, and cgroup limits. Pure: the bundle writer puts it in `config.json`.
 */
export function ociConfig(input: OciConfigInput): Record<string, unknown> {
    const resources: Record<string, unknown> = { pids: { limit: input.limits.pids } };
    if (input.limits.memory > 0) resources['memory'] = { limit: input.limits.memory, swap: input.limits.memory };
    if (input.limits.cpu > 0) resources['cpu'] = { quota: Math.max(1000, Math.round((input.limits.cpu / 1000) * CPU_PERIOD_US)), period: CPU_PERIOD_US };
    return {
        ociVersion: '1.0.0',
        process: {
            terminal: false,
            user: { uid: input.uid, gid: input.uid },
            args: input.args,
            env: input.env,
            cwd: input.cwd,
            noNewPrivileges: true,
            capabilities: { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] },
            rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
        },
        root: { path: 'rootfs', readonly: true },
        hostname: 'weft',
        mounts: [
            { destination: '/proc', type: 'proc', source: 'proc' },
            { destination: '/usr', type: 'bind', source: '/usr', options: ['rbind', 'ro'] },
            { destination: '/etc', type: 'bind', source: input.etcSource, options: ['rbind', 'ro'] },
            { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'size=64m'] },
            ...input.mounts.map(mount => ({ destination: mount.destination, type: 'bind', source: mount.source, options: ['rbind', mount.readOnly ? 'ro' : 'rw'] })),
        ],
        linux: {
            cgroupsPath: input.cgroupsPath,
            resources,
            namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, ...(input.network === 'none' ? [{ type: 'network' }] : [])],
        },
    };
}
