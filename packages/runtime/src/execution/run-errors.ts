import { WeftError } from '@weft/contract/errors';

/** A mock was given for a step whose contract differs from the plan's (stale generated code). */
export class MockContractError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'mock-contract';

    constructor(readonly step: string, readonly mockHash: string, readonly planHash: string) {
        super(`the mock of ${step} is typed by contract ${mockHash}, but the plan calls ${planHash}; regenerate with \`weft generate\``);
        this.name = 'MockContractError';
    }
}

/** A mock names a step the plan never calls. */
export class UnknownMockError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unknown-mock';

    constructor(readonly step: string, readonly pipeline: string) {
        super(`there is a mock for ${step}, but ${pipeline} never calls it`);
        this.name = 'UnknownMockError';
    }
}

/** `resumeRun` on a run that has already finished. */
export class RunNotResumableError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'run-not-resumable';

    constructor(readonly runId: string, readonly status: string) {
        super(`run ${runId} has already finished (${status}); only an interrupted run can be resumed`);
        this.name = 'RunNotResumableError';
    }
}

/** `resumeRun` of a run whose completed tasks ran other code than their steps have now. */
export class StepCodeChangedError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'step-code-changed';

    constructor(readonly runId: string, readonly changed: readonly { readonly taskId: string; readonly step: string; readonly module: string }[]) {
        const list = changed.slice(0, 10).map(change => `${change.taskId} (step ${change.step}, ${change.module})`).join(', ');
        const more = changed.length > 10 ? ` and ${changed.length - 10} more` : '';
        super(`the code of ${changed.length} completed ${changed.length === 1 ? 'task' : 'tasks'} of run ${runId} changed since ${changed.length === 1 ? 'it' : 'they'} ran: ${list}${more}; `
            + 'resuming would mix results of the old and the new code');
        this.name = 'StepCodeChangedError';
    }
}
