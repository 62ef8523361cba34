// The steps of guarded.weft. `train` throws a declared error through the constructor
// `weft generate` emits for it (generated/guarded.ts).
import { DataDrift, QualityTooLow } from './generated/guarded.js';

export async function train(inputs: { mode: string }): Promise<{ score: number }> {
    if (inputs.mode === 'low') throw new QualityTooLow({ accuracy: 0.5, threshold: 0.8 });
    if (inputs.mode === 'drift') throw new DataDrift({ column: 'age' });
    return { score: 0.9 };
}

export async function fallback(inputs: { accuracy: number }): Promise<{ score: number }> {
    return { score: inputs.accuracy + 0.1 };
}

export async function alert(inputs: { message: string }, ctx: { logger: { warn(message: string): void } }): Promise<Record<string, never>> {
    ctx.logger.warn(`alert: ${inputs.message}`);
    return {};
}

export async function cleanup(_inputs: unknown, ctx: { logger: { info(message: string): void } }): Promise<Record<string, never>> {
    ctx.logger.info('cleanup ran');
    return {};
}

export async function report(inputs: { score: number }): Promise<{ line: string }> {
    return { line: `score ${inputs.score.toFixed(2)}` };
}
