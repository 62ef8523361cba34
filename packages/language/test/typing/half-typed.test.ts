import { AstUtils, type ValidationAcceptor } from 'langium';
import { describe, expect, test } from 'vitest';
import { typeChecks } from '../../src/validation/types.js';
import { createTypingServices, parseWeft } from './typing-helper.js';

/** A file that uses every construct the type rules look at. */
const source = `
type Label = "pos" | "neg"
type Review = { text: string, label: Label, lang?: string }
type Embedding<N> = Tensor<f32, [N, 768]>
const limit: duration = 2h
dataset imdb: Dataset<Review> { uri: "file:imdb.jsonl", splits: ["train"] }
model bert: Model<Review, Embedding<_>> { uri: "file:bert.bin" }
step embed<N>(data: Dataset<Review>, x: Embedding<N>, lr: float = 3e-4, replicas: int = 1)
    -> (y: Tensor<f32, [N, 2]>, metrics: Metrics) {
  run: "./s.ts#embed"
  resources { cpu: 500m, memory: 16Gi * replicas, gpu: replicas }
  timeout: min(limit, 20m)
  retry { attempts: 3, backoff: 30s, factor: 2 }
  cache: { version: "1" }
  where 0 < lr && lr < 1 && replicas in 1..4
}
pipeline p(reviews: Dataset<Review> = imdb, x: Embedding<64>, many: Review[] = []) -> (y: Tensor<f32, [64, 2]>) {
  targets: [dev]
  let e = embed(reviews, x, lr: 0.1) with { timeout: 1h, resources { cpu: 2 } }
  let all = for r in many concurrency 2 => embed(reviews, x).metrics
  when e.metrics.accuracy > 0.5 && len(all) > 0 {
    let _again = embed(reviews, x) after e
  }
  on failure of e {
    let _alert = embed(reviews, x, lr: failure.attempts * 0.1)
  }
  return { y: e.y }
}
target dev: sandbox { runtime: "gvisor", capacity { cpu: 2, memory: 8Gi, gpu: 0 } }
`;

describe('a half-typed document never makes the type computer or the type rules throw', () => {
    // The file cut short at many places (as while typing it), and with holes punched into it.
    const step = 11;
    const variants = Array.from({ length: Math.ceil(source.length / step) }, (_, k) => k * step).flatMap(offset => [
        [`cut at ${offset}`, source.slice(0, offset)],
        [`hole at ${offset}`, source.slice(0, offset) + source.slice(offset + 7)],
    ] as const);

    test.each(variants)('%s', async (_name, text) => {
        const services = createTypingServices();
        const document = await parseWeft(services, text);
        const accept: ValidationAcceptor = () => {};
        const context = { services };
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            expect(() => services.typing.TypeComputer.computeType(node).toString()).not.toThrow();
            const checks = (typeChecks as Record<string, unknown>)[node.$type];
            for (const check of (Array.isArray(checks) ? checks : []) as ((this: unknown, n: unknown, a: ValidationAcceptor) => void)[]) {
                expect(() => check.call(context, node, accept)).not.toThrow();
            }
        }
    });
});
