import * as path from 'node:path';
import { implement, Model } from '@weft/contract';
import { fit as contract } from '../generated/scores.js';
import type { Features } from '../generated/types.js';

/** The fitted model as stored: stars ≈ intercept + words × w + exclamations × e. */
export interface LinearStars {
    readonly intercept: number;
    readonly weights: readonly [number, number];
}

/** `step fit`: ridge regression of stars on the two features, solved in closed form. */
export const fit = implement(contract, async (inputs, ctx) => {
    const rows = inputs.matrix.shape[0];
    const stars = (await inputs.features.readAll()).map(row => row.stars);
    const x = (row: number, column: number): number => inputs.matrix.data[row * 2 + column] ?? 0;
    const meanOf = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
    const columns = [0, 1].map(column => Array.from({ length: rows }, (_, row) => x(row, column)));
    const means = columns.map(meanOf);
    const mean = (column: number): number => means[column] ?? 0;
    const meanStars = meanOf(stars);
    // Centred normal equations (2 × 2) with the ridge penalty on the diagonal.
    const s = (a: number, b: number): number => columns[a]!.reduce((sum, value, row) => sum + (value - mean(a)) * ((columns[b]![row] ?? 0) - mean(b)), 0);
    const t = (a: number): number => columns[a]!.reduce((sum, value, row) => sum + (value - mean(a)) * ((stars[row] ?? 0) - meanStars), 0);
    const [a, b, c, d] = [s(0, 0) + inputs.l2, s(0, 1), s(1, 0), s(1, 1) + inputs.l2];
    const determinant = a * d - b * c || 1;
    const weights: [number, number] = [(d * t(0) - b * t(1)) / determinant, (a * t(1) - c * t(0)) / determinant];
    const intercept = meanStars - weights[0] * mean(0) - weights[1] * mean(1);
    const predict = (features: Pick<Features, 'words' | 'exclamations'>): number => intercept + weights[0] * features.words + weights[1] * features.exclamations;
    const errors = Array.from({ length: rows }, (_, row) => predict({ words: x(row, 0), exclamations: x(row, 1) }) - (stars[row] ?? 0));
    const metrics = { rows, rmse: Math.sqrt(meanOf(errors.map(error => error * error))) };
    ctx.logger.info('fitted', metrics);
    const stored: LinearStars = { intercept, weights };
    return { model: await Model.writeJson<Features, number>(path.join(ctx.workDir, 'model.json'), stored), metrics };
});
