// The TypeScript steps of the mixed pipeline (the generator only needs their exports to exist).
export async function tokenize(inputs: unknown): Promise<unknown> {
    return inputs;
}

export async function embed(inputs: unknown): Promise<unknown> {
    return inputs;
}
