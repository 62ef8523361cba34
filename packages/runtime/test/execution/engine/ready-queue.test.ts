// The ready queue on its own: which ready task comes first, and how tasks that did not fit wait for room.
import { describe, expect, it } from 'vitest';
import { ReadyQueue, blockingKey } from '../../../src/execution/engine/ready-queue.js';
import type { RunTask } from '../../../src/execution/run-task.js';
import { TaskState } from '../../../src/lifecycle/task-state.js';
import type { ResourceRequest } from '../../../src/scheduling/capacity.js';
import { node } from '../plan-fixtures.js';

function task(id: string, element?: { readonly parent: string; readonly index: number }): RunTask {
    const nodeId = element?.parent ?? id;
    return { id, node: node(nodeId), state: TaskState.Pending, attempts: 0, failedForGood: false, ...element };
}

function drain(queue: ReadyQueue): string[] {
    const ids: string[] = [];
    for (let next = queue.pop(); next; next = queue.pop()) ids.push(next.id);
    return ids;
}

const oneCore: ResourceRequest = { cpu: 1000, memory: 2 ** 30, gpu: 0 };
const twoCores: ResourceRequest = { cpu: 2000, memory: 2 ** 30, gpu: 0 };

describe('ReadyQueue', () => {
    // Remaining critical paths: `long` and `fan` 5, `short` 1; plan order: fan, short, long.
    const priority = new Map([['fan', 5], ['short', 1], ['long', 5]]);
    const planOrder = new Map([['fan', 0], ['short', 1], ['long', 2]]);

    it('gives the longest remaining critical path first, then plan order, then element index', () => {
        const queue = new ReadyQueue(priority, planOrder);
        for (const each of [task('short'), task('long'), task('fan[1]', { parent: 'fan', index: 1 }), task('fan[0]', { parent: 'fan', index: 0 })]) queue.push(each);
        expect(drain(queue)).toEqual(['fan[0]', 'fan[1]', 'long', 'short']);
    });

    it('queues a task once, however often it becomes ready', () => {
        const queue = new ReadyQueue(priority, planOrder);
        const short = task('short');
        queue.push(short);
        queue.push(short);
        expect(drain(queue)).toEqual(['short']);
        queue.push(short);
        expect(drain(queue)).toEqual(['short']);
    });

    it('keeps blocked tasks out until room is freed, then wakes the first of each group, and the next when one fit', () => {
        const queue = new ReadyQueue(priority, planOrder);
        const [long, fan0, fan1, short] = [task('long'), task('fan[0]', { parent: 'fan', index: 0 }), task('fan[1]', { parent: 'fan', index: 1 }), task('short')];
        const inUse: ResourceRequest = { cpu: 0, memory: 0, gpu: 0 };
        queue.wakeBlocked(inUse);
        for (const each of [long, fan0, fan1, short]) queue.push(each);
        // None fits: the elements wait together (same fan-out, same request), the others each in their own group.
        for (let next = queue.pop(); next; next = queue.pop()) queue.block(next, blockingKey(next, next === long ? twoCores : oneCore));
        queue.launched(inUse);
        expect(blockingKey(fan0, oneCore)).toBe(blockingKey(fan1, oneCore));
        expect(blockingKey(fan0, oneCore)).not.toBe(blockingKey(short, oneCore));

        // Nothing was given back and what is in use did not change: nobody is tried again.
        queue.wakeBlocked(inUse);
        expect(drain(queue)).toEqual([]);
        // A blocked task is still queued: becoming ready again does not queue it twice.
        queue.push(short);
        expect(drain(queue)).toEqual([]);

        queue.freeRoom();
        queue.wakeBlocked(inUse);
        expect(drain(queue)).toEqual(['fan[0]', 'long', 'short']);
        // fan[0] fit: the next element waiting for the same room is tried too.
        queue.retryBlocked(blockingKey(fan0, oneCore));
        expect(drain(queue)).toEqual(['fan[1]']);
    });

    it('wakes blocked tasks when what is in use changed since the last launch, even without freed room', () => {
        const queue = new ReadyQueue(priority, planOrder);
        const short = task('short');
        const before: ResourceRequest = { cpu: 1000, memory: 0, gpu: 0 };
        queue.wakeBlocked(before);
        queue.push(short);
        queue.block(queue.pop()!, blockingKey(short, oneCore));
        queue.launched(before);
        queue.wakeBlocked(before);
        expect(drain(queue)).toEqual([]);
        queue.wakeBlocked({ cpu: 0, memory: 0, gpu: 0 });
        expect(drain(queue)).toEqual(['short']);
    });
});
