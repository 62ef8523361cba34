import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Classifier, Metrics, StepContext } from './types.ts';

export interface PublishInputs {
    readonly model: Classifier;
    readonly metrics: Metrics;
    readonly channel: 'staging' | 'production';
}

/**
 * `step publish`: writes the model and its metrics to `<workDir>/<channel>/`, the folder a
 * model registry would pick up. It has no outputs: it is called for its effect.
 */
export async function publish(inputs: PublishInputs, ctx: StepContext): Promise<Record<string, never>> {
    const folder = path.join(ctx.workDir, inputs.channel);
    await mkdir(folder, { recursive: true });
    await copyFile(inputs.model.path, path.join(folder, 'model.json'));
    await writeFile(path.join(folder, 'metrics.json'), JSON.stringify(inputs.metrics, undefined, 2) + '\n');
    ctx.logger.info(`published to ${inputs.channel} with accuracy ${inputs.metrics.accuracy ?? 'unknown'}`);
    return {};
}
