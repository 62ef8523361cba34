import { describe, expect, test } from 'vitest';
import { finalStates, IllegalTransitionError, legalTransitions, TaskState, transition } from '../src/index.js';

const states = Object.values(TaskState);

describe('task lifecycle', () => {
    test('the happy path and a retry are legal', () => {
        let state: TaskState = TaskState.Pending;
        for (const next of ['allocating', 'running', 'failed', 'pending', 'allocating', 'running', 'completed'] as const) {
            state = transition(state, next, 'train');
        }
        expect(state).toBe('completed');
    });

    test('pause and resume go back through allocation', () => {
        let state: TaskState = TaskState.Running;
        for (const next of ['pausing', 'paused', 'resuming', 'allocating'] as const) state = transition(state, next);
        expect(state).toBe('allocating');
    });

    test('an attempt killed at its memory limit is placed again through pausing, without going through failed', () => {
        let state: TaskState = TaskState.Running;
        for (const next of ['pausing', 'allocating', 'running', 'completed'] as const) state = transition(state, next, 'hog');
        expect(state).toBe('completed');
        expect(legalTransitions[TaskState.Pausing]).toEqual(['paused', 'allocating', 'failed', 'cancelled']);
    });

    test.each(states.flatMap(from => states.map(to => [from, to] as const)))('%s → %s follows the table', (from, to) => {
        if (legalTransitions[from].includes(to)) {
            expect(transition(from, to)).toBe(to);
        } else {
            expect(() => transition(from, to, 'evaluate')).toThrow(IllegalTransitionError);
        }
    });

    test('final states have no way out, and every state is reachable from pending', () => {
        for (const state of finalStates) expect(legalTransitions[state]).toEqual([]);
        const reached = new Set<TaskState>([TaskState.Pending]);
        const queue: TaskState[] = [TaskState.Pending];
        while (queue.length > 0) {
            for (const next of legalTransitions[queue.shift()!]) {
                if (!reached.has(next)) { reached.add(next); queue.push(next); }
            }
        }
        expect([...reached].sort()).toEqual([...states].sort());
    });

    test('the error names both states and the legal ones', () => {
        expect(() => transition('completed', 'running', 'train#2')).toThrow(
            'illegal task transition completed → running for train#2; from completed a task may go to: nothing (final state)');
    });
});
