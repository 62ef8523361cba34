import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workerDir } from '../../bundling/runtime-package.js';
import type { AttemptFailure } from '../../execution/failure.js';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from '../executor.js';
import { forwardLogs, outputResolver, prepareAttemptOrFail, readAttemptResult, type WorkerExecutorOptions, type WorkerExit, writeInputs } from '../worker-attempt.js';
import { ociConfig, type SandboxMount } from './oci-config.js';
import { locateRunsc, runscDelete, runscFreeze, runscKill } from './runsc.js';
import { OutOfMemoryError, SandboxUnavailableError } from './sandbox-errors.js';

export interface GvisorExecutorOptions extends WorkerExecutorOptions {
    /** The runsc binary (default: found on `searchPath`). */
    readonly runscPath?: string;
    /** Where to look for runsc (default: `PATH`). */
    readonly searchPath?: string;
    /** The node binary mounted into the sandbox (default: the one running this process, node 22 from node_modules under npx). */
    readonly nodePath?: string;
    /** Between `runsc kill TERM` and `KILL` on timeout or cancel (default 2 s). */
    readonly gracePeriodMs?: number;
    /** The sandbox's pids limit (default 256). */
    readonly pidsLimit?: number;
    /** runsc's `--platform` (default: runsc's own, ptrace here). */
    readonly platform?: string;
}

/** The uid every step runs as inside its sandbox (nobody). */
const SANDBOX_UID = 65534;
const WORK = '/weft';

/**
 * Runs each attempt in its own gVisor sandbox: one OCI bundle per attempt (FACTS.md), a
 * read-only root, only the attempt's inputs (read-only) and `out/` (read-write) mounted,
 * uid 65534, no network unless the step's `sandbox.network` names hosts, and memory/cpu/pids
 * limits from its resources, enforced through cgroups.
 */
export class GvisorExecutor implements Executor {
    readonly name = 'gvisor';
    private readonly runsc: string;
    /** The sandbox of each attempt in flight, by work directory, for `pause`/`resume`. */
    private readonly sandboxes = new Map<string, { id: string; globalFlags: readonly string[] }>();

    /** Throws `SandboxUnavailableError` when runsc is missing or sandboxes cannot be made here. */
    constructor(private readonly options: GvisorExecutorOptions = {}) {
        this.runsc = locateRunsc(options);
    }

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        const prepared = await prepareAttemptOrFail(spec, this.options);
        if ('failed' in prepared) return prepared.failed;
        const { bundle, folders } = prepared;
        const inputs = await writeInputs(spec, folders, (host, index) => `${WORK}/inputs/${index}/${path.basename(host)}`);
        const nodeBinary = this.options.nodePath ?? process.execPath;
        const mounts: SandboxMount[] = [
            { destination: `${WORK}/node`, source: path.dirname(nodeBinary), readOnly: true },
            { destination: `${WORK}/worker`, source: workerDir(), readOnly: true },
            { destination: `${WORK}/step.mjs`, source: bundle.file, readOnly: true },
            { destination: `${WORK}/in`, source: folders.inputDir, readOnly: true },
            { destination: `${WORK}/out`, source: folders.outDir, readOnly: false },
            ...inputs.map(input => ({ destination: input.worker, source: input.host, readOnly: true })),
        ];
        const bundleDir = path.join(spec.workDir, 'sandbox');
        await makeRootfs(path.join(bundleDir, 'rootfs'), mounts);
        // A writable bind must belong to the sandbox's user.
        await chown(folders.outDir, SANDBOX_UID, SANDBOX_UID);
        const id = `weft-${spec.taskId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-${spec.attempt}-${randomBytes(4).toString('hex')}`;
        const network = spec.sandbox?.network ?? 'none';
        const config = ociConfig({
            args: [`${WORK}/node/${path.basename(nodeBinary)}`, `${WORK}/worker/worker-entry.js`, `${WORK}/step.mjs`, `${WORK}/in`, `${WORK}/out`],
            env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/tmp', 'NODE_OPTIONS=', ...Object.entries(spec.traceEnvironment ?? {}).map(([name, value]) => `${name}=${value}`)],
            cwd: `${WORK}/out`,
            uid: SANDBOX_UID,
            mounts,
            limits: { memory: spec.resources.memory, cpu: spec.resources.cpu, pids: this.options.pidsLimit ?? 256 },
            cgroupsPath: `weft/${id}`,
        });
        await writeFile(path.join(bundleDir, 'config.json'), JSON.stringify(config, undefined, 2));
        // With hosts allowed the sandbox shares the host's network: runsc here cannot filter by host.
        const globalFlags = [`--network=${network === 'none' ? 'none' : 'host'}`, ...(this.options.platform ? [`--platform=${this.options.platform}`] : [])];
        const child = spawn(this.runsc, [...globalFlags, 'run', '--bundle', bundleDir, id], { stdio: ['ignore', 'pipe', 'pipe'] });
        forwardLogs(child.stdout, channel.logger, 'info');
        const stderr = forwardLogs(child.stderr, channel.logger, 'warn');
        this.sandboxes.set(spec.workDir, { id, globalFlags });
        let stopped = false;
        const stop = (): void => {
            stopped = true;
            this.sandboxes.delete(spec.workDir);
            void runscKill(this.runsc, globalFlags, id, 'TERM');
            setTimeout(() => void runscKill(this.runsc, globalFlags, id, 'KILL'), this.options.gracePeriodMs ?? 2000).unref();
        };
        if (channel.signal.aborted) stop();
        channel.signal.addEventListener('abort', stop, { once: true });
        const exitCode = await new Promise<number>(resolve => {
            child.on('error', () => resolve(127));
            child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 143)));
        });
        channel.signal.removeEventListener('abort', stop);
        this.sandboxes.delete(spec.workDir);
        await runscDelete(this.runsc, globalFlags, id);
        const exit: WorkerExit = { exitCode, stderrTail: stderr.tail() };
        const result = await readAttemptResult(spec, this.options, folders, exit, outputResolver(`${WORK}/out`, folders.outDir, inputs),
            () => this.describeExit(spec, exit, stopped));
        await rm(bundleDir, { recursive: true, force: true });
        return result;
    }

    async pause(spec: AttemptSpec): Promise<void> {
        const sandbox = this.sandboxes.get(spec.workDir);
        if (sandbox) await runscFreeze(this.runsc, sandbox.globalFlags, sandbox.id, 'pause');
    }

    async resume(spec: AttemptSpec): Promise<void> {
        const sandbox = this.sandboxes.get(spec.workDir);
        if (sandbox) await runscFreeze(this.runsc, sandbox.globalFlags, sandbox.id, 'resume');
    }

    private describeExit(spec: AttemptSpec, exit: WorkerExit, stopped: boolean): AttemptFailure {
        const memory = spec.resources.memory;
        if (exit.exitCode === 137 && !stopped && memory > 0) {
            const error = new OutOfMemoryError(spec.taskId, memory);
            return { message: error.message, retryable: false, exitCode: 137, cause: error };
        }
        if (exit.exitCode === 128 || /creating container|starting container|cgroup/i.test(exit.stderrTail)) {
            const error = new SandboxUnavailableError('runsc-failed', `runsc said: ${exit.stderrTail.split('\n').slice(-3).join(' | ')}`);
            return { message: error.message, retryable: false, exitCode: exit.exitCode, cause: error };
        }
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
