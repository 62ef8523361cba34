import * as path from 'node:path';
import { File, implement } from '@weft/contract';
import { report as contract } from '../generated/scores.js';

/** `step report`: a short Markdown report of the metrics. */
export const report = implement(contract, async (inputs, ctx) => {
    const lines = [`# ${inputs.title}`, '', `model: ${path.basename(inputs.model.path)}`, '',
        ...Object.keys(inputs.metrics).sort().map(name => `- ${name}: ${inputs.metrics[name]?.toFixed(3)}`)];
    return { summary: await File.write(path.join(ctx.workDir, 'report.md'), `${lines.join('\n')}\n`) };
});
