import type { TaskCache } from '../caching/task-cache.js';
import type { CompiledPlan, PlanNode } from '../contract/plan.js';
import type { Executor } from '../executors/executor.js';
import { TaskState } from '../lifecycle/task-state.js';
import type { CapacityModel } from '../scheduling/capacity.js';
import type { RunStore, TaskRecord } from '../store/run-store.js';
import { decodeValue } from '../store/value-codec.js';
import { artifactResolver } from '../plan/bind-parameters.js';
import { CachedTasks } from './engine/cached-tasks.js';
import { DecisionPasses } from './engine/decision-passes.js';
import { DependencyCounts } from './engine/dependency-counts.js';
import { FanOuts, fanOutEnd } from './engine/fan-outs.js';
import { finishRun, type RunOutcome } from './engine/finish-run.js';
import { PauseControl } from './engine/pause-control.js';
import { recordOutputs } from './engine/record-outputs.js';
import { blockingKey, ReadyQueue } from './engine/ready-queue.js';
import { startRunTimeout } from './engine/run-timeout.js';
import { evaluate, type EvaluationScope } from '../plan/expression-evaluator.js';
import { type AttemptFailure, UnschedulableTaskError } from '../plan/failure.js';
import { failureKind, retriesFailure } from './failure-kind.js';
import { failureRecord, recordAttemptFailure } from './failure-record.js';
import { failureValue, handledFailure, mayEndOtherwise, recoverIfHandled, unhandledReason } from './error-edges.js';
import { withRaisedError } from './raised-errors.js';
import { setLongTimeout } from './long-timer.js';
import { memoryEscalation, placeAgain } from './memory-escalation.js';
import { dependenciesOf, planGraph, remainingCriticalPath } from '../plan/plan-graph.js';
import { recoverTask } from './recover-task.js';
import type { RunControl } from './run-control.js';
import { type AttemptContext, type AttemptOutcome, runAttempt } from './run-attempt.js';
import { AbortListeners } from './abort-listeners.js';
import { hasSucceeded, isSettled, type RunTask } from './run-task.js';
import { stepName } from '../plan/step-name.js';
import { elementTaskId } from '../plan/task-ids.js';
import { haltingStore } from './halting-store.js';
import { type StepCode, stepCodeKey } from '../bundling/step-code.js';
import { backoffBefore, resolveSettings } from '../plan/step-settings.js';
import { applyTransition, type TransitionDetails } from './task-lifecycle.js';
import { FileDigests } from '../trust/file-digests.js';
import { SignedModels } from '../trust/signed-models.js';

export type { RunOutcome, TaskSummary } from './engine/finish-run.js';

/**
 * Attempts started in one turn of the event loop at most; the rest start in the next turns.
 * Attempts that end at once (inline steps) then end before more start, so what a wide fan-out
 * holds in flight is bounded by this, not by its width.
 */
const LAUNCHES_PER_TURN = 256;

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
    /** Looks up ready tasks of cached steps (a hit: `pending → cached`) and saves completed ones. */
    readonly cache?: TaskCache;
    /** Pauses and resumes the run while it goes on (`weft pause`/`weft resume`). */
    readonly control?: RunControl;
    /** Digests of files, shared with the run's start (declared inputs hashed there are not read again). */
    readonly digests?: FileDigests;
    /** Each step's code (`stepCodeDigests`): its digest is recorded with each task that completes, and is the cache key's implementation part. */
    readonly code?: ReadonlyMap<string, StepCode>;
}

/**
 * Runs a plan's tasks to the end: decides which tasks run, are skipped or fan out, places ready
 * tasks by critical path where capacity and concurrency allow, retries failed attempts after
 * their backoff and cancels what is left when the run's signal aborts. Every state change goes
 * through `applyTransition`, so the store always knows as much as the engine. The engine keeps
 * the loop and the transitions; its parts (`engine/`) keep the bookkeeping.
 */
