import type { CompiledPlan } from '../../contract/plan.js';
import { evaluate, type EvaluationScope } from '../../plan/expression-evaluator.js';
import { RunTimeoutError } from '../../plan/failure.js';
import { type LongTimer, setLongTimeout } from '../long-timer.js';

/**
 * Starts the pipeline's `timeout` (over its parameters), which aborts `stop` with a
 * `RunTimeoutError`; a resumed run gets the whole timeout again. None without a `timeout`.
 */
export function startRunTimeout(plan: CompiledPlan, runId: string, scope: EvaluationScope, stop: AbortController): LongTimer | undefined {
    if (plan.timeout === undefined) return undefined;
    const timeoutMs = evaluate(plan.timeout, scope);
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) throw new Error(`the timeout of ${plan.pipeline} is ${JSON.stringify(timeoutMs)}, not a duration`);
    return setLongTimeout(() => stop.abort(new RunTimeoutError(runId, plan.pipeline, timeoutMs)), timeoutMs);
}
