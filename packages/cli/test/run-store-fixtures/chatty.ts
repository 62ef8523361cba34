// The steps of chatty.weft and of the many-step pipeline the run-store tests write.
const line = 'x'.repeat(1000);

/** Logs `lines` lines of about 1 KB each. */
export async function chatter(inputs: { lines: number }, ctx: { logger: { info(message: string): void } }): Promise<{ count: number }> {
    for (let index = 0; index < inputs.lines; index++) ctx.logger.info(`${index} ${line}`);
    return { count: inputs.lines };
}

export async function total(inputs: { count: number }): Promise<{ total: number }> {
    return { total: inputs.count * 2 };
}

export async function tick(inputs: { n: number }): Promise<{ value: number }> {
    return { value: inputs.n + 1 };
}
