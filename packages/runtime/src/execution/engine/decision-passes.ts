import { BinaryHeap } from '../../scheduling/binary-heap.js';
import type { RunTask } from '../run-task.js';

/**
 * The tasks that may be decidable, decided in passes as a scan of every task would: a pass
 * visits its tasks in insertion order; a task queued during a pass joins it when it comes later
 * than the one being decided and existed when the pass began, otherwise it waits for the next
 * pass. Deciding can settle more tasks and queue them: passes go on until none is queued.
 */
export class DecisionPasses {
    /** Each task's place in insertion order. */
    private readonly sequence = new Map<RunTask, number>();
    private nextSequence = 0;
    private queued: RunTask[] = [];
    private readonly isQueued = new Set<RunTask>();
    private pass: { readonly heap: BinaryHeap<RunTask>; readonly limit: number; position: number } | undefined;
    private readonly inSequence = (a: RunTask, b: RunTask): number => this.sequence.get(a)! - this.sequence.get(b)!;

    /** `decide` is called once for each queued task, in pass order. */
    constructor(private readonly decide: (task: RunTask) => void) {}

    /** A new task takes the next place in insertion order. */
    add(task: RunTask): void {
        this.sequence.set(task, this.nextSequence++);
    }

    /** Queues a task for the pass under way (when it still comes in it) or the next one; one already queued stays queued. */
    queue(task: RunTask): void {
        if (this.isQueued.has(task)) return;
        this.isQueued.add(task);
        const at = this.sequence.get(task)!;
        if (this.pass && at > this.pass.position && at < this.pass.limit) this.pass.heap.push(task);
        else this.queued.push(task);
    }

    /** Decides the queued tasks, pass after pass, until none is queued. */
    run(): void {
        while (this.queued.length > 0) {
            const pass = { heap: new BinaryHeap<RunTask>(this.inSequence), limit: this.nextSequence, position: -1 };
            for (const task of this.queued) pass.heap.push(task);
            this.queued = [];
            this.pass = pass;
            try {
                for (let task = pass.heap.pop(); task; task = pass.heap.pop()) {
                    pass.position = this.sequence.get(task)!;
                    this.isQueued.delete(task);
                    this.decide(task);
                }
            } finally {
                this.pass = undefined;
            }
        }
    }
}
