import { topK } from './search.ts';
import type { Metrics, Question, RetrievalIndex } from './types.ts';

export interface EvaluateInputs {
    readonly index: RetrievalIndex;
    readonly questions: readonly Question[];
    readonly k: number;
}

export interface EvaluateOutputs {
    /** `recallAtK` (share of questions whose document is in the top k), `mrr`, `questions`. */
    readonly metrics: Metrics;
}

/** `step evaluate`: how well the index finds the document each question is about. */
export async function evaluate(inputs: EvaluateInputs): Promise<EvaluateOutputs> {
    if (inputs.questions.length === 0) throw new Error('evaluate: no questions');
    let found = 0;
    let reciprocalRanks = 0;
    for (const question of inputs.questions) {
        const rank = topK(inputs.index, question.query, inputs.k).findIndex(hit => hit.doc === question.expected);
        if (rank >= 0) {
            found++;
            reciprocalRanks += 1 / (rank + 1);
        }
    }
    const count = inputs.questions.length;
    return { metrics: { recallAtK: found / count, mrr: reciprocalRanks / count, questions: count } };
}
