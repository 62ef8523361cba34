// The steps of chain.weft: plain functions of their inputs.
export async function first(inputs: { n: number }): Promise<{ value: number }> {
    return { value: inputs.n * 10 };
}

export async function slow(inputs: { x: number, ms: number }, ctx: { signal: AbortSignal }): Promise<{ value: number }> {
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, inputs.ms);
        ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('cancelled')); }, { once: true });
    });
    return { value: inputs.x + 1 };
}

export async function last(inputs: { x: number }): Promise<{ value: number }> {
    return { value: inputs.x * 2 };
}

/** Breaks its contract on purpose (wrong-output.weft): `value` is declared `int`. */
export async function countAsWords(inputs: { n: number }): Promise<{ value: unknown }> {
    return { value: `${inputs.n} things` };
}

export async function double(inputs: { x: number }): Promise<{ value: number }> {
    return { value: inputs.x * 2 };
}
