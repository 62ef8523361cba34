import { type Context, context as otelContext, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { CompiledPlan } from '../contract/plan.js';
import { TaskState } from '../lifecycle/task-state.js';
import type { AttemptRecord, RunEvent, RunRecord, TaskChange, TaskRecord } from '../store/run-store.js';
import { WeftAttribute } from './span-attributes.js';

interface OpenRun {
    readonly span: Span;
    readonly context: Context;
    readonly plan?: CompiledPlan;
    readonly target?: string;
}

interface OpenSpan {
    readonly span: Span;
    readonly context: Context;
}

/** Looks a run up in the store, for spans of a run this process did not create (a resume). */
export type RunLookup = (runId: string) => RunRecord | undefined;

/**
 * The open spans of traced runs, driven by what the run store is told: a run span from
 * `createRun` to `finishRun`; a task span from the task's insertion until it settles (fan-out
 * elements under their fan-out's span); an attempt span from `startAttempt` to `finishAttempt`.
 * Times are the store's. A run resumed by another process gets a new run span on first use.
 * A run span is a root, or the child of `parent` when given (a CI job's trace).
 */
export class RunSpans {
    private readonly runs = new Map<string, OpenRun>();
    private readonly tasks = new Map<string, OpenSpan>();
    private readonly attempts = new Map<string, OpenSpan>();

    /** `parent`: the context runs continue (an incoming trace); without it each run span is a root. */
    constructor(readonly tracer: Tracer, private readonly lookup: RunLookup, private readonly parent?: Context) {}

    runCreated(run: Pick<RunRecord, 'id' | 'pipeline' | 'plan' | 'settings' | 'createdAt'>): void {
        this.openRun(run, run.createdAt);
    }

    taskInserted(task: TaskRecord, at: number = Date.now()): void {
        this.openTask(task.runId, task.id, at);
    }

    transition(change: TaskChange): void {
        const task = this.openTask(change.runId, change.taskId, change.at);
        const { span } = task;
        if (change.attempts !== undefined) span.setAttribute(WeftAttribute.attempts, change.attempts);
        const settled = change.to === TaskState.Completed || change.to === TaskState.Cached || change.to === TaskState.Skipped
            || change.to === TaskState.Cancelled || (change.to === TaskState.Failed && change.failedForGood === true);
        if (!settled) return;
        span.setAttribute(WeftAttribute.state, change.to);
        if (change.to === TaskState.Failed) span.setStatus({ code: SpanStatusCode.ERROR, message: change.failure?.message ?? change.reason ?? 'failed' });
        span.end(change.at);
        this.tasks.delete(key(change.runId, change.taskId));
    }

    attemptStarted(runId: string, taskId: string, attempt: number, at: number): void {
        const task = this.openTask(runId, taskId, at);
        const run = this.runs.get(runId)!;
        const span = this.tracer.startSpan(`attempt ${taskId} #${attempt}`, {
            startTime: at,
            attributes: {
                [WeftAttribute.runId]: runId, [WeftAttribute.task]: taskId, [WeftAttribute.attempt]: attempt,
                ...this.stepAttributes(run, taskId),
            },
        }, task.context);
        this.attempts.set(key(runId, taskId, attempt), { span, context: trace.setSpan(task.context, span) });
    }

    attemptFinished(runId: string, taskId: string, attempt: number, at: number, status: NonNullable<AttemptRecord['status']>, message?: string): void {
        const open = this.attempts.get(key(runId, taskId, attempt));
        if (!open) return;
        open.span.setAttribute(WeftAttribute.attemptStatus, status);
        if (status !== 'completed') open.span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? status });
        open.span.end(at);
        this.attempts.delete(key(runId, taskId, attempt));
    }

    /** The engine notes cache decisions as events with `fields.cache`; they become the task's `weft.cache`. */
    event(runId: string, event: RunEvent): void {
        const cache = event.fields?.['cache'];
        if (event.taskId !== undefined && (cache === 'hit' || cache === 'miss')) this.openTask(runId, event.taskId, event.at).span.setAttribute(WeftAttribute.cache, cache);
    }

    runFinished(runId: string, status: string, at: number): void {
        // A resumed run with nothing left to run is ended here all the same.
        const run = this.runs.get(runId) ?? (this.lookup(runId) ? this.runOf(runId, at) : undefined);
        if (!run) return;
        // Whatever is still open (cancelled mid-way, a crash of a step's bookkeeping) ends with the run.
        for (const [id, open] of [...this.attempts, ...this.tasks]) {
            if (!id.startsWith(`${runId}\u0000`)) continue;
            open.span.end(at);
            this.attempts.delete(id);
            this.tasks.delete(id);
        }
        run.span.setAttribute(WeftAttribute.runStatus, status);
        if (status === 'failed') run.span.setStatus({ code: SpanStatusCode.ERROR, message: 'the run failed' });
        run.span.end(at);
        this.runs.delete(runId);
    }

    /** The attempt's span and its context, while it runs. */
    attempt(runId: string, taskId: string, attempt: number): OpenSpan | undefined {
        return this.attempts.get(key(runId, taskId, attempt));
    }

    private openRun(run: Pick<RunRecord, 'id' | 'pipeline' | 'settings'> & { readonly plan?: CompiledPlan }, at: number): OpenRun {
        const target = typeof run.settings['target'] === 'string' ? run.settings['target'] : undefined;
        const parent = this.parent ?? otelContext.active();
        const span = this.tracer.startSpan(`run ${run.pipeline}`, {
            ...(this.parent ? {} : { root: true }), startTime: at,
            attributes: { [WeftAttribute.runId]: run.id, [WeftAttribute.pipeline]: run.pipeline, ...(target ? { [WeftAttribute.target]: target } : {}) },
        }, parent);
        const open: OpenRun = { span, context: trace.setSpan(parent, span), ...(run.plan ? { plan: run.plan } : {}), ...(target ? { target } : {}) };
        this.runs.set(run.id, open);
        return open;
    }

    private runOf(runId: string, at: number): OpenRun {
        const open = this.runs.get(runId);
        if (open) return open;
        const record = this.lookup(runId);
        return this.openRun(record ?? { id: runId, pipeline: 'unknown', settings: {} }, at);
    }

    private openTask(runId: string, taskId: string, at: number): OpenSpan {
        const existing = this.tasks.get(key(runId, taskId));
        if (existing) return existing;
        const run = this.runOf(runId, at);
        const element = /^(.*)\[(\d+)\]$/.exec(taskId);
        // A fan-out element is a child of its fan-out's span while that is open.
        const parent = (element && this.tasks.get(key(runId, element[1]!))) ?? run;
        const span = this.tracer.startSpan(`task ${taskId}`, {
            startTime: at,
            attributes: {
                [WeftAttribute.runId]: runId, [WeftAttribute.task]: taskId,
                ...(element ? { [WeftAttribute.index]: Number(element[2]) } : {}),
                ...this.stepAttributes(run, taskId),
            },
        }, parent.context);
        const open = { span, context: trace.setSpan(parent.context, span) };
        this.tasks.set(key(runId, taskId), open);
        return open;
    }

    private stepAttributes(run: OpenRun, taskId: string): Record<string, string> {
        const nodeId = taskId.replace(/\[\d+\]$/, '');
        const node = run.plan?.nodes.find(candidate => candidate.id === nodeId);
        return {
            [WeftAttribute.node]: nodeId,
            ...(node?.call.kind === 'step' ? { [WeftAttribute.step]: node.call.step } : {}),
            ...(run.target ? { [WeftAttribute.target]: run.target } : {}),
        };
    }
}

function key(runId: string, taskId: string, attempt?: number): string {
    return attempt === undefined ? `${runId}\u0000${taskId}` : `${runId}\u0000${taskId}\u0000${attempt}`;
}
