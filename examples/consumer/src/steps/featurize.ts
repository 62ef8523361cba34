import { Dataset, implement, Tensor } from '@weft/contract';
import { featurize as contract } from '../generated/scores.js';
import type { Features } from '../generated/types.js';
import * as path from 'node:path';

/** `step featurize`: counts words and exclamation marks of each review. */
export const featurize = implement(contract, async (inputs, ctx) => {
    const reviews = await inputs.reviews.readAll();
    const features: Features[] = reviews.map(review => ({
        id: review.id,
        words: review.text.split(/\s+/).filter(word => word !== '').length,
        exclamations: [...review.text].filter(character => character === '!').length,
        stars: review.stars,
    }));
    const matrix = new Tensor('f32', [features.length, 2] as const, Float32Array.from(features.flatMap(row => [row.words, row.exclamations])));
    ctx.logger.info('featurized', { reviews: reviews.length });
    return { features: await Dataset.write(path.join(ctx.workDir, 'features.jsonl'), features), matrix };
});
