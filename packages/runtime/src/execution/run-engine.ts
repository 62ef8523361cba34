import type { CacheRequest } from '../caching/cache-key.js';
import type { TaskCache } from '../caching/task-cache.js';
import type { CompiledPlan, PlanNode } from '../contract/plan.js';
import type { Executor } from '../executors/executor.js';
import { TaskState } from '../lifecycle/task-state.js';
import { BinaryHeap } from '../scheduling/binary-heap.js';
import type { CapacityModel, ResourceRequest } from '../scheduling/capacity.js';
import { RunStatus, type RunStore, type TaskRecord } from '../store/run-store.js';
import { decodeValue, encodeValue, artifactKind } from '../store/value-codec.js';
import { artifactResolver } from '../plan/bind-parameters.js';
import { evaluate, type EvaluationScope } from '../plan/expression-evaluator.js';
import { type FailureRecord, RunTimeoutError, UnschedulableTaskError } from '../plan/failure.js';
import { failureKind, retriesFailure } from './failure-kind.js';
import { failureRecord, recordAttemptFailure } from './failure-record.js';
import { type LongTimer, setLongTimeout } from './long-timer.js';
import { memoryEscalation, placeAgain } from './memory-escalation.js';
import { dependenciesOf, planGraph, remainingCriticalPath } from '../plan/plan-graph.js';
import { recoverTask } from './recover-task.js';
import type { RunControl } from './run-control.js';
import { type AttemptOutcome, runAttempt } from './run-attempt.js';
import { hasSucceeded, isSettled, type RunTask } from './run-task.js';
import { elementTaskId } from '../plan/task-ids.js';
import { haltingStore } from './halting-store.js';
import { type StepCode, stepCodeKey } from '../bundling/step-code.js';
import { backoffBefore, resolveSettings } from '../plan/step-settings.js';
import { applyTransition, type TransitionDetails } from './task-lifecycle.js';
import { describeOutputs } from '../lineage/value-lineage.js';
import { FileDigests } from '../trust/file-digests.js';
import { SignedModels } from '../trust/signed-models.js';

export interface EngineOptions {
    readonly runId: string;
    readonly plan: CompiledPlan;
    readonly root: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    readonly store: RunStore;
    readonly executor: Executor;
    readonly capacity: CapacityModel;
    readonly workRoot: string;
    readonly signal?: AbortSignal;
    /** Looks up ready tasks of cached steps (a hit: `Pending → Cached`) and saves completed ones. */
    readonly cache?: TaskCache;
    /** Pauses and resumes the run while it goes on (`weft pause`/`weft resume`). */
    readonly control?: RunControl;
    /** Digests of files, shared with the run's start (declared inputs hashed there are not read again). */
    readonly digests?: FileDigests;
    /** Each step's code (`stepCodeDigests`): its digest is recorded with each task that completes, and is the cache key's implementation part. */
    readonly code?: ReadonlyMap<string, StepCode>;
}

export interface TaskSummary {
    readonly id: string;
    readonly state: TaskState;
    readonly attempts: number;
    readonly failure?: FailureRecord;
}

export interface RunOutcome {
    readonly runId: string;
    readonly status: Exclude<RunStatus, 'running'>;
    /** The pipeline's outputs when the run completed. */
    readonly outputs?: Readonly<Record<string, unknown>>;
    readonly tasks: readonly TaskSummary[];
    /** Why the run did not complete: the failures of the tasks that failed for good. */
    readonly failures: readonly FailureRecord[];
}

/**
 * Runs a plan's tasks to the end: decides which tasks run, are skipped or fan out, places ready
 * tasks by critical path where capacity and concurrency allow, retries failed attempts after
 * their backoff and cancels what is left when the run's signal aborts. Every state change goes
 * through `applyTransition`, so the store always knows as much as the engine.
 */
