// Weft beside Mastra and LangGraph.js (issue 22): the three workloads of scripts/bench/peers/
// workloads.mjs run by each framework, durable and in memory, each measurement in a fresh process,
// the configurations alternated (their order rotates every run); medians, CPU time and ratios to
// Weft. Every run's final value is checked: a wrong one fails the benchmark. The peers are
// installed into scripts/bench/peers/ on first use. `node scripts/bench-peers.mjs [--runs N]
// [--timeout SECONDS] [--only NAMES] [--out FILE]` prints a Markdown section, or replaces the
// "Peers" section of FILE (docs/benchmarks.md).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './bench/machine.mjs';
import { ensurePeersInstalled } from './bench/peers/install.mjs';
import { workloads } from './bench/peers/workloads.mjs';
import { median } from './bench/report.mjs';

const seconds = ms => `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const peers = path.join(root, 'scripts', 'bench', 'peers');
const configurations = [
    { name: 'weft-file', label: 'Weft, SQLite file (its default)', durable: true },
    { name: 'weft-memory', label: 'Weft, SQLite in memory', durable: false },
    { name: 'mastra-memory', label: 'Mastra workflows, in memory', durable: false },
    { name: 'mastra-libsql', label: 'Mastra, libsql storage', durable: true },
    { name: 'langgraph-memory', label: 'LangGraph.js, no checkpointer', durable: false },
    { name: 'langgraph-sqlite', label: 'LangGraph.js, SQLite checkpointer', durable: true },
];

const { values: options } = parseArgs({
    options: {
        runs: { type: 'string', default: '3' },
        timeout: { type: 'string', default: '300' },
        only: { type: 'string' },
        out: { type: 'string' },
    },
});
const runs = Number.parseInt(options.runs, 10);
const timeoutMs = Number(options.timeout) * 1000;
if (!(runs >= 1) || !(timeoutMs > 0)) fail('--runs and --timeout must be positive numbers');
const chosen = options.only ? configurations.filter(each => options.only.split(',').includes(each.name)) : configurations;
if (chosen.length === 0) fail(`--only names none of ${configurations.map(each => each.name).join(', ')}`);
if (!existsSync(path.join(root, 'packages', 'runtime', 'dist', 'index.js'))) fail('the runtime is not built; run `npx tsc -b` first');

ensurePeersInstalled(progress);
const machine = describeMachine();
const scratch = mkdtempSync(path.join(tmpdir(), 'weft-bench-peers-'));
/** Measurements by workload, then configuration. */
const measured = new Map(workloads.map(workload => [workload.name, new Map(chosen.map(each => [each.name, []]))]));
const wrong = [];
try {
    for (let run = 0; run < runs; run++) {
        for (const workload of workloads) {
            // Rotate the order every run, so no framework always runs first (or after the same one).
            const order = chosen.map((_, i) => chosen[(i + run) % chosen.length]);
            for (const configuration of order) {
                const result = await measure(configuration.name, workload.name);
                const expected = workload.expected(workload.size);
                if (result.ms !== undefined && result.value !== expected) {
                    wrong.push(`${configuration.label} on the ${workload.title} ended with ${result.value}, not ${expected}`);
                }
                measured.get(workload.name).get(configuration.name).push(result);
                progress(`  run ${run + 1}/${runs} ${workload.name} ${configuration.name}: ${describe(result)}`);
            }
        }
    }
} finally {
    rmSync(scratch, { recursive: true, force: true });
}
if (wrong.length > 0) fail(`a framework did not do all of its work:\n${wrong.join('\n')}`);

/** One measurement in a fresh Node process, stopped after the timeout. */
function measure(configuration, workload) {
    return new Promise(resolve => {
        const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(peers, 'run-one.mjs'), configuration, workload, scratch], { cwd: peers, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => { stdout += chunk; });
        child.stderr.on('data', chunk => { stderr += chunk; });
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (signal === 'SIGKILL') resolve({ timedOut: true });
            else if (code !== 0) resolve({ error: stderr.trim().split('\n').find(line => /Error/.test(line)) ?? `exit ${code}` });
            else resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
        });
    });
}

function describe(result) {
    if (result.timedOut) return `stopped after ${options.timeout} s`;
    if (result.error) return `failed: ${result.error}`;
    return `${seconds(result.ms)} (CPU ${seconds(result.cpuMs)}, kernel ${seconds(result.systemMs)}), ${Math.round(result.peakBytes / 2 ** 20)} MiB, value ${result.value}`;
}

/** The median of the completed runs, or why there is none. */
function summary(results, field) {
    const done = results.filter(result => result.ms !== undefined);
    if (done.length === 0) {
        if (!results.some(result => result.timedOut)) return { text: `failed: ${results[0]?.error ?? 'not run'}` };
        return { text: field === 'ms' ? `> ${options.timeout} s` : 'n/a (stopped)' };
    }
    const value = median(done.map(result => result[field]));
    return { value, text: `${seconds(value)}${done.length < results.length ? ` (${done.length} of ${results.length} runs)` : ''}` };
}

function table(field, heading) {
    const lines = [`| ${heading} | ${chosen.map(each => each.label).join(' | ')} |`, `|---|${chosen.map(() => '---:').join('|')}|`];
    for (const workload of workloads) {
        const byConfiguration = measured.get(workload.name);
        const weft = summary(byConfiguration.get('weft-file') ?? [], field).value;
        const cells = chosen.map(each => {
            const cell = summary(byConfiguration.get(each.name), field);
            const ratio = weft !== undefined && cell.value !== undefined && each.name !== 'weft-file' ? ` (${(cell.value / weft).toFixed(2)}×)` : '';
            return `${cell.text}${ratio}`;
        });
        lines.push(`| ${workload.title} | ${cells.join(' | ')} |`);
    }
    return lines.join('\n');
}

const peakMemory = () => {
    const lines = [`| peak memory | ${chosen.map(each => each.label).join(' | ')} |`, `|---|${chosen.map(() => '---:').join('|')}|`];
    for (const workload of workloads) {
        const cells = chosen.map(each => {
            const done = measured.get(workload.name).get(each.name).filter(result => result.ms !== undefined);
            return done.length === 0 ? 'n/a' : `${Math.round(median(done.map(result => result.peakBytes)) / 2 ** 20)} MiB`;
        });
        lines.push(`| ${workload.title} | ${cells.join(' | ')} |`);
    }
    return lines.join('\n');
};

const section = `## Peers

