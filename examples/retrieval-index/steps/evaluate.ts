import type { Dataset } from '@weft/runtime';
import { topK } from './search.ts';
import type { Index, Metrics, Question, RetrievalIndex } from './types.ts';

export interface EvaluateInputs {
    readonly index: Index;
    readonly questions: Dataset<Question>;
    readonly k: number;
}

export interface EvaluateOutputs {
    /** `recallAtK` (share of questions whose document is in the top k), `mrr`, `questions`. */
    readonly metrics: Metrics;
}

/** `step evaluate`: how well the index finds the document each question is about. */
export async function evaluate(inputs: EvaluateInputs): Promise<EvaluateOutputs> {
    return { metrics: scoreIndex(await inputs.index.readJson<RetrievalIndex>(), await inputs.questions.readAll(), inputs.k) };
}

/** Recall at `k` and mean reciprocal rank of the expected documents; the pure core of the step. */
export function scoreIndex(index: RetrievalIndex, questions: readonly Question[], k: number): Metrics {
    if (questions.length === 0) throw new Error('evaluate: no questions');
    let found = 0;
    let reciprocalRanks = 0;
    for (const question of questions) {
        const rank = topK(index, question.query, k).findIndex(hit => hit.doc === question.expected);
        if (rank >= 0) {
            found++;
            reciprocalRanks += 1 / (rank + 1);
        }
    }
    const count = questions.length;
    return { recallAtK: found / count, mrr: reciprocalRanks / count, questions: count };
}
