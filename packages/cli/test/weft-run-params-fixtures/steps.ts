// The step of params.weft: says what it was given.
export async function echo(inputs: Record<string, unknown>): Promise<{ summary: string }> {
    const handle = (value: unknown) => (value as { path: string }).path.split('/').at(-1);
    const { data, prior, vocab, ...values } = inputs;
    return { summary: `${JSON.stringify(values)} ${handle(data)} ${handle(prior)} ${handle(vocab)}` };
}
