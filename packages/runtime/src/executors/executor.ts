import type { StepLogger, StepTrace } from '../contract/step-context.js';
import type { AttemptFailure } from '../plan/failure.js';
import type { Placement, ResourceRequest } from '../scheduling/capacity.js';
import type { PlanImplementation, PlanOutput } from '../contract/plan.js';
import type { ProducedArtifact } from '../artifacts/store-outputs.js';

/**
 * Everything one attempt of one step needs, as plain data: an out-of-process executor writes
 * `inputs` (encoded) to `inputs.json` in `workDir` and reads `outputs.json` back.
 */
export interface AttemptSpec {
    readonly runId: string;
    /** The task: the node id, or `node[i]` for a fan-out element. */
    readonly taskId: string;
    readonly node: string;
    readonly step: {
        readonly name: string;
        readonly contractHash: string;
        /** A function's `module`, or a command's `directory`, is relative to `root`. */
        readonly implementation: PlanImplementation;
    };
    /** 1 for the first attempt. */
    readonly attempt: number;
    /** The step's inputs by parameter name: JSON values and handles. */
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly resources: ResourceRequest;
    /** The step's container image (Kubernetes targets). */
    readonly image?: string;
    /** Where the scheduler placed the attempt: a Kubernetes target's pool. */
    readonly placement?: Placement;
    /** The attempt's timeout; the runtime enforces it by aborting the signal. */
    readonly timeoutMs?: number;
    /** A fresh, empty folder for this attempt only. */
    readonly workDir: string;
    /** The folder the plan's paths are relative to. */
    readonly root: string;
    /** The step's declared outputs; out-of-process executors check values against their schemas before storing them. */
    readonly outputs?: readonly PlanOutput[];
    /** The step's `sandbox` settings, evaluated; no network when absent. */
    readonly sandbox?: { readonly network: 'none' | readonly string[] };
    /** Environment variables carrying the attempt's trace context (`TRACEPARENT`, `TRACESTATE`) into a worker. */
    readonly traceEnvironment?: Readonly<Record<string, string>>;
}

/** How an attempt ended, as data: a failure says whether a retry could help. */
export type AttemptResult = (
    | {
        readonly status: 'completed';
        readonly outputs: Readonly<Record<string, unknown>>;
        /** The handles among the outputs, hashed into the artifact store (out-of-process executors). */
        readonly artifacts?: readonly ProducedArtifact[];
    }
    | { readonly status: 'failed'; readonly failure: AttemptFailure }
) & {
    /** Where the worker's `out/` folder was, when not `workDir/out` (a Kubernetes Job's, on the volume): its `spans.json` is read there. */
    readonly outDir?: string;
};

/** What the runtime hands an executor beside the spec. */
export interface AttemptChannel {
    /** Aborted on timeout or run cancellation (`signal.reason` says which); the executor must then settle promptly. */
    readonly signal: AbortSignal;
    /** Where the step's log lines go (the run store's events). */
    readonly logger: StepLogger;
    /** The attempt's trace for an in-process step (set when runs are traced). */
    readonly trace?: StepTrace;
}

/**
 * Runs attempts. `inline` calls the step in this process; `process` and `gvisor` (to come) run
 * a worker entry in a child process or sandbox against the attempt's work directory.
 */
export interface Executor {
    readonly name: string;
    /**
     * Set when the executor makes each attempt's `workDir` itself (the inline one: only when the
     * step first reads `ctx.workDir`); otherwise the runtime makes it before `execute`.
     */
    readonly makesWorkDir?: boolean;
    execute(attempt: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult>;
    /** Freezes a running attempt (process: SIGSTOP, gvisor: `runsc pause`); without it a paused run lets attempts in flight run on. */
    pause?(attempt: AttemptSpec): Promise<void>;
    /** Thaws an attempt frozen by `pause`. */
    resume?(attempt: AttemptSpec): Promise<void>;
}
