// The step of traced.weft: the trace context and baggage variables the runtime gave it.
export async function environment(inputs: { tag: string }): Promise<{ value: string }> {
    const names = Object.keys(process.env).filter(name => /^(TRACEPARENT|TRACESTATE|BAGGAGE|B3|X_B3_\w+)$/.test(name)).sort();
    return { value: JSON.stringify({ tag: inputs.tag, ...Object.fromEntries(names.map(name => [name, process.env[name]])) }) };
}
