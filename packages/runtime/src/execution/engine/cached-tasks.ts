import type { CacheRequest } from '../../caching/cache-key.js';
import type { TaskCache } from '../../caching/task-cache.js';
import { TaskState } from '../../lifecycle/task-state.js';
import { describeOutputs } from '../../lineage/value-lineage.js';
import type { RunStore } from '../../store/run-store.js';
import type { FileDigests } from '../../trust/file-digests.js';
import type { EvaluationScope } from '../../plan/expression-evaluator.js';
import type { RunTask } from '../run-task.js';
import type { StepCode } from '../../bundling/step-code.js';
import type { TransitionDetails } from '../task-lifecycle.js';

/** What the cache needs from the engine: its run, a task's scope and code, and its transitions. */
export interface CachedRun {
    readonly runId: string;
    readonly root: string;
    readonly store: RunStore;
    readonly signal: AbortSignal;
    readonly digests: FileDigests;
    /** The scope a task's settings are evaluated in (its loop variable included). */
    scope(task: RunTask): EvaluationScope;
    stepCode(task: RunTask): StepCode | undefined;
    setInFlight(task: RunTask, inFlight: boolean): void;
    move(task: RunTask, to: TaskState, details?: TransitionDetails): void;
    /** Something changed: the engine looks again. */
    notify(): void;
}

/**
 * The tasks of cached steps: a ready one is looked up once before it runs (a hit completes it as
 * `cached`), and a completed one is saved; the run waits for its saves before it ends.
 */
export class CachedTasks {
    private readonly lookedUp = new Set<string>();
    private readonly saves: Promise<void>[] = [];

    constructor(private readonly cache: TaskCache | undefined, private readonly run: CachedRun) {}

    /** Whether a ready task is to be looked up in the cache before it runs. */
    toLookUp(task: RunTask): boolean {
        return this.cache !== undefined && task.node.settings.cache !== undefined && !this.lookedUp.has(task.id);
    }

    /** Holds a ready task (as in flight) while the cache is asked; a hit completes it as `cached`. */
    lookUp(task: RunTask): void {
        const { cache, run } = this;
        if (!cache) return;
        this.lookedUp.add(task.id);
        run.setInFlight(task, true);
        void cache.lookup(this.request(task))
            .catch((error: unknown) => ({ hit: false, explanation: `miss: the cache could not be read (${String(error)})` }) as const)
            .then(async decision => {
                this.log(task, 'info', decision.explanation, decision.hit ? 'hit' : 'miss');
                if (decision.hit && decision.outputs && !run.signal.aborted) {
                    // The cached outputs' digests, so that lineage runs through a cached task too.
                    const artifacts = await describeOutputs(task.id, undefined, decision.outputs, undefined, run.digests).catch(() => []);
                    if (!run.signal.aborted) {
                        if (artifacts.length > 0) run.store.recordArtifacts(run.runId, artifacts);
                        const code = run.stepCode(task);
                        run.move(task, TaskState.Cached, { value: decision.outputs, reason: 'completed from cache', ...(code === undefined ? {} : { code: code.digest }) });
                    }
                }
                run.setInFlight(task, false);
                run.notify();
            });
    }

    /** Saves the outputs of a completed task of a cached step. */
    save(task: RunTask, outputs: Readonly<Record<string, unknown>>): void {
        if (!this.cache || task.node.settings.cache === undefined) return;
        this.saves.push(this.cache.save(this.request(task), outputs).catch((error: unknown) => this.log(task, 'warn', `not cached: ${String(error)}`)));
    }

    /** Resolves once every save has been written (or has failed and said so). */
    async saved(): Promise<void> {
        await Promise.all(this.saves);
    }

    private request(task: RunTask): CacheRequest {
        const inputs = task.prepared!.inputs;
        const code = this.run.stepCode(task);
        return {
            runId: this.run.runId, taskId: task.id, node: task.node, inputs, root: this.run.root, scope: { ...this.run.scope(task), inputs },
            ...(code ? { code } : {}),
        };
    }

    private log(task: RunTask, level: 'info' | 'warn', message: string, result?: 'hit' | 'miss'): void {
        this.run.store.appendEvent(this.run.runId, { at: Date.now(), taskId: task.id, level, message: `cache ${message}`, ...(result ? { fields: { cache: result } } : {}) });
    }
}
