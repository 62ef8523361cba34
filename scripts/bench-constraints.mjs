// The constraint checker's benchmark (issue 3): cold check of the examples split into Z3 start and
// solving; a generated 1,000-step pipeline with `where` clauses, resources and tensor shapes on
// every step: total solver time, and what an edit of one step re-solves. Runs in-process on the
// built language package. `node scripts/bench-constraints.mjs [--out FILE]` prints a Markdown
// section, or replaces the "Constraint checking" section of FILE (docs/benchmarks.md).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages', 'language', 'dist');
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('the language package is not built; run `npx tsc -b` first');
const { URI } = await import('langium');
const { disposeZ3, z3StartMilliseconds } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const { createWeftNodeServices, loadWorkspace } = await import(pathToFileURL(path.join(dist, 'node', 'index.js')).href);
const { values: options } = parseArgs({ options: { out: { type: 'string' }, steps: { type: 'string', default: '1000' } } });
const stepCount = Number.parseInt(options.steps, 10);

/** One file: `stepCount` steps, each with clauses, resources, a timeout and a symbolic tensor parameter; one pipeline calling them in a chain. */
function generated(edit = -1) {
    const lines = ['target dev: sandbox {', '  runtime: "gvisor"', '  capacity { cpu: 8, memory: 64Gi, gpu: 0 }', '}', ''];
    for (let i = 0; i < stepCount; i++) {
        const limit = i === edit ? 1024 + i : 512 + i;
        lines.push(`step s${i}(x: Tensor<f32, [b * 2, 768]>, b: int, r: int) -> (y: Tensor<f32, [b * 2, 768]>) {`,
            '  run: "./steps.ts#noop"', `  resources { cpu: ${1 + (i % 4)}, memory: ${1 + (i % 8)}Gi * r }`, '  timeout: 1m',
            '  where b % 8 == 0', `  where b <= ${limit}`, `  where r in 1..${4 + (i % 3)}`, '}', '');
    }
    lines.push('pipeline chain(b: int = 64, bb: int = 128, r: int = 1, d: Tensor<f32, [bb, 768]>) -> (y: Tensor<f32, [bb, 768]>) {',
        '  where b in 8..512 && b % 16 == 0', '  where bb == b * 2', '  where r in 1..4', '  timeout: 100h');
    for (let i = 0; i < stepCount; i++) lines.push(`  let l${i} = s${i}(${i === 0 ? 'd' : `l${i - 1}.y`}, b, r)`);
    lines.push(`  return { y: l${stepCount - 1}.y }`, '}', '');
    return lines.join('\n');
}

const time = async (work) => { const started = performance.now(); const result = await work(); return [performance.now() - started, result]; };
const errorsOf = (documents) => documents.flatMap(document => (document.diagnostics ?? []).filter(diagnostic => diagnostic.severity <= 2));

// 1. Cold check of the examples.
const examples = createWeftNodeServices();
const [examplesTotal, examplesWorkspace] = await time(() => loadWorkspace([path.join(root, 'examples')], examples));
const examplesStats = { ...examples.constraints.Solver.statistics };
const examplesStart = z3StartMilliseconds();
const examplesProblems = errorsOf(examplesWorkspace.documents).length;
await disposeZ3();

// 2. The generated pipeline, cold, then one step edited.
const folder = mkdtempSync(path.join(tmpdir(), 'weft-bench-constraints-'));
const file = path.join(folder, 'chain.weft');
writeFileSync(path.join(folder, 'steps.ts'), 'export function noop() { return {}; }\n');
writeFileSync(file, generated());
const services = createWeftNodeServices();
const [coldTotal, workspace] = await time(() => loadWorkspace([file], services));
const cold = { ...services.constraints.Solver.statistics };
const coldStart = z3StartMilliseconds();
const coldProblems = errorsOf(workspace.documents).length;

writeFileSync(file, generated(Math.floor(stepCount / 2)));
const documents = services.shared.workspace.LangiumDocuments;
const uri = URI.file(file);
documents.deleteDocument(uri);
const [editTotal] = await time(async () => {
    const document = await documents.getOrCreateDocument(uri);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
});
const after = services.constraints.Solver.statistics;
const edit = {
    solved: after.solved - cold.solved, decided: after.decided - cold.decided, folded: after.folded - cold.folded, cached: after.cached - cold.cached,
    solving: after.solvingMilliseconds - cold.solvingMilliseconds, queries: after.queries - cold.queries,
};
await disposeZ3();
rmSync(folder, { recursive: true, force: true });

const ms = (value) => `${Math.round(value)} ms`;
const section = `## Constraint checking

Measured by \`node scripts/bench-constraints.mjs\` (in-process, on the built language package) on ${new Date().toISOString().slice(0, 10)}.

| workload | total check | Z3 start | Z3 solving | problems asked | solved by Z3 | decided by intervals | folded | from cache | diagnostics |
|---|---|---|---|---|---|---|---|---|---|
| examples/, cold | ${ms(examplesTotal)} | ${ms(examplesStart)} | ${ms(examplesStats.solvingMilliseconds - examplesStart)} | ${examplesStats.queries} | ${examplesStats.solved} | ${examplesStats.decided} | ${examplesStats.folded} | ${examplesStats.cached} | ${examplesProblems} |
| ${stepCount}-step pipeline, cold | ${ms(coldTotal)} | ${ms(coldStart)} | ${ms(cold.solvingMilliseconds - coldStart)} | ${cold.queries} | ${cold.solved} | ${cold.decided} | ${cold.folded} | ${cold.cached} | ${coldProblems} |
| same, after editing one step's \`where\` | ${ms(editTotal)} | — | ${ms(edit.solving)} | ${edit.queries} | ${edit.solved} | ${edit.decided} | ${edit.folded} | ${edit.cached} | — |

Z3 solving includes waiting in the one-check-at-a-time queue; the first check also pays Z3's start
(shown separately). Problems that miss the cache are first tried with interval reasoning (bounds and
divisibility of integers, strict and non-strict bounds of reals, proofs only; \`packages/language/src/constraints/interval-reasoning.ts\`)
and go to Z3 when it cannot decide them. After the edit only the problems that mention the edited
step miss the cache (its own clauses and the call to it): "solved by Z3" plus "decided by intervals"
in the last row.
`;
if (options.out) {
    const existing = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    const start = existing.indexOf('## Constraint checking');
    const next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
    const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
    writeFileSync(options.out, updated);
} else {
    process.stdout.write(section);
}
