import type { StepContext } from './types.ts';

export interface AlertInputs {
    readonly subject: string;
    readonly detail: string;
}

/** `step alert`: tells the team that something needs a look (here: a line in the step log). */
export async function alert(inputs: AlertInputs, ctx: StepContext): Promise<Record<string, never>> {
    ctx.logger.warn(`ALERT ${inputs.subject}: ${inputs.detail}`);
    return {};
}
