import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DigitModel, Metrics, StepContext } from './types.ts';

export interface PublishInputs {
    readonly model: DigitModel;
    readonly metrics: Metrics;
    readonly name: string;
}

/** `step publish`: writes `<workDir>/<name>/model.json` and `metrics.json`. No outputs. */
export async function publish(inputs: PublishInputs, ctx: StepContext): Promise<Record<string, never>> {
    const folder = path.join(ctx.workDir, inputs.name);
    await mkdir(folder, { recursive: true });
    await copyFile(inputs.model.path, path.join(folder, 'model.json'));
    await writeFile(path.join(folder, 'metrics.json'), JSON.stringify(inputs.metrics, undefined, 2) + '\n');
    ctx.logger.info(`published ${inputs.name} with accuracy ${inputs.metrics.accuracy ?? 'unknown'}`);
    return {};
}
