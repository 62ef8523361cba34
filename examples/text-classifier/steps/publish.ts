import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Metrics, NaiveBayesModel, StepContext } from './types.ts';

export interface PublishInputs {
    readonly model: NaiveBayesModel;
    readonly metrics: Metrics;
    readonly channel: 'staging' | 'production';
}

/**
 * `step publish`: writes the model and its metrics to `<outDir>/<channel>/`, the folder a
 * model registry would pick up. It has no outputs: it is called for its effect.
 */
export async function publish(inputs: PublishInputs, ctx: StepContext): Promise<Record<string, never>> {
    const folder = path.join(ctx.outDir, inputs.channel);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'model.json'), JSON.stringify(inputs.model));
    await writeFile(path.join(folder, 'metrics.json'), JSON.stringify(inputs.metrics, undefined, 2) + '\n');
    ctx.log(`published to ${inputs.channel} with accuracy ${inputs.metrics.accuracy ?? 'unknown'}`);
    return {};
}
