// `npm run bench`: generates single-file pipelines of 1,000 and 5,000 steps and a 200-file
// workspace into a temporary folder, times `weft check` on each in fresh processes and writes
// docs/benchmarks.md; then runs the constraint, runtime, generator and language-server benchmarks
// (scripts/bench-*.mjs, bench-validation.mjs for the contract checks at run time, bench-peers.mjs
// for Weft beside Mastra and LangGraph.js, bench-weft-run.mjs for `weft run` end to end) and adds their sections, the installed size last. Options: --runs N (default 5), --out FILE,
// --keep (keep the generated files), --only-check (skip the other benchmarks).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { multiFileWorkspace, singleFilePipeline } from './bench/generate.mjs';
import { describeMachine } from './bench/machine.mjs';
import { measureCheck } from './bench/measure.mjs';
import { describeDiagnostics, median, renderReport } from './bench/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binPath = path.join(root, 'packages', 'cli', 'bin', 'weft.js');

const { values: options } = parseArgs({
    options: {
        runs: { type: 'string', default: '5' },
        out: { type: 'string', default: path.join(root, 'docs', 'benchmarks.md') },
        keep: { type: 'boolean', default: false },
        'only-check': { type: 'boolean', default: false },
    },
});
const runs = Number.parseInt(options.runs, 10);
if (!(runs >= 1)) fail(`--runs must be a positive number, not ${options.runs}`);
if (!existsSync(path.join(root, 'packages', 'cli', 'bundle', 'main.js'))) fail('the CLI is not built; run `npm run bench` (it builds first)');

const workloads = [
    { name: 'steps-1000', description: 'one file: 1,000 steps with resources, retries and `where` clauses, 10 record types, a dataset, a model, a target, and one pipeline whose 1,000 `let`s call every step in a chain with a fan-in every 10 steps and `after` edges.', steps: 1000, files: () => singleFilePipeline(1000) },
    { name: 'steps-5000', description: 'the same with 5,000 steps.', steps: 5000, files: () => singleFilePipeline(5000) },
    { name: 'workspace-200', description: '200 files in 10 folders plus a shared file; each declares a record type, 10 steps and a pipeline that calls the previous file\'s last step, its own steps and the first step of a file further on (imports run in circles).', steps: 2000, files: () => multiFileWorkspace(200) },
];

const machine = describeMachine();
const scratch = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
const results = [];
try {
    progress(`weft bench: ${runs} ${runs === 1 ? 'run' : 'runs'} per workload on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}`);
    for (const [index, workload] of workloads.entries()) {
        const folder = path.join(scratch, workload.name);
        const files = workload.files();
        let lines = 0;
        for (const [file, contents] of files) {
            mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
            writeFileSync(path.join(folder, file), contents);
            if (file.endsWith('.weft')) lines += contents.split('\n').length - 1;
        }
        const weftFiles = [...files.keys()].filter(file => file.endsWith('.weft')).length;
        const label = `[${index + 1}/${workloads.length}] ${workload.name}`;
        progress(`${label}: ${weftFiles} files, ${lines.toLocaleString('en-US')} lines`);
        const measured = [];
        for (let run = 1; run <= runs; run++) {
            const result = await measureCheck(binPath, folder);
            measured.push(result);
            progress(`  run ${run}/${runs}: ${(result.wallMs / 1000).toFixed(2)} s (CPU ${((result.cpuMs ?? 0) / 1000).toFixed(2)} s), ${Math.round((result.peakBytes ?? 0) / 2 ** 20)} MiB, exit ${result.exitCode}, diagnostics: ${describeDiagnostics(result.diagnostics)}`);
        }
        progress(`  median ${(median(measured.map(run => run.wallMs)) / 1000).toFixed(2)} s`);
        if (measured.at(-1).diagnostics.length > 0) {
            progress(`  WARNING: ${workload.name} should check clean but reported ${measured.at(-1).diagnostics.length} diagnostics; its time is not that of a complete check`);
        }
        results.push({ name: workload.name, description: workload.description, files: weftFiles, lines, steps: workload.steps, runs: measured });
    }
} finally {
    if (options.keep) progress(`kept the generated workloads in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
}

const report = renderReport({ date: new Date(), machine, workloads: results });
writeFileSync(options.out, report);
progress(`wrote ${path.relative(process.cwd(), options.out) || options.out}`);
process.stdout.write(`${report.slice(report.indexOf('| workload'), report.indexOf('Workloads:')).trim()}\n\n${report.slice(report.indexOf('| target')).split('\n\n')[0]}\n`);

if (!options['only-check']) {
    progress('constraint checking (scripts/bench-constraints.mjs)…');
    runScript('bench-constraints.mjs', ['--out', options.out]);
    progress('runtime (scripts/bench-runtime.mjs)…');
    runScript('bench-runtime.mjs', ['--out', options.out]);
    progress('Python steps (scripts/bench/python-steps.mjs)…');
    runScript('bench/python-steps.mjs', ['--out', options.out]);
    progress('Weft beside Mastra and LangGraph.js (scripts/bench-peers.mjs)…');
    runScript('bench-peers.mjs', ['--out', options.out]);
    progress('`weft run` of a small pipeline (scripts/bench-weft-run.mjs)…');
    runScript('bench-weft-run.mjs', ['--out', options.out]);
    progress('contracts at run time (scripts/bench-validation.mjs)…');
    runScript('bench-validation.mjs', ['--out', options.out]);
    progress('generation (scripts/bench-generate.mjs)…');
    appendSection('Generation', 'Generating TypeScript for the 1,000-step pipeline with `weft generate` (fresh process: load, check, generate), then `tsc --strict --noEmit` over the output.',
        runScript('bench-generate.mjs', []));
    progress('language server (scripts/bench-lsp.mjs)…');
    appendSection('Language server', 'Over the real protocol (the server in its own process, JSON-RPC on stdio), milliseconds: completion, hover and definition latency (median / p95), the time from an edit (a step\'s `timeout` changed in the middle of the file) to fresh non-solver diagnostics, for a valid edit and for one that breaks the step\'s syntax (`timeout: 100m +`), and the server\'s memory. Targets: completion and hover p95 under 50 ms, diagnostics after an edit under 300 ms, under 500 MB for the 200-file workspace.',
        runScript('bench-lsp.mjs', ['--requests', '20']));
    progress('installed size (scripts/bench-install-size.mjs)…');
    appendSection('Installed size', 'What installing Weft adds to a project\'s `node_modules`: the tarballs `npm run build` packs into `pack/`, installed into an empty folder with npm (its cache warm). A project that only implements steps needs `@weft/contract` alone; the Kubernetes client, Z3, OpenTelemetry and esbuild come only with the CLI.',
        runScript('bench-install-size.mjs', []));
    progress(`updated ${path.relative(process.cwd(), options.out) || options.out}`);
}

/** Runs a benchmark script with this Node, its progress on our stderr; returns its stdout. */
function runScript(script, args) {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 2 ** 20 });
    if (result.status !== 0) fail(`${script} exited with ${result.status}`);
    return result.stdout;
}

function appendSection(title, description, markdown) {
    appendFileSync(options.out, `\n## ${title}\n\n${description}\n\n${markdown.trim()}\n`);
}

function progress(message) {
    process.stderr.write(`${message}\n`);
}

function fail(message) {
    process.stderr.write(`bench: ${message}\n`);
    process.exit(2);
}
