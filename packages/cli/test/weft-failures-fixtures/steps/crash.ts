import { firstLabel } from './helper.js';

interface Context {
    readonly attempt: number;
    readonly logger: { info(message: string): void };
}

/** Logs 25 lines, then throws a TypeError from a helper: an error in the step's code. */
export async function crash(inputs: { n: number }, ctx: Context): Promise<{ value: number }> {
    for (let row = 1; row <= 25; row++) ctx.logger.info(`reading row ${row} of attempt ${ctx.attempt}`);
    const rows = [{}] as { label: { name: string } }[];
    return { value: firstLabel(rows).length + inputs.n };
}

/** Outlives its timeout on the first attempt (an infrastructure failure), returns at once on the next. */
export async function sleepy(inputs: { ms: number }, ctx: Context & { signal: AbortSignal }): Promise<{ value: number }> {
    if (ctx.attempt > 1) return { value: ctx.attempt };
    ctx.logger.info('sleeping past the timeout');
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, inputs.ms);
        ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('stopped')); }, { once: true });
    });
    return { value: ctx.attempt };
}

/** Writes a line every 100 ms, `n` lines in all (`weft logs --follow`). */
export async function chatty(inputs: { n: number }, ctx: Context): Promise<{ value: number }> {
    for (let line = 1; line <= inputs.n; line++) {
        ctx.logger.info(`line ${line} of ${inputs.n}`);
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return { value: inputs.n };
}

/** Writes its process id to `pidFile` and waits on the first attempt, to be killed from outside; returns on the next. */
export async function killable(inputs: { pidFile: string }, ctx: Context & { signal: AbortSignal }): Promise<{ value: number }> {
    if (ctx.attempt > 1) return { value: ctx.attempt };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(inputs.pidFile, String(process.pid));
    await new Promise(resolve => setTimeout(resolve, 60_000));
    return { value: ctx.attempt };
}
