import { type RunStore, StepCodeChangedError, StoreUnwritableError } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * The run store's refusals with what to do next: a store that cannot be written (which depends
 * on whether the run was recorded), a resume over changed step code.
 */
export function asStoreUserError(error: unknown, store: RunStore, runId: string): unknown {
    if (error instanceof StoreUnwritableError) {
        const recorded = safely(() => store.run(runId)) !== undefined;
        const next = recorded ? `then finish run ${runId} with \`weft resume ${runId}\`` : `run ${runId} was not recorded; run it again`;
        return new UserError(`${error.message}, ${next}`, { cause: error });
    }
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
