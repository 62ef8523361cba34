// Runs the consumer's steps end to end on the shipped reviews, as the runtime would: each step
// gets its inputs and a context, and hands its outputs to the next.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, type StepContext } from '@weft/contract';
import { describe, expect, it } from 'vitest';
import type { Review } from '../generated/types.js';
import { featurize } from './featurize.js';
import { fit } from './fit.js';
import { report } from './report.js';

const data = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reviews.jsonl');

function context(node: string): StepContext {
    const quiet = () => undefined;
    return {
        node,
        attempt: 1,
        signal: new AbortController().signal,
        logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
        trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`, addEvent: quiet },
        workDir: mkdtempSync(path.join(tmpdir(), `consumer-${node}-`)),
    };
}

describe('scoreReviews steps', () => {
    it('featurize, fit and report on the shipped reviews', async () => {
        const f = await featurize({ reviews: new Dataset<Review>(data) }, context('f'));
        expect(f.matrix.shape).toEqual([12, 2]);
        expect((await f.features.readAll())[0]).toEqual({ id: 'r1', words: 4, exclamations: 1, stars: 5 });
        const m = await fit({ matrix: f.matrix, features: f.features, l2: 0.1 }, context('m'));
        expect(m.metrics['rows']).toBe(12);
        // Exclamation marks go with more stars in these reviews.
        const stored = await m.model.readJson<{ weights: [number, number] }>();
        expect(stored.weights[1]).toBeGreaterThan(0);
        expect(m.metrics['rmse']).toBeLessThan(1.3);
        const r = await report({ model: m.model, metrics: m.metrics, title: 'Stars' }, context('r'));
        expect(readFileSync(r.summary.path, 'utf8')).toMatch(/^# Stars\n\nmodel: model\.json\n\n- rmse: \d\.\d{3}\n- rows: 12\.000\n$/);
    });
});