export class RunEngine {
    private readonly options: EngineOptions;
    /** The store write that failed, if one did: the run stops and `run` throws it. */
    private halted: { readonly error: unknown } | undefined;
    private readonly tasks = new Map<string, RunTask>();
    private readonly nodes: ReadonlyMap<string, PlanNode>;
    private readonly priority: ReadonlyMap<string, number>;
    private readonly order: ReadonlyMap<string, number>;
    private readonly concurrency: number;
    /** Aborts on the caller's signal or when the pipeline's `timeout` runs out (reason: `RunTimeoutError`). */
    private readonly signal: AbortSignal;
    private readonly stop = new AbortController();
    private readonly artifact: (name: string) => unknown;
    private readonly digests: FileDigests;
    private readonly signedModels: SignedModels;
    private running = 0;
    /** While set no task starts; pausing and resuming attempts happen one after another on `controlChain`. */
    private paused = false;
    private controlChain: Promise<void> = Promise.resolve();
    private dirty = false;
    private wake: (() => void) | undefined;
    /** Tasks already looked up in the cache, and the saves still being written. */
    private readonly cacheLookedUp = new Set<string>();
    private readonly cacheSaves: Promise<void>[] = [];
    // Bookkeeping that keeps scheduling linear: nothing below rescans every task.
    /** The tasks not settled yet, in insertion order; the run ends when none is left. */
    private readonly unsettled = new Set<RunTask>();
    /** Each task's place in insertion order: a decision pass visits tasks in it. */
    private readonly sequence = new Map<RunTask, number>();
    private nextSequence = 0;
    /** For each node, the nodes that wait for it (`needs`, `after`, `onFailureOf`). */
    private readonly dependants: ReadonlyMap<string, readonly string[]>;
    /** For each top-level task, how many of its dependencies have not settled. */
    private readonly unsettledDependencies = new Map<string, number>();
    /** For each expanded fan-out, how many of its elements have not settled, and how many are in flight. */
    private readonly unsettledElements = new Map<string, number>();
    private readonly elementsInFlight = new Map<string, number>();
    /** Tasks that may be decidable, for the next decision pass; the pass under way, if any. */
    private toDecide: RunTask[] = [];
    private readonly queuedToDecide = new Set<RunTask>();
    private pass: { readonly heap: BinaryHeap<RunTask>; readonly limit: number; position: number } | undefined;
    /** Ready tasks, longest remaining critical path first, then plan order. */
    private readonly ready: BinaryHeap<RunTask>;
    /**
     * Ready tasks that did not fit when last tried, grouped by what they wait for (their fan-out
     * and resource request): when a group's first task does not fit, none of the group does, so
     * freed room retries one task per group instead of every waiting task.
     */
    private readonly blocked = new Map<string, BinaryHeap<RunTask>>();
    /** The tasks in `ready` or `blocked`. */
    private readonly queuedReady = new Set<RunTask>();
    private roomFreed = false;
    private inUseSeen: ResourceRequest | undefined;
    /** Set once the tasks are in (and restored ones recovered): from then on settling tasks are counted. */
    private tracking = false;

    private readonly readyOrder = (a: RunTask, b: RunTask): number =>
        this.rank(b) - this.rank(a) || this.order.get(a.node.id)! - this.order.get(b.node.id)! || (a.index ?? 0) - (b.index ?? 0);

    constructor(options: EngineOptions) {
        this.options = { ...options, store: haltingStore(options.store, error => this.halt(error)) };
        const { plan } = options;
        this.nodes = new Map(plan.nodes.map(node => [node.id, node]));
        this.order = new Map(plan.nodes.map((node, index) => [node.id, index]));
        this.priority = remainingCriticalPath(planGraph(plan), id => this.weightOf(id));
        const dependants = new Map<string, string[]>();
        for (const node of plan.nodes) {
            for (const dependency of dependenciesOf(node)) dependants.set(dependency, [...(dependants.get(dependency) ?? []), node.id]);
        }
        this.dependants = dependants;
        this.ready = new BinaryHeap<RunTask>(this.readyOrder);
        this.artifact = artifactResolver(plan, options.root);
        this.digests = options.digests ?? new FileDigests();
        this.signedModels = new SignedModels(plan, options.root, this.digests);
        this.signal = this.stop.signal;
        const concurrency = plan.concurrency === undefined ? Infinity : evaluate(plan.concurrency, this.scope());
        this.concurrency = typeof concurrency === 'number' && concurrency >= 1 ? concurrency : Infinity;
    }

    /** Runs to the end. `existing` are the tasks of an interrupted run: settled ones are kept, the rest recovered. */
    async run(existing?: readonly TaskRecord[]): Promise<RunOutcome> {
        if (existing) this.restore(existing);
        else for (const node of this.options.plan.nodes) this.addTask({ id: node.id, node, state: TaskState.Pending, attempts: 0, failedForGood: false });
        this.startTracking();
        const onAbort = (): void => this.notify();
        this.signal.addEventListener('abort', onAbort, { once: true });
        const onCallerAbort = (): void => this.stop.abort(this.options.signal?.reason);
        if (this.options.signal?.aborted) onCallerAbort();
        this.options.signal?.addEventListener('abort', onCallerAbort, { once: true });
        const timer = this.startTimeout();
        const unsubscribe = this.options.control?.subscribe(paused => this.setPaused(paused));
        if (this.options.control?.paused) this.setPaused(true);
        try {
            for (;;) {
                this.dirty = false;
                this.advance();
                if (this.unsettled.size === 0) break;
                await this.changed();
            }
        } finally {
            unsubscribe?.();
            timer?.clear();
            this.signal.removeEventListener('abort', onAbort);
            this.options.signal?.removeEventListener('abort', onCallerAbort);
        }
        await Promise.all(this.cacheSaves);
        const outcome = this.finish();
        if (this.halted) throw this.halted.error;
        return outcome;
    }

