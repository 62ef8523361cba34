// Per-step overhead of a Python step beside a TypeScript one (issue 19): no-op steps run one after
// another on the process and gvisor executors, TypeScript and Python alternating so that the
// machine's load falls on both alike; medians. Runs on the built runtime package.
// `node scripts/bench/python-steps.mjs [--out FILE] [--steps N]` prints a Markdown section, or
// replaces the "Python steps" section of FILE (docs/benchmarks.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'packages', 'runtime', 'dist');
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('the runtime package is not built; run `npx tsc -b` first');
const { createExecutor, SandboxUnavailableError } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const { values: options } = parseArgs({ options: { out: { type: 'string' }, steps: { type: 'string', default: '9' } } });

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = ms => `${Math.round(ms).toLocaleString('en-US')} ms`;

const stepDir = mkdtempSync(path.join(tmpdir(), 'weft-bench-python-'));
writeFileSync(path.join(stepDir, 'noop.mjs'), 'export async function noop() { return { value: 1 }; }\n');
writeFileSync(path.join(stepDir, 'noop.py'), 'def noop(inputs, ctx):\n    return {"value": 1}\n');
const cacheDir = path.join(stepDir, '.weft');
const workRoot = mkdtempSync(path.join(tmpdir(), 'weft-bench-python-work-'));
const steps = {
    typescript: { module: 'noop.mjs', export: 'noop' },
    python: { module: 'noop.py', export: 'noop', language: 'python' },
};

/** One no-op attempt's wall time on `executor`. */
async function attempt(executor, kind, language, index) {
    const spec = {
        runId: 'bench', taskId: `noop-${kind}-${language}-${index}`, node: 'noop', attempt: 1, inputs: {}, root: stepDir,
        step: { name: 'noop', contractHash: `sha256:${'0'.repeat(64)}`, implementation: steps[language] },
        resources: { cpu: 1000, memory: 256 * 1024 * 1024, gpu: 0 }, workDir: mkdtempSync(path.join(workRoot, `${kind}-${language}-`)),
        outputs: [{ name: 'value', type: 'int', schema: { type: 'integer' } }],
    };
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const started = performance.now();
    const result = await executor.execute(spec, { signal: new AbortController().signal, logger });
    if (result.status !== 'completed') throw new Error(`a no-op ${language} step on ${kind} failed: ${result.failure.message}`);
    return performance.now() - started;
}

/** Medians per language on `kind`, after one warm-up of each (it bundles the TypeScript step). */
async function perStep(kind) {
    let executor;
    try {
        executor = createExecutor(kind, { cacheDir });
    } catch (error) {
        if (error instanceof SandboxUnavailableError) return { skipped: error.message };
        throw error;
    }
    const times = { typescript: [], python: [] };
    for (let i = 0; i <= Number(options.steps); i++) {
        for (const language of ['typescript', 'python']) {
            const ms = await attempt(executor, kind, language, i);
            if (i > 0) times[language].push(ms);
        }
    }
    return { typescript: median(times.typescript), python: median(times.python) };
}

/** The bare start of each interpreter, for scale: `node -e 0` and `python3 -c pass`, median of 9. */
function bareStart(command, args) {
    const times = [];
    for (let i = 0; i < 9; i++) {
        const started = performance.now();
        spawnSync(command, args, { stdio: 'ignore' });
        times.push(performance.now() - started);
    }
    return median(times);
}

const loadAtStart = loadavg()[0];
const rows = [];
for (const kind of ['process', 'gvisor']) rows.push({ kind, ...(await perStep(kind)) });
const nodeStart = bareStart(process.execPath, ['-e', '0']);
const pythonStart = bareStart('python3', ['-c', 'pass']);
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();

const section = `## Python steps

\`node scripts/bench/python-steps.mjs\` on the built runtime (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${python}).

**Per-step overhead**: median of ${options.steps} no-op steps run one after another (after one
warm-up each), a TypeScript step (\`node\` and the worker entry on the step's bundle) and a Python
step (\`python3\` and the \`weft_worker\` package on the step's module) alternating, worker start,
\`inputs.json\`/\`outputs.json\` and the output check included.

| executor | TypeScript step | Python step | Python − TypeScript |
|---|---|---|---|
${rows.map(row => (row.skipped
        ? `| \`${row.kind}\` | skipped: ${row.skipped} | | |`
        : `| \`${row.kind}\` | ${fmt(row.typescript)} | ${fmt(row.python)} | ${row.python >= row.typescript ? '' : '−'}${fmt(Math.abs(row.python - row.typescript))} |`)).join('\n')}

For scale, the bare start of each interpreter on this machine: \`node -e 0\` ${fmt(nodeStart)},
\`python3 -c pass\` ${fmt(pythonStart)}; the load average was ${loadAtStart.toFixed(1)} when the
measurement started. A gVisor Python step has no bundle; it copies its sources into the attempt's
folder instead (docs/runtime.md, "Python steps").
`;
if (options.out) {
    const existing = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    const start = existing.indexOf('## Python steps\n');
    const next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
    const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
    writeFileSync(options.out, updated);
} else {
    process.stdout.write(section);
}