export class RunEngine {
    private readonly options: EngineOptions;
    /** The store write that failed, if one did: the run stops and `run` throws it. */
    private halted: { readonly error: unknown } | undefined;
    private readonly tasks = new Map<string, RunTask>();
    private readonly nodes: ReadonlyMap<string, PlanNode>;
    private readonly concurrency: number;
    /** Aborts on the caller's signal or when the pipeline's `timeout` runs out (reason: `RunTimeoutError`). */
    private readonly signal: AbortSignal;
    private readonly stop = new AbortController();
    private readonly artifact: (name: string) => unknown;
    private readonly digests: FileDigests;
    private readonly signedModels: SignedModels;
    private running = 0;
    /** Set while the launches held back by `LAUNCHES_PER_TURN` wait for the next turn. */
    private launchesHeld = false;
    private dirty = false;
    private wake: (() => void) | undefined;
    /** The tasks not settled yet, in insertion order; the run ends when none is left. */
    private readonly unsettled = new Set<RunTask>();
    /** Set once the tasks are in (and restored ones recovered): from then on settling tasks are counted. */
    private tracking = false;
    private readonly ready: ReadyQueue;
    private readonly decisions = new DecisionPasses(task => this.decideQueued(task));
    private readonly dependencies: DependencyCounts;
    private readonly fanOuts = new FanOuts();
    private readonly pause: PauseControl;
    private readonly cached: CachedTasks;
    /** What every attempt of the run shares (its placement is added per attempt). */
    private readonly attemptContext: AttemptContext;

