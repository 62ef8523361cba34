/**
 * `compute`, remembering its result per text: a pipeline writes the same few numbers and
 * quantities thousands of times, and several checks read each of them again. Bounded, as an
 * editor session sees many texts.
 */
export function rememberedByText<T>(compute: (text: string) => T): (text: string) => T {
    const known = new Map<string, T>();
    return text => {
        if (known.has(text)) return known.get(text)!;
        const value = compute(text);
        if (known.size < 10_000) known.set(text, value);
        return value;
    };
}