\`node scripts/bench-peers.mjs --runs ${runs}\` (part of \`npm run bench\`), ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')},
${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.map(load => load.toFixed(2)).join(', ')} when it started.

The same workloads in Weft, Mastra (\`@mastra/core\`) and LangGraph.js (\`@langchain/langgraph\`),
each framework in memory and durable, with steps that add one in the framework's own process.
Each measurement runs in a fresh Node process and times the run alone (from starting the run to
its result; building the plan, workflow or graph is not timed); the configurations take turns, in
an order that rotates every run. Every run's final value is checked against the expected one, and a
wrong value fails the benchmark, so a framework that skipped work cannot win. Ratios are to Weft
with a SQLite file (its default, durable): above 1× the peer is slower.

The peers are devDependencies of this benchmark alone: scripts/bench/peers/package.json pins them
(with their own lock file), and the script installs them there (\`npm install --prefix
scripts/bench/peers\`) when one is missing or at another version; the root's \`npm install\`,
\`npm ci\` and \`npm test\` never install them.

- Weft: \`runPipeline\` (the public API) over a plan of mocked steps, the run recorded in a SQLite file
  (\`SqliteRunStore(file)\`, as \`weft run\` does) or in memory (\`:memory:\`); every transition committed.
- Mastra 1.71.0: \`createWorkflow\` of \`createStep\`s, run alone (in memory) or registered with a
  \`Mastra\` whose storage is \`@mastra/libsql\` 1.23.1 on a file. The DAG is 10 \`parallel\` layers of
  100 steps (Mastra has no edges between single steps); the fan-out is \`foreach\` with a concurrency
  of 10,000 (no limit, like the others), then a summing step.
- LangGraph.js 1.7.3: a \`StateGraph\` (node per step, a joining edge from both parents in the DAG,
  one \`Send\` per element in the fan-out) without a checkpointer, or with
  \`@langchain/langgraph-checkpoint-sqlite\` 1.0.4 on a file. Its \`SqliteSaver\` runs unchanged over
  Node's built-in \`node:sqlite\` (scripts/bench/peers/node-sqlite-database.mjs) instead of the
  better-sqlite3 addon, which cannot be compiled for Node 22 on this machine (no Node 22 headers offline).

Workloads:

${workloads.map(workload => `- **${workload.title}**: ${workload.description}`).join('\n')}

**Wall time** (median of ${runs} ${runs === 1 ? 'run' : 'runs'}; a run not done after ${options.timeout} s is stopped):

${table('ms', 'workload')}

**CPU time** of the measuring process (user + kernel, all threads; less sensitive to other load than wall time):

${table('cpuMs', 'workload')}

**Kernel time** (system CPU; commits and file writes show up here):

${table('systemMs', 'workload')}

${peakMemory()}

This machine (2 cores) was shared with seven other engineers building and testing while this ran:
wall times are inflated and noisy, CPU times less so. Rerun on a quiet machine before quoting.
`;

if (options.out) {
    const existing = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    const start = existing.indexOf('## Peers\n');
    const next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
    const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
    writeFileSync(options.out, updated);
} else {
    process.stdout.write(section);
}

function progress(message) {
    process.stderr.write(`${message}\n`);
}

function fail(message) {
    process.stderr.write(`bench-peers: ${message}\n`);
    process.exit(1);
}
