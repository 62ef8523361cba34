import { PlanReadError, RunDrivenError, type RunStore, StepCodeChangedError, StoreUnwritableError } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * The run store's refusals as one line for the user: a store that cannot be written (what to do
 * next depends on whether the run was recorded), a run with another live driver, a resume over
 * changed step code, a stored plan this runtime cannot run.
 */
export function asStoreUserError(error: unknown, store: RunStore, runId: string): unknown {
    if (error instanceof StoreUnwritableError) {
        const recorded = safely(() => store.run(runId)) !== undefined;
        const next = recorded ? `then finish run ${runId} with \`weft resume ${runId}\`` : `run ${runId} was not recorded; run it again`;
        return new UserError(`${error.message}, ${next}`, { cause: error });
    }
    if (error instanceof RunDrivenError || error instanceof PlanReadError) return new UserError(error.message, { cause: error });
    if (error instanceof StepCodeChangedError) {
        return new UserError(`${error.message}; run the pipeline again with \`weft run\`, or pass --accept-changed-code to keep their results`, { cause: error });
    }
    return error;
}

function safely<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch {
        return undefined;
    }
}
