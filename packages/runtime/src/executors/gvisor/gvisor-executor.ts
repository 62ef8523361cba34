import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workerDir } from '../../bundling/runtime-package.js';
import type { StepBundle } from '../../bundling/bundle-step.js';
import type { AttemptFailure } from '../../plan/failure.js';
import { withSandboxDefaults } from '../../scheduling/sandbox-defaults.js';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from '../executor.js';
import { isCommandImplementation } from '../../contract/plan.js';
import { describeCommandExit } from '../command-launch.js';
import {
    type AttemptFolders, cacheDirOf, type InputMount, makeAttemptFolders, outputResolver, prepareAttemptOrFail, readAttemptResult, type WorkerExecutorOptions, type WorkerExit, writeInputs,
} from '../worker-attempt.js';
import { type SandboxedProcess, sandboxedCommand } from './command-sandbox.js';
import { forwardLogs } from '../forward-logs.js';
import { isPythonStep, preparePythonAttempt, type PythonOptions, pythonSandboxLaunch } from '../python-launch.js';
import { type HostResolver, type ResolvedAllowList, resolveAllowList } from './allow-list.js';
import { slotAddresses, type SlotAddresses } from './network-ruleset.js';
import { ociConfig, type SandboxLaunch, type SandboxMount } from './oci-config.js';
import { locateRunsc, type RunscCommand, runscDelete, runscFreeze, runscKill } from './runsc.js';
import { PidsCgroup } from './pids-cgroup.js';
import { OutOfMemoryError, PidsLimitError, SandboxUnavailableError } from './sandbox-errors.js';
import { writeSandboxEtc } from './sandbox-etc.js';
import { SandboxLeases } from './sandbox-leases.js';
import { closeSandboxNetwork, locateNetworkTools, type NetworkTools, netnsPath, openSandboxNetwork } from './sandbox-network.js';
import { sweepStaleSandboxes } from './sweep-stale.js';

export interface GvisorExecutorOptions extends WorkerExecutorOptions, PythonOptions {
    /** The runsc binary (default: found on `searchPath`). */
    readonly runscPath?: string;
    /** Where to look for runsc, and for `ip`, `nft` and `nsenter` (default: `PATH`, then the sbin folders). */
    readonly searchPath?: string;
    /** The node binary mounted into the sandbox (default: the one running this process, node 22 from node_modules under npx). */
    readonly nodePath?: string;
    /** Between `runsc kill TERM` and `KILL` on timeout or cancel (default 2 s). */
    readonly gracePeriodMs?: number;
    /** The sandbox's pids limit (default 256). */
    readonly pidsLimit?: number;
    /** runsc's `--platform` (default: runsc's own, ptrace here). */
    readonly platform?: string;
    /** Where live sandboxes and network slots are recorded, for sweeping what a killed weft left (default `/run/weft`). */
    readonly stateDir?: string;
    /** How `sandbox.network` names are resolved on the host side (default: dns.lookup, IPv4). */
    readonly resolveHost?: HostResolver;
}

/** `PATH` inside the sandbox, where only the host's `/usr` is. */
const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin';

/** A Python step's launch as the sandbox runs it, in `out/` like the node worker. */
function sandboxedPython(launch: SandboxLaunch): SandboxedProcess {
    return { args: launch.args, env: [`PATH=${SANDBOX_PATH}`, 'HOME=/tmp', ...launch.env], cwd: `${WORK}/out`, mounts: launch.mounts };
}

/** The uid every step runs as inside its sandbox (nobody). */
const SANDBOX_UID = 65534;
const WORK = '/weft';

/**
 * Runs each attempt in its own gVisor sandbox: one OCI bundle per attempt, a
 * read-only root, only the attempt's inputs (read-only) and `out/` (read-write) mounted,
 * uid 65534, no network unless the step's `sandbox.network` names hosts (then exactly those,
 * docs/sandbox.md), and memory/cpu/pids limits from its resources, enforced through cgroups.
 */
export class GvisorExecutor implements Executor {
    readonly name = 'gvisor';
    private readonly runsc: string;
    private readonly leases: SandboxLeases;
    /** The sandbox of each attempt in flight, by work directory, for `pause`/`resume`. */
    private readonly sandboxes = new Map<string, { id: string; runsc: RunscCommand; paused: boolean }>();
    private swept: Promise<void> | undefined;
    private networkTools: NetworkTools | undefined;

