import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildWorkspace } from './test-workspace.js';

/**
 * Every keystroke makes a half-typed document. Scoping, linking and the name and import rules
 * must never throw on one: each prefix of a realistic file is built and validated, and Langium
 * must neither log an error nor turn an exception into a diagnostic.
 */
const text = `module acme.sentiment version "1.4.0"

import { Tokens, tokenize as tok } from "./text.weft"
import { Patch } from "@acme/vision/patch.weft"

/// Reviews.
type Review = { text: string, label: "pos" | "neg", lang?: string }
type Embedding<N> = Tensor<f32, [N, 768]>

dataset imdb: Dataset<Review> {
  uri: "file:data/imdb.jsonl"
  version: "2.0.0"
}

step train<B>(data: Dataset<Tokens>, lr: float, batch: int, replicas: int = 1, x: Tensor<f32, [B, batch]>)
    -> (model: Model<Tokens, string>, metrics: Metrics) {
  run: "./steps.ts#train"
  resources { cpu: 8, memory: 16Gi * replicas }
  where 0 < lr && lr < 1
}

pipeline fit(reviews: Dataset<Review> = imdb, lr: float = 3e-4, xs: string[] = ["a"]) -> (report: Metrics) {
  let t = tok(reviews)
  let m = train(t.tokens, lr, 32, x: t.x) after e
  let all = for v in xs concurrency 2 => tok(v).tokens
  when m.metrics.accuracy > 0.9 {
    let p = train(t.tokens, lr, 64) with { timeout: 2h } after m
  } else {
    let q = train(t.tokens, lr, 16)
  }
  on failure of m, t {
    let alert = tok(failure.message)
  }
  let e = train(t.tokens, lr, 8)
  return { report: m.metrics }
}
`;

const helpers = {
    'text.weft': 'type Tokens = { ids: int[] }\nstep tokenize(s: string) -> (tokens: Tokens, x: Tensor<f32, [2, 2]>) { run: "./steps.ts#tokenize" }',
    'node_modules/@acme/vision/patch.weft': 'module acme.vision version "1.0.0"\ntype Patch = { pixels: int[] }',
    'package.json': '{ "dependencies": { "@acme/vision": "^1.0.0" } }',
};

describe('half-typed documents', () => {
    afterEach(() => {
        vi.restoreAllMocks();
    });

    test('no prefix of a file makes scoping, linking or validation throw', async () => {
        const errors = vi.spyOn(console, 'error');
        const workspace = await buildWorkspace({ ...helpers, 'main.weft': '' });
        for (let end = 0; end <= text.length; end += 7) {
            await workspace.change('main.weft', text.slice(0, end));
            const crashes = (workspace.document('main.weft').diagnostics ?? [])
                .filter(diagnostic => diagnostic.message.includes('An error occurred'))
                .map(diagnostic => diagnostic.message);
            expect(crashes, `prefix of ${end} characters`).toEqual([]);
        }
        expect(errors).not.toHaveBeenCalled();
    });
});
