import { TaskState } from '../../lifecycle/task-state.js';
import { hasSucceeded, type RunTask } from '../run-task.js';
import { stepName } from '../../plan/step-name.js';
import type { TransitionDetails } from '../task-lifecycle.js';

/** The expanded fan-outs: how many of each one's elements have not settled, and how many are in flight. */
export class FanOuts {
    private readonly unsettled = new Map<string, number>();
    private readonly inFlight = new Map<string, number>();

    /** A fan-out expanded into its elements, `unsettled` of them not settled yet. */
    expanded(fanOut: string, unsettled: number): void {
        this.unsettled.set(fanOut, unsettled);
    }

    /** An element settled; returns whether it was the last one its fan-out waited for. */
    elementSettled(fanOut: string): boolean {
        const left = this.unsettled.get(fanOut);
        if (left === undefined) return false;
        this.unsettled.set(fanOut, left - 1);
        return left === 1;
    }

    /** An element's attempt (or cache lookup) started or ended. */
    elementInFlight(fanOut: string, inFlight: boolean): void {
        this.inFlight.set(fanOut, (this.inFlight.get(fanOut) ?? 0) + (inFlight ? 1 : -1));
    }

    inFlightOf(fanOut: string): number {
        return this.inFlight.get(fanOut) ?? 0;
    }

    /** Whether one more element may start under the fan-out's `concurrency` (a limit that is not a number limits nothing). */
    hasRoom(fanOut: string, limit: unknown): boolean {
        return typeof limit !== 'number' || this.inFlightOf(fanOut) < limit;
    }
}

/**
 * How a fan-out whose elements have all settled ends: failed with its first unsuccessful
 * element's failure, or completed with the list of their results (or of the named `.output`).
 */
export function fanOutEnd(fanOut: RunTask, elements: readonly RunTask[]): { readonly to: TaskState; readonly details: TransitionDetails } {
    const failed = elements.find(element => !hasSucceeded(element));
    if (failed) {
        const failure = failed.failure ?? { step: stepName(fanOut.node), message: `${failed.id} ended ${failed.state}`, attempts: failed.attempts };
        return { to: TaskState.Failed, details: { failedForGood: true, failure, reason: `${failed.id} ended ${failed.state}` } };
    }
    const output = fanOut.node.forEach!.output;
    const value = elements.map(element => output === undefined ? element.value : (element.value as Record<string, unknown>)[output]);
    return { to: TaskState.Completed, details: { value } };
}