    /**
     * A store write failed: nothing more can be recorded, so the run stops as on a cancel (its
     * attempts aborted) while the store keeps its state from before the failure.
     */
    private halt(error: unknown): void {
        if (this.halted) return;
        this.halted = { error };
        this.stop.abort(error);
        this.notify();
    }

    /** The pipeline's `timeout` (over its parameters) aborts the run; a resumed run gets the whole timeout again. */
    private startTimeout(): LongTimer | undefined {
        const { plan, runId } = this.options;
        if (plan.timeout === undefined) return undefined;
        const timeoutMs = evaluate(plan.timeout, this.scope());
        if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) throw new Error(`the timeout of ${plan.pipeline} is ${JSON.stringify(timeoutMs)}, not a duration`);
        return setLongTimeout(() => this.stop.abort(new RunTimeoutError(runId, plan.pipeline, timeoutMs)), timeoutMs);
    }

    private advance(): void {
        if (this.signal.aborted) {
            this.thawForCancel();
            this.cancelWaiting();
            return;
        }
        this.decideQueued();
        this.launchReady();
    }

    /** Counts the unsettled dependencies of every top-level task and queues every task for the first decision pass. */
    private startTracking(): void {
        for (const task of this.tasks.values()) {
            if (task.parent !== undefined) continue;
            const unsettled = dependenciesOf(task.node).filter(id => {
                const dependency = this.tasks.get(id);
                return dependency === undefined || !isSettled(dependency);
            });
            this.unsettledDependencies.set(task.id, unsettled.length);
        }
        this.tracking = true;
        for (const task of this.tasks.values()) this.queueDecision(task);
    }

    /**
     * Decides the queued tasks in passes, as a scan of every task would: a pass visits its tasks
     * in insertion order; a task queued during a pass joins it when it comes later than the one
     * being decided and existed when the pass began, otherwise it waits for the next pass.
     * Skipping and finishing fan-outs can settle more tasks: passes go on until none is queued.
     */
    private decideQueued(): void {
        while (this.toDecide.length > 0) {
            const pass = { heap: new BinaryHeap<RunTask>((a, b) => this.sequence.get(a)! - this.sequence.get(b)!), limit: this.nextSequence, position: -1 };
            for (const task of this.toDecide) pass.heap.push(task);
            this.toDecide = [];
            this.pass = pass;
            try {
                for (let task = pass.heap.pop(); task; task = pass.heap.pop()) {
                    pass.position = this.sequence.get(task)!;
                    this.queuedToDecide.delete(task);
                    if (task.state === TaskState.Pending && !task.prepared) this.decide(task);
                    if (task.children && task.state === TaskState.Running) this.finishFanOut(task);
                }
            } finally {
                this.pass = undefined;
            }
        }
    }

    private queueDecision(task: RunTask): void {
        if (this.queuedToDecide.has(task)) return;
        this.queuedToDecide.add(task);
        const at = this.sequence.get(task)!;
        if (this.pass && at > this.pass.position && at < this.pass.limit) this.pass.heap.push(task);
        else this.toDecide.push(task);
    }

    private queueReady(task: RunTask): void {
        if (this.queuedReady.has(task)) return;
        this.queuedReady.add(task);
        this.ready.push(task);
    }

    /** A task has settled: its dependants (or its fan-out) may now be decidable. */
    private settled(task: RunTask): void {
        this.unsettled.delete(task);
        if (task.parent !== undefined) {
            const left = this.unsettledElements.get(task.parent);
            if (left === undefined) return;
            this.unsettledElements.set(task.parent, left - 1);
            if (left === 1) this.queueDecision(this.tasks.get(task.parent)!);
            return;
        }
        for (const id of this.dependants.get(task.id) ?? []) {
            const left = (this.unsettledDependencies.get(id) ?? 1) - 1;
            this.unsettledDependencies.set(id, left);
            const dependant = this.tasks.get(id);
            if (left === 0 && dependant) this.queueDecision(dependant);
        }
    }

    /** Marks an attempt (or a cache lookup) in flight or over; the end of one frees room and may make its task ready again. */
    private setInFlight(task: RunTask, inFlight: boolean): void {
        if ((task.inFlight ?? false) === inFlight) return;
        task.inFlight = inFlight;
        if (task.parent !== undefined) this.elementsInFlight.set(task.parent, (this.elementsInFlight.get(task.parent) ?? 0) + (inFlight ? 1 : -1));
        if (inFlight) return;
        this.roomFreed = true;
        if (task.state === TaskState.Pending && task.prepared) this.queueReady(task);
    }

    /** Decides a pending task whose dependencies have settled; returns whether it changed. */
    private decide(task: RunTask): boolean {
        if (task.parent !== undefined) {
            // An element restored from the store waits until its fan-out has expanded again.
            return task.variables !== undefined && this.prepare(task, this.scope(undefined, task.variables));
        }
        const dependencies = dependenciesOf(task.node).map(id => this.tasks.get(id)!);
        if (!dependencies.every(isSettled)) return false;
        const watched = new Set(task.node.onFailureOf ?? []);
        const unmet = dependencies.find(dependency => !watched.has(dependency.id) && !hasSucceeded(dependency));
        if (unmet) return this.move(task, TaskState.Skipped, { reason: `${unmet.id} ended ${unmet.state}` });
        let failure: FailureRecord | undefined;
        if (watched.size > 0) {
            failure = dependencies.find(dependency => watched.has(dependency.id) && dependency.state === TaskState.Failed)?.failure;
            if (!failure) return this.move(task, TaskState.Skipped, { reason: `none of ${[...watched].join(', ')} failed` });
        }
        const scope = this.scope(failure);
        try {
            const unmetCondition = task.node.conditions.find(condition => evaluate(condition.when, scope) !== condition.is);
            if (unmetCondition) return this.move(task, TaskState.Skipped, { reason: `its when condition is ${!unmetCondition.is}` });
            if (task.node.forEach) return this.expand(task, scope);
        } catch (error) {
            return this.failAtOnce(task, error);
        }
        return this.prepare(task, scope);
    }

    /** Evaluates the inputs and settings of a task about to run; one that can never fit fails at once. */
    private prepare(task: RunTask, scope: EvaluationScope): boolean {
        if (task.node.call.kind !== 'step') {
            return this.failAtOnce(task, new Error(`${task.id} calls the pipeline ${task.node.call.pipeline}; this runtime does not run sub-pipelines yet`));
        }
        try {
            const inputs = Object.fromEntries(Object.entries(task.node.arguments).map(([name, argument]) => [name, evaluate(argument, scope)]));
            const resolved = resolveSettings(task.node.settings, { ...scope, inputs });
            const settings = { ...resolved, resources: this.options.capacity.placed(resolved.resources) };
            const tooLarge = this.options.capacity.neverFits(settings.resources);
            if (tooLarge) {
                return this.failAtOnce(task, new UnschedulableTaskError(task.id, tooLarge, settings.resources[tooLarge], this.options.capacity.total[tooLarge]));
            }
            task.prepared = { inputs, settings };
        } catch (error) {
            return this.failAtOnce(task, error);
        }
        this.queueReady(task);
        return true;
    }

    /** Turns a `for` node into one task per element; the node runs (holding nothing) until they have settled. */
    private expand(task: RunTask, scope: EvaluationScope): boolean {
        const forEach = task.node.forEach!;
        const items = evaluate(forEach.items, scope);
        if (!Array.isArray(items)) throw new Error(`${task.id} fans out over ${JSON.stringify(items)}, which is not a list`);
        task.children = items.map((item: unknown, index) => {
            const id = elementTaskId(task.id, index);
            const child = this.tasks.get(id) ?? this.addTask({ id, node: task.node, index, parent: task.id, state: TaskState.Pending, attempts: 0, failedForGood: false });
            child.variables = { [forEach.variable]: item };
            return id;
        });
        const children = task.children.map(id => this.tasks.get(id)!);
        this.unsettledElements.set(task.id, children.filter(child => !isSettled(child)).length);
        for (const child of children) if (child.state === TaskState.Pending && !child.prepared) this.queueDecision(child);
        this.move(task, TaskState.Allocating, { reason: `fans out over ${items.length} elements` });
        return this.move(task, TaskState.Running);
    }

    private finishFanOut(task: RunTask): boolean {
        const children = task.children!.map(id => this.tasks.get(id)!);
        if (!children.every(isSettled)) return false;
        const failed = children.find(child => !hasSucceeded(child));
        if (failed) {
            const failure = failed.failure ?? { step: stepName(task.node), message: `${failed.id} ended ${failed.state}`, attempts: failed.attempts };
            return this.move(task, TaskState.Failed, { failedForGood: true, failure, reason: `${failed.id} ended ${failed.state}` });
        }
        const output = task.node.forEach!.output;
        const value = children.map(child => output === undefined ? child.value : (child.value as Record<string, unknown>)[output]);
        return this.move(task, TaskState.Completed, { value });
    }

    /** Starts ready tasks, longest remaining critical path first, while concurrency and capacity allow. */
    private launchReady(): void {
        if (this.paused) return;
        const { capacity } = this.options;
        // A task that did not fit still does not while nothing has been given back.
        if (this.roomFreed || capacity.inUse !== this.inUseSeen) {
            for (const key of this.blocked.keys()) this.retryBlocked(key);
            this.roomFreed = false;
        }
        try {
            this.launchFromQueue();
        } finally {
            this.inUseSeen = capacity.inUse;
        }
    }

    private launchFromQueue(): void {
        for (let task = this.ready.pop(); task; task = this.ready.pop()) {
            this.queuedReady.delete(task);
            // A task placed again with more memory waits in `Allocating` (execution/memory-escalation.ts).
            if ((task.state !== TaskState.Pending && task.state !== TaskState.Allocating) || !task.prepared || task.inFlight) continue;
            if (this.options.cache && task.node.settings.cache && !this.cacheLookedUp.has(task.id)) {
                this.lookUpCache(task, this.options.cache);
                continue;
            }
            if (this.running >= this.concurrency) {
                this.queueReady(task);
                return;
            }
            const resources = task.prepared.settings.resources;
            const waitsFor = blockingKey(task, resources);
            if (!this.fanOutHasRoom(task) || !this.options.capacity.fits(resources)) {
                this.queuedReady.add(task);
                const group = this.blocked.get(waitsFor) ?? new BinaryHeap<RunTask>(this.readyOrder);
                group.push(task);
                this.blocked.set(waitsFor, group);
                continue;
            }
            // It fit: the next task waiting for the same room may fit too.
            this.retryBlocked(waitsFor);
            const placement = this.options.capacity.reserve(resources);
            this.running++;
            this.setInFlight(task, true);
            const attempt = task.attempts + 1;
            if (task.state === TaskState.Pending) this.move(task, TaskState.Allocating, { attempts: attempt });
            this.move(task, TaskState.Running, { attempts: attempt });
            this.options.store.startAttempt(this.options.runId, task.id, attempt, Date.now(), resources.memory);
            void runAttempt(task, attempt, { ...this.options, runSignal: this.signal, signedModels: this.signedModels, digests: this.digests, ...(placement ? { placement } : {}) })
                .catch((error: unknown): AttemptOutcome => ({ kind: 'failed', failure: { message: String(error), retryable: false, cause: error }, timedOut: false }))
                .then(outcome => {
                    const settle = (cancelled: boolean): void => {
                        this.options.capacity.release(resources, placement);
                        this.running--;
                        this.setInFlight(task, false);
                        this.settleAttempt(task, attempt, cancelled ? { kind: 'cancelled' } : outcome);
                        this.notify();
                    };
                    // An attempt that ends while its task is paused is applied once the task resumes.
                    const frozen = task.state === TaskState.Pausing || task.state === TaskState.Paused;
                    // A paused task cannot complete, so one that ends after the run was cancelled counts as cancelled.
                    if (frozen && this.signal.aborted) settle(true);
                    else if (frozen && outcome.kind !== 'cancelled') task.heldOutcome = settle;
                    else settle(false);
                });
        }
    }

    /** Moves the first task of a group of blocked tasks back to the ready queue. */
    private retryBlocked(key: string): void {
        const group = this.blocked.get(key);
        const first = group?.pop();
        if (first) this.ready.push(first);
        if (group && group.size === 0) this.blocked.delete(key);
    }

    private settleAttempt(task: RunTask, attempt: number, outcome: AttemptOutcome): void {
        const { store, runId } = this.options;
        if (outcome.kind === 'completed') {
            store.finishAttempt(runId, task.id, attempt, Date.now(), 'completed');
            this.move(task, TaskState.Completed, { value: outcome.outputs, ...this.codeOf(task) });
            if (this.options.cache && task.node.settings.cache) {
                this.cacheSaves.push(this.options.cache.save(this.cacheRequest(task), outcome.outputs).catch((error: unknown) => this.logCache(task, 'warn', `not cached: ${String(error)}`)));
            }
            if (outcome.lineage) {
                if (outcome.lineage.inputs.length > 0) store.recordTaskInputs(runId, outcome.lineage.inputs);
                if (outcome.lineage.artifacts.length > 0) store.recordArtifacts(runId, outcome.lineage.artifacts);
                return;
            }
            const artifacts = Object.entries(outcome.outputs).flatMap(([output, value]) => {
                const kind = artifactKind(value);
                const file = (value as { path?: unknown }).path;
                return kind ? [{ taskId: task.id, output, kind, ...(typeof file === 'string' ? { path: file } : {}) }] : [];
            });
            if (artifacts.length > 0) store.recordArtifacts(runId, artifacts);
            return;
        }
        if (outcome.kind === 'cancelled') {
            store.finishAttempt(runId, task.id, attempt, Date.now(), 'cancelled');
            this.move(task, TaskState.Cancelled, { reason: 'the run was cancelled' });
            return;
        }
        // Memory escalation (execution/memory-escalation.ts): killed at its memory limit, placed again with more where retry.memory allows.
        const escalation = memoryEscalation(task.id, outcome.failure, task.prepared!.settings, this.options.capacity);
        if (escalation.placeAgain) {
            placeAgain(task, attempt, outcome.failure, escalation, { store, runId, move: (to, details) => this.move(task, to, details) });
            this.queueReady(task);
            return;
        }
        outcome = { ...outcome, failure: escalation.failure };
        const policy = task.prepared!.settings.retry;
        // Which failures `retry` retries: execution/failure-kind.ts.
        const kind = failureKind(outcome.failure, outcome.timedOut);
        const retry = retriesFailure(kind, outcome.failure, policy) && attempt < policy.attempts && !this.signal.aborted;
        store.finishAttempt(runId, task.id, attempt, Date.now(), outcome.timedOut ? 'timed-out' : 'failed', outcome.failure.message);
        const failure = failureRecord(stepName(task.node), outcome.failure, attempt, kind);
        recordAttemptFailure(store, runId, task.id, failure, retry ? `retry ${attempt + 1} of ${policy.attempts}` : undefined);
        this.move(task, TaskState.Failed, { failure, failedForGood: !retry, reason: outcome.failure.message });
        if (!retry) return;
        const delay = backoffBefore(attempt + 1, policy);
        task.retryTimer = setLongTimeout(() => {
            task.retryTimer = undefined;
            if (!this.signal.aborted) this.move(task, TaskState.Pending, { reason: `retry ${attempt + 1} of ${policy.attempts} after ${delay} ms` });
            this.notify();
        }, delay);
    }

    /** Pauses (`Running → Pausing → Paused`, the executor freezing each attempt) or resumes (`Paused → Resuming → Allocating → Running`). */
    private setPaused(paused: boolean): void {
        if (this.paused === paused) return;
        this.paused = paused;
        // What `weft resume` reads to tell a paused driver from one that is running.
        this.options.store.setRunPaused(this.options.runId, paused);
        const { executor } = this.options;
        this.controlChain = this.controlChain.then(async () => {
            if (this.signal.aborted) return;
            if (paused) {
                const running = [...this.unsettled].filter(task => task.inFlight && task.state === TaskState.Running && !task.children);
                // An executor that cannot freeze attempts (inline) lets them run on; only new starts wait.
                if (!executor.pause) return;
                for (const task of running) this.move(task, TaskState.Pausing, { reason: 'the run was paused' });
                await Promise.all(running.map(async task => {
                    if (task.spec) await executor.pause!(task.spec);
                    if (task.state === TaskState.Pausing && !this.signal.aborted) this.move(task, TaskState.Paused);
                }));
            } else {
                const frozen = [...this.unsettled].filter(task => task.state === TaskState.Paused);
                for (const task of frozen) this.move(task, TaskState.Resuming, { reason: 'the run was resumed' });
                await Promise.all(frozen.map(async task => {
                    if (task.spec && executor.resume) await executor.resume(task.spec);
                    if (task.state !== TaskState.Resuming) return;
                    this.move(task, TaskState.Allocating);
                    this.move(task, TaskState.Running);
                    const held = task.heldOutcome;
                    task.heldOutcome = undefined;
                    held?.(false);
                }));
            }
            this.notify();
        }).catch((error: unknown) => {
            this.options.store.appendEvent(this.options.runId, { at: Date.now(), level: 'error', message: `${paused ? 'pausing' : 'resuming'} the run failed: ${String(error)}` });
        });
        this.notify();
    }

    /** On cancellation, frozen attempts thaw so their executor can stop them; one that already ended is cancelled. */
    private thawForCancel(): void {
        for (const task of this.unsettled) {
            if (task.state !== TaskState.Paused && task.state !== TaskState.Pausing) continue;
            const held = task.heldOutcome;
            task.heldOutcome = undefined;
            if (held) held(true);
            else if (task.spec) void this.options.executor.resume?.(task.spec);
        }
    }

    /** On cancellation: every task not in flight and not settled becomes `Cancelled`. */
    private cancelWaiting(): void {
        for (const task of this.unsettled) {
            if (task.inFlight || isSettled(task)) continue;
            if (task.children && (this.elementsInFlight.get(task.id) ?? 0) > 0) continue;
            task.retryTimer?.clear();
            task.retryTimer = undefined;
            if (task.state === TaskState.Failed) this.move(task, TaskState.Pending, { reason: 'the run was cancelled during a backoff' });
            this.move(task, TaskState.Cancelled, { reason: 'the run was cancelled' });
        }
    }

    private finish(): RunOutcome {
        const { store, runId, plan } = this.options;
        const tasks = [...this.tasks.values()];
        const failures = tasks.filter(task => task.state === TaskState.Failed && task.failure && task.parent === undefined).map(task => task.failure!);
        const timedOut: unknown = this.signal.reason;
        if (timedOut instanceof RunTimeoutError) failures.push({ step: plan.pipeline, message: timedOut.message, attempts: 1 });
        let status: Exclude<RunStatus, 'running'> = timedOut instanceof RunTimeoutError ? RunStatus.Failed
            : this.signal.aborted ? RunStatus.Cancelled : failures.length > 0 ? RunStatus.Failed : RunStatus.Completed;
        let outputs: Record<string, unknown> | undefined;
        if (status === RunStatus.Completed) {
            try {
                outputs = Object.fromEntries(plan.outputs.map(output => [output.name, evaluate(output.value, this.scope())]));
            } catch (error) {
                status = RunStatus.Failed;
                failures.push({ step: plan.pipeline, message: `its outputs could not be computed: ${error instanceof Error ? error.message : String(error)}`, attempts: 1 });
            }
        }
        store.finishRun(runId, status, Date.now(), outputs && (encodeValue(outputs) as Record<string, unknown>));
        return {
            runId, status, ...(outputs ? { outputs } : {}), failures,
            tasks: tasks.map(task => ({ id: task.id, state: task.state, attempts: task.attempts, ...(task.failure ? { failure: task.failure } : {}) })),
        };
    }

    /** Holds a ready task (as in flight) while the cache is asked; a hit completes it as `Cached`. */
    private lookUpCache(task: RunTask, cache: TaskCache): void {
        this.cacheLookedUp.add(task.id);
        this.setInFlight(task, true);
        void cache.lookup(this.cacheRequest(task))
            .catch((error: unknown) => ({ hit: false, explanation: `miss: the cache could not be read (${String(error)})` }) as const)
            .then(async decision => {
                this.logCache(task, 'info', decision.explanation, decision.hit ? 'hit' : 'miss');
                if (decision.hit && decision.outputs && !this.signal.aborted) {
                    // The cached outputs' digests, so that lineage runs through a cached task too.
                    const artifacts = await describeOutputs(task.id, undefined, decision.outputs, undefined, this.digests).catch(() => []);
                    if (!this.signal.aborted) {
                        if (artifacts.length > 0) this.options.store.recordArtifacts(this.options.runId, artifacts);
                        this.move(task, TaskState.Cached, { value: decision.outputs, reason: 'completed from cache', ...this.codeOf(task) });
                    }
                }
                this.setInFlight(task, false);
                this.notify();
            });
    }

    /** The digest of the code a step task ran, to record with its completion. */
    private codeOf(task: RunTask): { code?: string } {
        const code = this.stepCode(task);
        return code === undefined ? {} : { code: code.digest };
    }

    private stepCode(task: RunTask): StepCode | undefined {
        return task.node.call.kind === 'step' ? this.options.code?.get(stepCodeKey(task.node.call.implementation)) : undefined;
    }

    private cacheRequest(task: RunTask): CacheRequest {
        const inputs = task.prepared!.inputs;
        const code = this.stepCode(task);
        return {
            runId: this.options.runId, taskId: task.id, node: task.node, inputs, root: this.options.root, scope: { ...this.scope(undefined, task.variables), inputs },
            ...(code ? { code } : {}),
        };
    }

    private logCache(task: RunTask, level: 'info' | 'warn', message: string, result?: 'hit' | 'miss'): void {
        this.options.store.appendEvent(this.options.runId, { at: Date.now(), taskId: task.id, level, message: `cache ${message}`, ...(result ? { fields: { cache: result } } : {}) });
    }

    private restore(records: readonly TaskRecord[]): void {
        for (const record of records) {
            const node = this.nodes.get(record.node);
            if (!node) throw new Error(`the run store has task ${record.id} of node ${record.node}, which the run's plan does not have`);
            const task = this.addTask({
                id: record.id, node, state: record.state, attempts: record.attempts, failedForGood: record.failedForGood,
                ...(record.index === undefined ? {} : { index: record.index, parent: record.node }),
                ...(record.outputs === undefined ? {} : { value: decodeValue(record.outputs) }),
                ...(record.failure === undefined ? {} : { failure: record.failure }),
            }, false);
            recoverTask(task, (to, reason) => this.move(task, to, { reason }));
        }
    }

    private addTask(task: RunTask, persist = true): RunTask {
        this.tasks.set(task.id, task);
        this.sequence.set(task, this.nextSequence++);
        if (!isSettled(task)) this.unsettled.add(task);
        if (persist) {
            this.options.store.insertTask({
                runId: this.options.runId, id: task.id, node: task.node.id, state: task.state, attempts: task.attempts, failedForGood: task.failedForGood,
                ...(task.index === undefined ? {} : { index: task.index }),
            });
        }
        return task;
    }

    /** Applies a transition through `applyTransition` (the store first), then updates the bookkeeping. */
    private move(task: RunTask, to: TaskState, details?: TransitionDetails): true {
        const wasSettled = isSettled(task);
        applyTransition(this.options.store, this.options.runId, task, to, details);
        if (!this.tracking) return true;
        if (!wasSettled && isSettled(task)) this.settled(task);
        else if (to === TaskState.Pending && task.prepared && !task.inFlight) this.queueReady(task);
        return true;
    }

    private failAtOnce(task: RunTask, error: unknown): true {
        const message = error instanceof Error ? error.message : String(error);
        this.move(task, TaskState.Allocating, { attempts: task.attempts });
        return this.move(task, TaskState.Failed, { failedForGood: true, reason: message, failure: { step: stepName(task.node), message, attempts: task.attempts } });
    }

    private fanOutHasRoom(task: RunTask): boolean {
        if (task.parent === undefined || task.node.forEach?.concurrency === undefined) return true;
        const limit = evaluate(task.node.forEach.concurrency, this.scope());
        const inFlight = this.elementsInFlight.get(task.parent) ?? 0;
        return typeof limit !== 'number' || inFlight < limit;
    }

    private rank(task: RunTask): number {
        return this.priority.get(task.node.id) ?? 0;
    }

    private weightOf(nodeId: string): number {
        const timeout = this.nodes.get(nodeId)?.settings.timeout;
        if (timeout === undefined) return 1;
        try {
            const value = evaluate(timeout, this.scope());
            return typeof value === 'number' && value > 0 ? value : 1;
        } catch {
            return 1; // a timeout over the node's inputs is known only later
        }
    }

    private scope(failure?: FailureRecord, variables?: Readonly<Record<string, unknown>>): EvaluationScope {
        return {
            parameters: this.options.parameters,
            output: id => {
                const task = this.tasks.get(id);
                if (!task || !hasSucceeded(task)) throw new Error(`the outputs of ${id} are not available (it is ${task?.state ?? 'unknown'})`);
                return task.value;
            },
            artifact: this.artifact,
            ...(failure ? { failure } : {}),
            ...(variables ? { variables } : {}),
        };
    }

    private notify(): void {
        this.dirty = true;
        this.wake?.();
    }

    private changed(): Promise<void> {
        if (this.dirty) return Promise.resolve();
        return new Promise(resolve => {
            this.wake = () => {
                this.wake = undefined;
                resolve();
            };
        });
    }
}

/** What a blocked task waits for: room in its fan-out and room for its request. Tasks with one key fit or not together. */
function blockingKey(task: RunTask, resources: ResourceRequest): string {
    return `${task.parent ?? ''}\u0000${resources.cpu},${resources.memory},${resources.gpu}`;
}

function stepName(node: PlanNode): string {
    return node.call.kind === 'step' ? node.call.step : node.call.pipeline;
}
