import * as path from 'node:path';
import { type CompiledPlan, isCommandImplementation } from '@weft/contract';
import { UserError } from '../../errors.js';

/**
 * Python steps type-check (`weft generate --lang python`), but the runtime cannot run them yet:
 * a pipeline that calls one, itself or through a called pipeline, is refused before anything
 * starts, naming the step, rather than failing on it halfway through the run.
 *
 * `plans` are the compiled plans by their path relative to the compilation's root, where pipeline calls point.
 */
export function refusePythonSteps(plan: CompiledPlan, plans: ReadonlyMap<string, CompiledPlan>): void {
    const pending = [plan];
    const seen = new Set<string>();
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
        for (const node of current.nodes) {
            const call = node.call;
            if (call.kind === 'step' && !isCommandImplementation(call.implementation) && call.implementation.language === 'python') {
                throw new UserError(`step \`${call.step}\` (node ${node.id} of pipeline ${current.pipeline}) is implemented in Python `
                    + `(${call.implementation.module}#${call.implementation.export}), and weft run cannot run Python steps yet: only TypeScript steps run`);
            }
            if (call.kind !== 'pipeline') continue;
            const called = path.posix.normalize(call.plan);
            const calledPlan = plans.get(called);
            if (calledPlan === undefined || seen.has(called)) continue;
            seen.add(called);
            pending.push(calledPlan);
        }
    }
}
