// The runtime's benchmark (issue 6): scheduling overhead of the engine on generated DAGs of no-op
// inline tasks against a plain topological `Promise.all`; per-step overhead of `gvisor` against
// `process`; makespan against the critical-path lower bound on random DAGs of sleep steps on a
// 2-cpu capacity. Runs on the built runtime package. `node scripts/bench-runtime.mjs [--out FILE]`
// prints a Markdown section, or replaces the "Runtime" section of FILE (docs/benchmarks.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages', 'runtime', 'dist');
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('the runtime package is not built; run `npx tsc -b` first');
const { runPipeline, createExecutor, SandboxUnavailableError } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const { values: options } = parseArgs({ options: { out: { type: 'string' }, sizes: { type: 'string', default: '1000,10000' }, steps: { type: 'string', default: '7' } } });

/** A small seeded PRNG (mulberry32), so every run measures the same DAGs. */
function random(seed) {
    return () => {
        seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** `count` nodes, each needing up to two random earlier ones. */
function randomDag(count, seed) {
    const next = random(seed);
    return Array.from({ length: count }, (_, i) => {
        const needs = new Set();
        for (let k = 0; k < 2 && i > 0; k++) if (next() < 0.8) needs.add(Math.floor(next() * i));
        return { id: `n${i}`, needs: [...needs].map(j => `n${j}`) };
    });
}

const stepNode = (id, needs, step, args = {}, settings = {}) => ({
    id, call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: `${step}.mjs`, export: step } },
    arguments: args, after: [], needs, conditions: [], settings, where: [],
    inputs: Object.keys(args).map(name => ({ name, type: 'int', schema: { type: 'integer' } })), outputs: [{ name: 'value', type: 'int', schema: { type: 'integer' } }], source: { file: 'bench.weft', line: 1 },
});
const planOf = nodes => ({ planVersion: 3, pipeline: 'bench', source: { file: 'bench.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes, artifacts: [], targets: [] });
const workRoot = mkdtempSync(path.join(tmpdir(), 'weft-bench-runtime-'));
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// 1. Scheduling overhead: the engine (store transitions, capacity, critical path) against a bare Promise.all.
const scheduling = [];
for (const size of options.sizes.split(',').map(Number)) {
    const dag = randomDag(size, size);
    let started = performance.now();
    const done = new Map();
    const noop = async () => ({ value: 1 });
    for (const { id, needs } of dag) done.set(id, Promise.all(needs.map(need => done.get(need))).then(noop));
    await Promise.all(done.values());
    const baselineMs = performance.now() - started;
    started = performance.now();
    const result = await runPipeline(planOf(dag.map(({ id, needs }) => stepNode(id, needs, 'noop'))), {}, { workRoot, mocks: { noop } });
    const engineMs = performance.now() - started;
    if (result.status !== 'completed') throw new Error(`the ${size}-task run ended ${result.status}`);
    scheduling.push({ size, engineMs, baselineMs });
}

// 1b. A wide fan-out with little room: elements wait for a slot; each freed slot should cost O(1) tries.
const fanOuts = [];
for (const size of options.sizes.split(',').map(Number)) {
    const fan = {
        ...stepNode('fan', [], 'noop', { x: { kind: 'variable', name: 'x' } }),
        forEach: { variable: 'x', items: { kind: 'parameter', name: 'items' }, concurrency: { kind: 'literal', value: 2 } },
    };
    const started = performance.now();
    const result = await runPipeline({ ...planOf([fan]), parameters: [{ name: 'items', type: 'int[]', schema: { type: 'array', items: { type: 'integer' } } }] }, { items: Array.from({ length: size }, (_, i) => i) }, { workRoot, mocks: { noop: async () => ({ value: 1 }) } });
    if (result.status !== 'completed') throw new Error(`the ${size}-element fan-out ended ${result.status}`);
    fanOuts.push({ size, ms: performance.now() - started });
}

// 2. Per-step overhead of gvisor against process: no-op steps run one after another, median.
const stepDir = mkdtempSync(path.join(tmpdir(), 'weft-bench-steps-'));
writeFileSync(path.join(stepDir, 'noop.mjs'), 'export async function noop() { return { value: 1 }; }\n');
const cacheDir = path.join(stepDir, '.weft');
async function perStep(kind) {
    let executor;
    try {
        executor = createExecutor(kind, { cacheDir });
    } catch (error) {
        if (error instanceof SandboxUnavailableError) return { skipped: error.message };
        throw error;
    }
    const times = [];
    for (let i = 0; i <= Number(options.steps); i++) {
        const spec = {
            runId: 'bench', taskId: `noop-${kind}-${i}`, node: 'noop', attempt: 1, inputs: {}, root: stepDir,
            step: { name: 'noop', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'noop.mjs', export: 'noop' } },
            resources: { cpu: 1000, memory: 256 * 1024 * 1024, gpu: 0 }, workDir: mkdtempSync(path.join(workRoot, `${kind}-`)),
            outputs: [{ name: 'value', type: 'int', schema: { type: 'integer' } }],
        };
        const logger = { debug() {}, info() {}, warn() {}, error() {} };
        const started = performance.now();
        const result = await executor.execute(spec, { signal: new AbortController().signal, logger });
        if (result.status !== 'completed') throw new Error(`a no-op ${kind} step failed: ${result.failure.message}`);
        if (i > 0) times.push(performance.now() - started); // the first one also bundles the step
    }
    return { ms: median(times) };
}
// The floor of a process attempt, in the same run: starting Node and nothing else.
const nodeFloor = (() => {
    const times = [];
    for (let i = 0; i < Number(options.steps); i++) {
        const started = performance.now();
        const result = spawnSync(process.execPath, ['-e', '0']);
        if (result.status !== 0) throw new Error(`node -e 0 exited with ${result.status}`);
        times.push(performance.now() - started);
    }
    return { ms: median(times) };
})();
const processStep = await perStep('process');
const gvisorStep = await perStep('gvisor');

// 3. Makespan on 2 cpus: random DAGs of sleep steps (1 cpu each) against max(critical path, work / 2).
const makespans = [];
for (let seed = 1; seed <= 5; seed++) {
    const next = random(seed * 7919);
    const dag = randomDag(30, seed * 104729).map(node => ({ ...node, ms: 20 + Math.floor(next() * 80) }));
    const finish = new Map();
    for (const node of dag) finish.set(node.id, node.ms + Math.max(0, ...node.needs.map(need => finish.get(need))));
    const criticalPath = Math.max(...finish.values());
    const work = dag.reduce((sum, node) => sum + node.ms, 0);
    const lowerBound = Math.max(criticalPath, work / 2);
    const nodes = dag.map(node => stepNode(node.id, node.needs, 'sleep', { ms: { kind: 'literal', value: node.ms } }, {
        resources: { cpu: { kind: 'literal', value: 1 } },
        // The scheduler weighs nodes by their timeout: a generous one proportional to the sleep.
        timeout: { kind: 'quantity', unit: 'duration', value: node.ms * 20 },
    }));
    const started = performance.now();
    const result = await runPipeline(planOf(nodes), {}, {
        workRoot, capacity: { cpu: 2000, memory: 2 ** 40, gpu: 0 },
        mocks: { sleep: inputs => new Promise(resolve => setTimeout(() => resolve({ value: 1 }), inputs.ms)) },
    });
    const makespan = performance.now() - started;
    if (result.status !== 'completed') throw new Error(`the makespan run ended ${result.status}`);
    makespans.push({ seed, criticalPath, work, lowerBound, makespan });
}

const fmt = value => Math.round(value).toLocaleString('en-US');
const perSecond = (count, ms) => fmt(count / (ms / 1000));
const stepRow = (name, step) => step.ms === undefined ? `| \`${name}\` | skipped: ${step.skipped} |` : `| \`${name}\` | ${fmt(step.ms)} ms |`;
const section = `## Runtime

\`node scripts/bench-runtime.mjs\` on the built runtime (${new Date().toISOString().slice(0, 10)}, node ${process.version}).

**Scheduling overhead**: random DAGs of no-op inline tasks (up to two dependencies each), run by
the engine (SQLite store in memory, every transition committed) against a plain topological
\`Promise.all\` of the same no-ops, in the same process.

| tasks | engine | engine tasks/s | \`Promise.all\` | baseline tasks/s | overhead per task |
|---|---|---|---|---|---|
${scheduling.map(row => `| ${fmt(row.size)} | ${fmt(row.engineMs)} ms | ${perSecond(row.size, row.engineMs)} | ${row.baselineMs.toFixed(1)} ms | ${perSecond(row.size, row.baselineMs)} | ${((row.engineMs - row.baselineMs) / row.size * 1000).toFixed(0)} µs |`).join('\n')}

**Fan-out with little room**: one \`for\` over no-op elements with \`concurrency 2\`; every
element waits for a slot (each freed slot retries one waiting element, not all of them).

| elements | engine | tasks/s |
|---|---|---|
${fanOuts.map(row => `| ${fmt(row.size)} | ${fmt(row.ms)} ms | ${perSecond(row.size, row.ms)} |`).join('\n')}

**Per-step overhead**: median of ${options.steps} no-op steps run one after another (after one
warm-up that bundles the step), worker start and output hashing included.

| executor | per step |
|---|---|
| \`node -e 0\` (the floor of a process) | ${fmt(nodeFloor.ms)} ms |
${stepRow('process', processStep)}
${stepRow('gvisor', gvisorStep)}
${processStep.ms !== undefined && gvisorStep.ms !== undefined ? `\nThe sandbox adds ${fmt(gvisorStep.ms - processStep.ms)} ms per step.\n` : ''}
**Makespan**: 5 random DAGs of 30 sleep steps (20–100 ms, 1 cpu each) on a 2-cpu capacity, against
the lower bound max(critical path, total work / 2).

| DAG | critical path | work / 2 | lower bound | makespan | ratio |
|---|---|---|---|---|---|
${makespans.map(row => `| ${row.seed} | ${fmt(row.criticalPath)} ms | ${fmt(row.work / 2)} ms | ${fmt(row.lowerBound)} ms | ${fmt(row.makespan)} ms | ${(row.makespan / row.lowerBound).toFixed(2)} |`).join('\n')}
`;
if (options.out) {
    const existing = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    const start = existing.indexOf('## Runtime\n');
    const next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
    const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
    writeFileSync(options.out, updated);
} else {
    process.stdout.write(section);
}
