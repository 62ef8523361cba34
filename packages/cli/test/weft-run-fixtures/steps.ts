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

/** Fails its first attempt (sandboxed.weft): the retry must run it again in a fresh sandbox. */
export async function failsFirstAttempt(inputs: { n: number }, ctx: { attempt: number }): Promise<{ value: number }> {
    if (ctx.attempt === 1) throw new Error('first attempt fails on purpose');
    return { value: inputs.n + 100 };
}

/** Always fails (sandboxed.weft): what depends on it must be skipped. */
export async function alwaysFails(): Promise<{ value: number }> {
    throw new Error('this step always fails');
}

/** Connects to host:port and says what happened (weft-run-gvisor.test.ts: sandbox.network allow-lists). */
export async function dial(inputs: { host: string, port: number }): Promise<{ outcome: string }> {
    const { connect } = await import('node:net');
    const outcome = await new Promise<string>(resolve => {
        const socket = connect({ host: inputs.host, port: inputs.port }, () => { socket.end(); resolve('connected'); });
        socket.on('error', error => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    });
    if (outcome !== 'connected') throw new Error(`could not connect to ${inputs.host}:${inputs.port}: ${outcome}`);
    return { outcome };
}
