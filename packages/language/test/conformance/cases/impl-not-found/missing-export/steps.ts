// Implementations written the ways TypeScript allows: the export reader must see through
// annotations, generics and type-only declarations.
export interface EvaluateInputs {
    model: string;
}

export type TrainOutputs<T = string> = { model: T };

export async function train<T extends object>(inputs: { data: T[] }): Promise<TrainOutputs> {
    const pattern = /export const fake = 1/;
    return { model: `${inputs.data.length} ${pattern.source}` };
}

export const tokenize = async <T,>(inputs: { text: string }, _ctx?: T): Promise<{ tokens: string[] }> =>
    ({ tokens: inputs.text.split(/\s+/) });

const embedText = (inputs: { text: string }): { vector: number[] } => ({ vector: [inputs.text.length / 2] });
export { embedText as embed };

export default function publish(inputs: { model: string }): void {
    void inputs;
}

export * from './more.js';
