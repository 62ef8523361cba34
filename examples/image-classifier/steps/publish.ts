import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LinearModel, Metrics, StepContext } from './types.ts';

export interface PublishInputs {
    readonly model: LinearModel;
    readonly metrics: Metrics;
    readonly name: string;
}

/** `step publish`: writes `<outDir>/<name>/model.json` and `metrics.json`. No outputs. */
export async function publish(inputs: PublishInputs, ctx: StepContext): Promise<Record<string, never>> {
    const folder = path.join(ctx.outDir, inputs.name);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'model.json'), JSON.stringify(inputs.model));
    await writeFile(path.join(folder, 'metrics.json'), JSON.stringify(inputs.metrics, undefined, 2) + '\n');
    ctx.log(`published ${inputs.name} with accuracy ${inputs.metrics.accuracy ?? 'unknown'}`);
    return {};
}