    constructor(options: EngineOptions) {
        this.options = { ...options, store: haltingStore(options.store, error => this.halt(error)) };
        const { plan } = options;
        this.nodes = new Map(plan.nodes.map(node => [node.id, node]));
        const priority = remainingCriticalPath(planGraph(plan), id => this.weightOf(id));
        this.ready = new ReadyQueue(priority, new Map(plan.nodes.map((node, index) => [node.id, index])));
        this.dependencies = new DependencyCounts(plan.nodes, id => {
            const dependant = this.tasks.get(id);
            if (dependant) this.decisions.queue(dependant);
        });
        this.artifact = artifactResolver(plan, options.root);
        this.digests = options.digests ?? new FileDigests();
        this.signedModels = new SignedModels(plan, options.root, this.digests);
        this.signal = this.stop.signal;
        this.attemptContext = {
            ...this.options, runSignal: this.signal, runAborts: new AbortListeners(this.signal), signedModels: this.signedModels, digests: this.digests,
        };
        const concurrency = plan.concurrency === undefined ? Infinity : evaluate(plan.concurrency, this.scope());
        this.concurrency = typeof concurrency === 'number' && concurrency >= 1 ? concurrency : Infinity;
        const { runId, store, executor } = this.options;
        const move = (task: RunTask, to: TaskState, details?: TransitionDetails): void => void this.move(task, to, details);
        const notify = (): void => this.notify();
        this.pause = new PauseControl({ runId, store, executor, signal: this.signal, unsettled: this.unsettled, move, notify });
        this.cached = new CachedTasks(options.cache, {
            runId, root: options.root, store, signal: this.signal, digests: this.digests, move, notify,
            scope: task => this.scope(undefined, task.variables),
            stepCode: task => this.stepCode(task),
            setInFlight: (task, inFlight) => this.setInFlight(task, inFlight),
        });
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
        const timer = startRunTimeout(this.options.plan, this.options.runId, this.scope(), this.stop);
        const unsubscribe = this.options.control?.subscribe(paused => this.pause.set(paused));
        if (this.options.control?.paused) this.pause.set(true);
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
        await this.cached.saved();
        const { store, runId, plan } = this.options;
        for (const task of this.tasks.values()) this.recover(task);
        const outcome = finishRun(store, runId, plan, [...this.tasks.values()], this.signal, this.scope());
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

    private advance(): void {
        if (this.signal.aborted) {
            this.pause.thawForCancel();
            this.cancelWaiting();
            return;
        }
        this.decisions.run();
        this.launchReady();
    }

    /** Counts the unsettled dependencies of every top-level task and queues every task for the first decision pass. */
    private startTracking(): void {
        for (const task of this.tasks.values()) if (task.parent === undefined) this.dependencies.count(task, this.tasks);
        this.tracking = true;
        for (const task of this.tasks.values()) this.decisions.queue(task);
    }

    /** A task's turn in a decision pass: a pending one is decided, a running fan-out may finish. */
    private decideQueued(task: RunTask): void {
        if (task.state === TaskState.Pending && !task.prepared) this.decide(task);
        if (task.children && task.state === TaskState.Running) this.finishFanOut(task);
    }

    /** A task has settled: its dependants (or its fan-out) may now be decidable. */
    private settled(task: RunTask): void {
        this.unsettled.delete(task);
        if (task.parent === undefined) this.dependencies.settled(task.id);
        else if (this.fanOuts.elementSettled(task.parent)) this.decisions.queue(this.tasks.get(task.parent)!);
    }

    /** Marks an attempt (or a cache lookup) in flight or over; the end of one frees room and may make its task ready again. */
    private setInFlight(task: RunTask, inFlight: boolean): void {
        if ((task.inFlight ?? false) === inFlight) return;
        task.inFlight = inFlight;
        if (task.parent !== undefined) this.fanOuts.elementInFlight(task.parent, inFlight);
        if (inFlight) return;
        this.ready.freeRoom();
        if (task.state === TaskState.Pending && task.prepared) this.ready.push(task);
    }

    /** Decides a pending task whose dependencies have settled; returns whether it changed. */
    private decide(task: RunTask): boolean {
        if (task.parent !== undefined) {
            // An element restored from the store waits until its fan-out has expanded again.
            return task.variables !== undefined && this.prepare(task, this.scope(undefined, task.variables));
        }
        const dependencies = dependenciesOf(task.node).map(id => this.tasks.get(id)!);
        if (!dependencies.every(isSettled)) return false;
        // Error edges (execution/error-edges.ts): a failed dependency a handler recovered counts as succeeded.
        for (const dependency of dependencies) this.recover(dependency);
        const unmet = dependencies.find(dependency => !mayEndOtherwise(task.node, dependency.id) && !hasSucceeded(dependency));
        if (unmet) return this.move(task, TaskState.Skipped, { reason: `${unmet.id} ended ${unmet.state}` });
        let failure: EvaluationScope['failure'];
        if (task.node.onFailureOf) {
            const handled = handledFailure(task.node, dependencies);
            if (!handled) return this.move(task, TaskState.Skipped, { reason: unhandledReason(task.node, dependencies) });
            failure = failureValue(task.node.handles, handled);
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
        this.ready.push(task);
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
        this.fanOuts.expanded(task.id, children.filter(child => !isSettled(child)).length);
        for (const child of children) if (child.state === TaskState.Pending && !child.prepared) this.decisions.queue(child);
        this.move(task, TaskState.Allocating, { reason: `fans out over ${items.length} elements` });
        return this.move(task, TaskState.Running);
    }

    private finishFanOut(task: RunTask): boolean {
        const children = task.children!.map(id => this.tasks.get(id)!);
        if (!children.every(isSettled)) return false;
        const end = fanOutEnd(task, children);
        return this.move(task, end.to, end.details);
    }

    /** Starts ready tasks, longest remaining critical path first, while concurrency and capacity allow. */
    private launchReady(): void {
        if (this.pause.paused) return;
        const { capacity } = this.options;
        this.ready.wakeBlocked(capacity.inUse);
        try {
            this.launchFromQueue();
        } finally {
            this.ready.launched(capacity.inUse);
        }
    }

    private launchFromQueue(): void {
        let launched = 0;
        for (let task = this.launchesHeld ? undefined : this.ready.pop(); task; task = this.ready.pop()) {
            // A task placed again with more memory waits in `allocating` (execution/memory-escalation.ts).
            if ((task.state !== TaskState.Pending && task.state !== TaskState.Allocating) || !task.prepared || task.inFlight) continue;
            if (this.cached.toLookUp(task)) {
                this.cached.lookUp(task);
                continue;
            }
            if (this.running >= this.concurrency) {
                this.ready.push(task);
                return;
            }
            const resources = task.prepared.settings.resources;
            const waitsFor = blockingKey(task, resources);
            if (!this.fanOutHasRoom(task) || !this.options.capacity.fits(resources)) {
                this.ready.block(task, waitsFor);
                continue;
            }
            // It fit: the next task waiting for the same room may fit too.
            this.ready.retryBlocked(waitsFor);
            this.startAttempt(task, resources);
            if (++launched === LAUNCHES_PER_TURN) {
                this.holdLaunches();
                return;
            }
        }
    }

    /** Starts the next ready tasks in the next turn of the event loop. */
    private holdLaunches(): void {
        this.launchesHeld = true;
        setImmediate(() => {
            this.launchesHeld = false;
            this.notify();
        });
    }

    private startAttempt(task: RunTask, resources: NonNullable<RunTask['prepared']>['settings']['resources']): void {
        const placement = this.options.capacity.reserve(resources);
        this.running++;
        this.setInFlight(task, true);
        const attempt = task.attempts + 1;
        if (task.state === TaskState.Pending) this.move(task, TaskState.Allocating, { attempts: attempt });
        this.move(task, TaskState.Running, { attempts: attempt });
        this.options.store.startAttempt(this.options.runId, task.id, attempt, Date.now(), resources.memory);
        void runAttempt(task, attempt, placement ? { ...this.attemptContext, placement } : this.attemptContext)
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

    /** Applies how an attempt ended: completed, cancelled, placed again with more memory, or failed (and maybe retried after its backoff). */
    private settleAttempt(task: RunTask, attempt: number, outcome: AttemptOutcome): void {
        const { store, runId } = this.options;
        if (outcome.kind === 'completed') {
            store.finishAttempt(runId, task.id, attempt, Date.now(), 'completed');
            this.move(task, TaskState.Completed, { value: outcome.outputs, ...this.codeOf(task) });
            this.cached.save(task, outcome.outputs);
            recordOutputs(store, runId, task.id, outcome.outputs, outcome.lineage);
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
            this.ready.push(task);
            return;
        }
        this.failAttempt(task, attempt, escalation.failure, outcome.timedOut);
    }

    /** Records a failed attempt; one that `retry` retries goes back to `pending` after its backoff. */
    private failAttempt(task: RunTask, attempt: number, attemptFailure: AttemptFailure, timedOut: boolean): void {
        const { store, runId } = this.options;
        const policy = task.prepared!.settings.retry;
        // Which failures `retry` retries: execution/failure-kind.ts.
        const kind = failureKind(attemptFailure, timedOut);
        const retry = retriesFailure(kind, attemptFailure, policy) && attempt < policy.attempts && !this.signal.aborted;
        store.finishAttempt(runId, task.id, attempt, Date.now(), timedOut ? 'timed-out' : 'failed', attemptFailure.message);
        const failure = withRaisedError(failureRecord(stepName(task.node), attemptFailure, attempt, kind), attemptFailure.cause, task.node, task.id);
        recordAttemptFailure(store, runId, task.id, failure, retry ? `retry ${attempt + 1} of ${policy.attempts}` : undefined);
        this.move(task, TaskState.Failed, { failure, failedForGood: !retry, reason: attemptFailure.message });
        if (!retry) return;
        const delay = backoffBefore(attempt + 1, policy);
        task.retryTimer = setLongTimeout(() => {
            task.retryTimer = undefined;
            if (!this.signal.aborted) this.move(task, TaskState.Pending, { reason: `retry ${attempt + 1} of ${policy.attempts} after ${delay} ms` });
            this.notify();
        }, delay);
    }

    /** On cancellation: every task not in flight and not settled becomes `cancelled`. */
    private cancelWaiting(): void {
        for (const task of this.unsettled) {
            if (task.inFlight || isSettled(task)) continue;
            if (task.children && this.fanOuts.inFlightOf(task.id) > 0) continue;
            task.retryTimer?.clear();
            task.retryTimer = undefined;
            if (task.state === TaskState.Failed) this.move(task, TaskState.Pending, { reason: 'the run was cancelled during a backoff' });
            this.move(task, TaskState.Cancelled, { reason: 'the run was cancelled' });
        }
    }

    /** The digest of the code a step task ran, to record with its completion. */
    private codeOf(task: RunTask): { code?: string } {
        const code = this.stepCode(task);
        return code === undefined ? {} : { code: code.digest };
    }

    private stepCode(task: RunTask): StepCode | undefined {
        return task.node.call.kind === 'step' ? this.options.code?.get(stepCodeKey(task.node.call.implementation)) : undefined;
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
        this.decisions.add(task);
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
        else if (to === TaskState.Pending && task.prepared && !task.inFlight) this.ready.push(task);
        return true;
    }

    private failAtOnce(task: RunTask, error: unknown): true {
        const message = error instanceof Error ? error.message : String(error);
        this.move(task, TaskState.Allocating, { attempts: task.attempts });
        return this.move(task, TaskState.Failed, { failedForGood: true, reason: message, failure: { step: stepName(task.node), message, attempts: task.attempts } });
    }

    private fanOutHasRoom(task: RunTask): boolean {
        if (task.parent === undefined || task.node.forEach?.concurrency === undefined) return true;
        return this.fanOuts.hasRoom(task.parent, evaluate(task.node.forEach.concurrency, this.scope()));
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

    private recover(task: RunTask): void {
        recoverIfHandled(task, this.tasks, failure => this.scope(failure), this.options.store, this.options.runId);
    }

    private scope(failure?: EvaluationScope['failure'], variables?: Readonly<Record<string, unknown>>): EvaluationScope {
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
