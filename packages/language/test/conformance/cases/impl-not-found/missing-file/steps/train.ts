// The implementations that pipeline.weft names.
export async function train(inputs: { data: unknown }): Promise<{ model: string }> {
    return { model: String(inputs.data) };
}

export function publish(inputs: { model: string }): void {
    void inputs;
}