    /** Throws `SandboxUnavailableError` when runsc is missing or sandboxes cannot be made here. */
    constructor(private readonly options: GvisorExecutorOptions = {}) {
        this.runsc = locateRunsc(options);
        this.leases = new SandboxLeases(options.stateDir ?? '/run/weft');
    }

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        await this.removeAbandoned();
        let allowList: ResolvedAllowList | undefined;
        try {
            allowList = await this.allowListOf(spec);
        } catch (error) {
            return failedFor(error);
        }
        const implementation = spec.step.implementation;
        const command = isCommandImplementation(implementation) ? implementation : undefined;
        const prepared = command ? { folders: await makeAttemptFolders(spec) }
            : isPythonStep(spec) ? await preparePythonAttempt(spec, this.options, SANDBOX_PATH) : await prepareAttemptOrFail(spec, this.options);
        if ('failed' in prepared) return prepared.failed;
        const id = `weft-${spec.taskId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-${spec.attempt}-${randomBytes(4).toString('hex')}`;
        const bundleDir = path.join(spec.workDir, 'sandbox');
        let sandboxed: SandboxedProcess;
        try {
            sandboxed = command
                ? sandboxedCommand(spec, command, { inputDir: `${WORK}/in`, outDir: `${WORK}/out`, uid: SANDBOX_UID, hidden: cacheDirOf(spec, this.options), emptyDir: await emptyFolder(bundleDir) })
                : 'interpreter' in prepared ? sandboxedPython(await pythonSandboxLaunch(spec, this.options, prepared.interpreter, WORK))
                : this.sandboxedWorker('bundle' in prepared ? prepared.bundle : undefined);
        } catch (error) {
            return failedFor(error);
        }
        const inputs = await this.writeBundle(spec, prepared.folders, sandboxed, { id, bundleDir, allowList });
        const owner = { pid: process.pid, sandboxId: id };
        await this.leases.recordSandbox({ ...owner, runsc: this.runscCommand(undefined) });
        const pids = await PidsCgroup.create(id, this.pidsLimit);
        let slot: SlotAddresses | undefined;
        try {
            if (allowList) {
                slot = slotAddresses(await this.leases.claimSlot(owner));
                await this.leases.recordSandbox({ ...owner, runsc: this.runscCommand(slot), slot: slot.slot });
                await openSandboxNetwork(slot, allowList.addresses, this.networkTools!);
            }
            return await this.runSandbox(spec, channel, { id, bundleDir, slot, pids, folders: prepared.folders, inputs, command: command !== undefined });
        } catch (error) {
            return failedFor(error);
        } finally {
            if (slot) {
                await closeSandboxNetwork(slot, this.networkTools!);
                await this.leases.releaseSlot(slot.slot);
            }
            await pids?.remove().catch(() => undefined);
            await this.leases.releaseSandbox(id);
            await rm(bundleDir, { recursive: true, force: true });
        }
    }

    /**
     * Removes what weft processes that died left behind (sandboxes, pids cgroups, network
     * slots); done once, before this executor's first attempt. Best effort.
     */
    removeAbandoned(): Promise<void> {
        return this.swept ??= sweepStaleSandboxes(this.leases, this.runsc, () => this.networkTools ??= locateNetworkTools(toolSearchPath(this.options)))
            .catch(() => undefined);
    }

    async pause(spec: AttemptSpec): Promise<void> {
        const sandbox = this.sandboxes.get(spec.workDir);
        if (!sandbox) return;
        sandbox.paused = true;
        await runscFreeze(sandbox.runsc, sandbox.id, 'pause');
    }

    async resume(spec: AttemptSpec): Promise<void> {
        const sandbox = this.sandboxes.get(spec.workDir);
        if (!sandbox) return;
        sandbox.paused = false;
        await runscFreeze(sandbox.runsc, sandbox.id, 'resume');
    }

    private get pidsLimit(): number {
        return this.options.pidsLimit ?? 256;
    }

    /** The step's allow-list resolved on the host side, or undefined for no network; throws what makes it impossible. */
    private async allowListOf(spec: AttemptSpec): Promise<ResolvedAllowList | undefined> {
        const network = spec.sandbox?.network ?? 'none';
        if (network === 'none') return undefined;
        this.networkTools ??= locateNetworkTools(toolSearchPath(this.options));
        return resolveAllowList(network, this.options.resolveHost);
    }

    /** The node worker on the step's bundle: the node binary, the worker and the bundle mounted. */
    private sandboxedWorker(bundle: StepBundle | undefined): SandboxedProcess {
        if (bundle === undefined) throw new Error('a function step has a bundle');
        const nodeBinary = this.options.nodePath ?? process.execPath;
        return {
            args: [`${WORK}/node/${path.basename(nodeBinary)}`, `${WORK}/worker/worker-entry.js`, `${WORK}/step.mjs`, `${WORK}/in`, `${WORK}/out`],
            env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/tmp', 'NODE_OPTIONS='],
            cwd: `${WORK}/out`,
            mounts: [
                { destination: `${WORK}/node`, source: path.dirname(nodeBinary), readOnly: true },
                { destination: `${WORK}/worker`, source: workerDir(), readOnly: true },
                { destination: `${WORK}/step.mjs`, source: bundle.file, readOnly: true },
            ],
        };
    }

    /**
     * Writes the attempt's OCI bundle: an empty read-only root with mount points, the sandbox's
     * own `/etc`, and `config.json` (only what `sandboxed` needs, `in/`, the input artifacts and
     * `out/` are mounted). Returns where the inputs are mounted.
     */
    private async writeBundle(spec: AttemptSpec, folders: AttemptFolders, sandboxed: SandboxedProcess, sandbox: {
        id: string; bundleDir: string; allowList: ResolvedAllowList | undefined;
    }): Promise<InputMount[]> {
        const inputs = await writeInputs(spec, folders, (host, index) => `${WORK}/inputs/${index}/${path.basename(host)}`);
        const mounts: SandboxMount[] = [
            ...sandboxed.mounts,
            { destination: `${WORK}/in`, source: folders.inputDir, readOnly: true },
            { destination: `${WORK}/out`, source: folders.outDir, readOnly: false },
            ...inputs.map(input => ({ destination: input.worker, source: input.host, readOnly: true })),
        ];
        const etcDir = path.join(sandbox.bundleDir, 'etc');
        await makeRootfs(path.join(sandbox.bundleDir, 'rootfs'), mounts);
        await writeSandboxEtc(etcDir, SANDBOX_UID, sandbox.allowList?.hostsLines ?? []);
        // A mount into `/etc` needs its mount point in the sandbox's own, read-only `/etc`.
        for (const mount of mounts) if (mount.destination.startsWith('/etc/')) await mkdir(path.join(etcDir, mount.destination.slice('/etc/'.length)), { recursive: true });
        // A writable bind must belong to the sandbox's user.
        await chown(folders.outDir, SANDBOX_UID, SANDBOX_UID);
        const config = ociConfig({
            args: sandboxed.args,
            env: [...sandboxed.env, ...Object.entries(spec.traceEnvironment ?? {}).map(([name, value]) => `${name}=${value}`)],
            cwd: sandboxed.cwd,
            uid: SANDBOX_UID,
            mounts,
            // The engine already placed the step with the defaults; a spec from elsewhere gets them too.
            limits: { ...limitsOf(spec), pids: this.pidsLimit },
            cgroupsPath: `weft/${sandbox.id}`,
            etcSource: etcDir,
            network: sandbox.allowList ? 'joined' : 'none',
        });
        await writeFile(path.join(sandbox.bundleDir, 'config.json'), JSON.stringify(config, undefined, 2));
        return inputs;
    }

    /**
     * Starts runsc on the bundle (inside the slot's namespace when the step has an allow-list;
     * there runsc uses that namespace's kernel network, the only one it has), waits for it, and
     * reads the attempt's result. On abort: TERM, then KILL after the grace period.
     */
    private async runSandbox(spec: AttemptSpec, channel: AttemptChannel, attempt: {
        id: string; bundleDir: string; slot: SlotAddresses | undefined; pids: PidsCgroup | undefined; folders: AttemptFolders; inputs: readonly InputMount[]; command: boolean;
    }): Promise<AttemptResult> {
        const { id, slot } = attempt;
        const runsc = this.runscCommand(slot);
        const child = spawn(runsc[0]!, [...runsc.slice(1), 'run', '--bundle', attempt.bundleDir, id], { stdio: ['ignore', 'pipe', 'pipe'] });
        forwardLogs(child.stdout, channel.logger, 'info');
        const stderr = forwardLogs(child.stderr, channel.logger, 'warn');
        const sandbox = { id, runsc, paused: false };
        this.sandboxes.set(spec.workDir, sandbox);
        let stopped = false;
        const stop = (): void => {
            stopped = true;
            this.sandboxes.delete(spec.workDir);
            // A frozen sandbox must run again to act on TERM.
            const thawed = sandbox.paused ? runscFreeze(runsc, id, 'resume') : Promise.resolve();
            void thawed.then(() => runscKill(runsc, id, 'TERM'));
            setTimeout(() => void runscKill(runsc, id, 'KILL'), this.options.gracePeriodMs ?? 2000).unref();
        };
        if (channel.signal.aborted) stop();
        channel.signal.addEventListener('abort', stop, { once: true });
        const exitCode = await new Promise<number>(resolve => {
            child.on('error', () => resolve(127));
            child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 143)));
        });
        channel.signal.removeEventListener('abort', stop);
        this.sandboxes.delete(spec.workDir);
        await runscDelete(runsc, id);
        const exit: WorkerExit = { exitCode, stderrTail: stderr.tail() };
        const pidsLimitReached = await attempt.pids?.limitReached() ?? false;
        return readAttemptResult(spec, this.options, attempt.folders, exit, outputResolver(`${WORK}/out`, attempt.inputs),
            () => this.describeExit(spec, exit, stopped, pidsLimitReached, attempt.command), channel.signal);
    }

    /** runsc with its global flags: no network, or the slot's namespace (entered with nsenter) used as the host network. */
    private runscCommand(slot: SlotAddresses | undefined): RunscCommand {
        const platform = this.options.platform ? [`--platform=${this.options.platform}`] : [];
        return slot
            ? [this.networkTools!.nsenter, `--net=${netnsPath(slot)}`, this.runsc, '--network=host', ...platform]
            : [this.runsc, '--network=none', ...platform];
    }

    private describeExit(spec: AttemptSpec, exit: WorkerExit, stopped: boolean, pidsLimitReached: boolean, command: boolean): AttemptFailure {
        if (pidsLimitReached && !stopped) {
            const error = new PidsLimitError(spec.taskId, this.pidsLimit);
            return { message: error.message, retryable: false, exitCode: exit.exitCode, cause: error };
        }
        const { memory } = limitsOf(spec);
        if (exit.exitCode === 137 && !stopped) {
            const error = new OutOfMemoryError(spec.taskId, memory);
            return { message: error.message, retryable: false, exitCode: 137, cause: error };
        }
        if (exit.exitCode === 128 || /creating container|starting container|cgroup/i.test(exit.stderrTail)) {
            const error = new SandboxUnavailableError('runsc-failed', `runsc said: ${exit.stderrTail.split('\n').slice(-3).join(' | ')}`);
            return { message: error.message, retryable: false, exitCode: exit.exitCode, cause: error };
        }
        if (command) return describeCommandExit(exit);
        const detail = exit.stderrTail === '' ? '' : `: ${exit.stderrTail.split('\n').slice(-3).join(' | ')}`;
        return { message: `the sandboxed worker exited with code ${exit.exitCode} without outputs${detail}`, retryable: true, exitCode: exit.exitCode };
    }
}

