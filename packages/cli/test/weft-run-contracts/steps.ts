// The steps of contracts.weft. `load` breaks its contract on purpose; the others would run
// happily on anything, so only the runtime's checks can stop them.
import * as path from 'node:path';
import { Dataset, type StepContext } from '@weft/runtime';

// Each step logs that its code ran: the tests read `weft logs` to see it did not, where it must not.

export async function load(inputs: { n: number }, ctx: StepContext) {
    ctx.logger.info('load ran');
    const rows = Array.from({ length: inputs.n }, (_, index) => (index === inputs.n - 1 ? { id: index } : { id: index, text: `row ${index}` }));
    return { rows: await Dataset.write(path.join(ctx.workDir, 'rows.jsonl'), rows) };
}

export async function count(inputs: { rows: Dataset<unknown> }, ctx: StepContext) {
    ctx.logger.info('count ran');
    return { value: (await inputs.rows.readAll()).length };
}

export async function train(inputs: { lr: number }, ctx: StepContext) {
    ctx.logger.info(`train ran with lr ${inputs.lr}`);
    return { score: 1 - inputs.lr };
}
