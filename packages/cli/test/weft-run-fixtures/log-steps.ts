// Steps whose logs, errors and outputs carry terminal escapes and forged lines (weft-logs-escapes.test.ts).
const hostile = 'clear\x1b[2J\rback\n[weft] forged line';

/** Logs the hostile text (message and field), writes it to stdout as plain text, returns it with an 8-bit CSI added. */
export async function forge(_inputs: Record<string, never>, ctx: { logger: { info(message: string, fields?: Record<string, unknown>): void } }): Promise<{ text: string }> {
    ctx.logger.info(hostile, { note: hostile });
    await new Promise(resolve => process.stdout.write('plain\x1b[31m red\rover\0nul\n', resolve));
    return { text: `${hostile}\x9b2J` };
}

/** Fails with the hostile text as its error message. */
export async function forgeError(): Promise<{ text: string }> {
    throw new Error(hostile);
}