/**
 * An empty root: `bin lib lib64 sbin` link into the `/usr` bind, and every mount point exists
 * (an empty file for a file mount), because the root is read-only inside the sandbox.
 */
async function makeRootfs(rootfs: string, mounts: readonly SandboxMount[]): Promise<void> {
    for (const dir of ['usr', 'etc', 'tmp', 'proc', 'dev', 'weft']) await mkdir(path.join(rootfs, dir), { recursive: true });
    for (const link of ['bin', 'lib', 'lib64', 'sbin']) await symlink(`usr/${link}`, path.join(rootfs, link));
    // The worker is ES modules; node looks for the nearest package.json.
    await writeFile(path.join(rootfs, 'weft', 'package.json'), '{"type":"module"}\n');
    for (const mount of mounts) {
        const point = path.join(rootfs, mount.destination);
        if (mount.destination.endsWith('.mjs') || mount.destination.startsWith(`${WORK}/inputs/`)) {
            await mkdir(path.dirname(point), { recursive: true });
            await writeFile(point, '');
        } else {
            await mkdir(point, { recursive: true });
        }
    }
}

/** An empty folder in the attempt's OCI bundle folder, bound over what a sandbox must not see. */
async function emptyFolder(bundleDir: string): Promise<string> {
    const empty = path.join(bundleDir, 'empty');
    await mkdir(empty, { recursive: true });
    return empty;
}

/** The sandbox's memory and cpu: the step's resources, the sandbox defaults for what it leaves unset. */
function limitsOf(spec: AttemptSpec): { memory: number; cpu: number } {
    const { memory, cpu } = withSandboxDefaults(spec.resources);
    return { memory, cpu };
}

/** A failure before or around the sandbox (an allow-list that cannot be honoured, missing tools): retrying would not help. */
function failedFor(error: unknown): AttemptResult {
    return { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } };
}

/** `searchPath`, or `PATH` and the sbin folders where `ip`, `nft` and `nsenter` live (a user's `PATH` may lack them). */
function toolSearchPath(options: GvisorExecutorOptions): string {
    return options.searchPath ?? [process.env['PATH'] ?? '', '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'].join(path.delimiter);
}
