import * as path from 'node:path';
import { type CompiledPlan, isCommandImplementation } from '@weft/contract';
import { UserError } from '../../errors.js';

/** A step implemented in Python, where the plan (or a pipeline it calls) calls it. */
export interface PythonStepCall {
    readonly step: string;
    readonly node: string;
    readonly pipeline: string;
    readonly implementation: string;
}

/** The executors that run Python steps (docs/runtime.md, "Python steps"). */
export const PYTHON_EXECUTORS: readonly string[] = ['process', 'gvisor', 'kubernetes'];

/**
 * The first Python step the pipeline calls, itself or through a called pipeline, so that what
 * cannot run it is refused before anything starts, naming the step, rather than halfway through.
 *
 * `plans` are the compiled plans by their path relative to the compilation's root, where pipeline calls point.
 */
export function firstPythonStep(plan: CompiledPlan, plans: ReadonlyMap<string, CompiledPlan>): PythonStepCall | undefined {
    const pending = [plan];
    const seen = new Set<string>();
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
        for (const node of current.nodes) {
            const call = node.call;
            if (call.kind === 'step' && !isCommandImplementation(call.implementation) && call.implementation.language === 'python') {
                return { step: call.step, node: node.id, pipeline: current.pipeline, implementation: `${call.implementation.module}#${call.implementation.export}` };
            }
            if (call.kind !== 'pipeline') continue;
            const called = path.posix.normalize(call.plan);
            const calledPlan = plans.get(called);
            if (calledPlan === undefined || seen.has(called)) continue;
            seen.add(called);
            pending.push(calledPlan);
        }
    }
    return undefined;
}

/** Refuses `found` for `what` (`the inline executor`, `weft build`), saying what runs Python steps. */
export function refusePythonStep(found: PythonStepCall | undefined, what: string): void {
    if (found === undefined) return;
    throw new UserError(`step \`${found.step}\` (node ${found.node} of pipeline ${found.pipeline}) is implemented in Python (${found.implementation}), `
        + `and ${what} cannot run Python steps yet: run it with the ${PYTHON_EXECUTORS.slice(0, -1).join(', ')} or ${PYTHON_EXECUTORS.at(-1)!} executor`);
}

/** Where `weft run` writes the Python contracts, which `weft resume` puts on the module path again. */
export function pythonContractsFolder(stateFolder: string): string {
    return path.join(stateFolder, 'python-contracts');
}
