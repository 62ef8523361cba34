// The step of passthrough.weft: returns the model it was given, unchanged.
import type { Model } from '@weft/runtime';

export async function keep(inputs: { model: Model<string, string>, note: string }): Promise<{ model: Model<string, string> }> {
    return { model: inputs.model };
}
