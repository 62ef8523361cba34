import { BinaryHeap } from '../../scheduling/binary-heap.js';
import type { ResourceRequest } from '../../scheduling/capacity.js';
import type { RunTask } from '../run-task.js';

/**
 * The ready tasks: longest remaining critical path first, then plan order, then element index.
 * A task that did not fit when last tried waits in a group with the tasks that wait for the same
 * room (`blockingKey`): when a group's first task does not fit, none of the group does, so freed
 * room retries one task per group instead of every waiting task.
 */
export class ReadyQueue {
    private readonly ready: BinaryHeap<RunTask>;
    private readonly blocked = new Map<string, BinaryHeap<RunTask>>();
    /** The tasks in `ready` or `blocked`. */
    private readonly queued = new Set<RunTask>();
    private roomFreed = false;
    private inUseSeen: ResourceRequest | undefined;
    private readonly order: (a: RunTask, b: RunTask) => number;

    /** `priority`: each node's remaining critical path; `planOrder`: each node's place in the plan. */
    constructor(priority: ReadonlyMap<string, number>, planOrder: ReadonlyMap<string, number>) {
        this.order = (a, b) => (priority.get(b.node.id) ?? 0) - (priority.get(a.node.id) ?? 0)
            || planOrder.get(a.node.id)! - planOrder.get(b.node.id)! || (a.index ?? 0) - (b.index ?? 0);
        this.ready = new BinaryHeap<RunTask>(this.order);
    }

    /** Queues a ready task; one already queued (ready or blocked) stays where it is. */
    push(task: RunTask): void {
        if (this.queued.has(task)) return;
        this.queued.add(task);
        this.ready.push(task);
    }

    /** Takes the first ready task off the queue. */
    pop(): RunTask | undefined {
        const task = this.ready.pop();
        if (task) this.queued.delete(task);
        return task;
    }

    /** Puts a task that does not fit now with the tasks that wait for the same room. */
    block(task: RunTask, waitsFor: string): void {
        this.queued.add(task);
        let group = this.blocked.get(waitsFor);
        if (!group) {
            group = new BinaryHeap<RunTask>(this.order);
            this.blocked.set(waitsFor, group);
        }
        group.push(task);
    }

    /** Moves the first task waiting for `waitsFor` back to the ready tasks: a task with that key just fit, so it may too. */
    retryBlocked(waitsFor: string): void {
        const group = this.blocked.get(waitsFor);
        if (!group) return;
        const first = group.pop();
        if (first) this.ready.push(first);
        if (group.size === 0) this.blocked.delete(waitsFor);
    }

    /** An attempt or a cache lookup ended: what it held is free again. */
    freeRoom(): void {
        this.roomFreed = true;
    }

    /**
     * Before a launch: the first task of every group goes back to the ready tasks if room was
     * freed or what is in use changed since the last launch; otherwise none of them fits yet.
     */
    wakeBlocked(inUse: ResourceRequest): void {
        if (!this.roomFreed && inUse === this.inUseSeen) return;
        for (const waitsFor of this.blocked.keys()) this.retryBlocked(waitsFor);
        this.roomFreed = false;
    }

    /** After a launch: what was in use when it ended. */
    launched(inUse: ResourceRequest): void {
        this.inUseSeen = inUse;
    }
}

/** What a blocked task waits for: room in its fan-out and room for its request. Tasks with one key fit or not together. */
export function blockingKey(task: RunTask, resources: ResourceRequest): string {
    return `${task.parent ?? ''}\u0000${resources.cpu},${resources.memory},${resources.gpu}`;
}
