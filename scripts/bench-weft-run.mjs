// `weft run` of a small pipeline end to end (issue 22): the text-classifier example with the
// process executor, copied into a project of its own (so its first run is cold: no step bundles,
// no cache), run once cold and then warm; beside it, in the same run, the floors its time is made
// of: `node -e 0`, `weft --version` (loading the CLI) and `weft check` of the same file (compile
// and Z3). Wall time of each, medians.
// `node scripts/bench-weft-run.mjs [--runs N] [--out FILE]` prints a Markdown section, or replaces
// the "`weft run` of a small pipeline" section of FILE (docs/benchmarks.md).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './bench/machine.mjs';
import { median } from './bench/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'packages', 'cli', 'bin', 'weft.js');
const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '5' }, out: { type: 'string' } } });
const runs = Number.parseInt(options.runs, 10);
if (!(runs >= 1)) throw new Error(`--runs must be a positive number, not ${options.runs}`);
if (!existsSync(path.join(root, 'packages', 'cli', 'bundle', 'main.js'))) throw new Error('the CLI is not built; run `npm run build` first');

// Under the repository (gitignored), so the steps resolve `@weft/runtime` from its node_modules;
// the package.json makes the copy a project of its own, with its own `.weft/`.
const scratchRoot = path.join(root, '.weft-bench');
// The example sits in a folder below the project, as `weft run examples/text-classifier/…` has it here.
mkdirSync(scratchRoot, { recursive: true });
const project = mkdtempSync(path.join(scratchRoot, 'weft-run-'));
cpSync(path.join(root, 'examples', 'text-classifier'), path.join(project, 'text-classifier'), { recursive: true, filter: source => path.basename(source) !== '.weft' });
writeFileSync(path.join(project, 'package.json'), '{ "name": "bench-text-classifier", "private": true, "type": "module" }\n');
const file = path.join(project, 'text-classifier', 'sentiment.weft');
const run = ['run', file, '--pipeline', 'trainSentiment', '--executor', 'process'];

/** Wall and CPU time of one command, its exit code checked. */
function timed(args) {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', chunk => { output += chunk; });
        child.stderr.on('data', chunk => { output += chunk; });
        child.on('close', code => {
            const wallMs = performance.now() - started;
            if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${output}`));
            else resolve({ wallMs, output });
        });
    });
}

const measured = { node: [], version: [], check: [], warm: [] };
let cold;
try {
    cold = await timed([bin, ...run]);
    if (!/completed/.test(cold.output.trim().split('\n').at(-1))) throw new Error(`the cold run did not complete:\n${cold.output}`);
    for (let i = 0; i < runs; i++) {
        measured.node.push((await timed(['-e', '0'])).wallMs);
        measured.version.push((await timed([bin, '--version'])).wallMs);
        measured.check.push((await timed([bin, 'check', file])).wallMs);
        const warm = await timed([bin, ...run]);
        if (!/t {2}cached/.test(warm.output)) throw new Error(`a warm run did not take its cached steps from the cache:\n${warm.output}`);
        measured.warm.push(warm.wallMs);
    }
} finally {
    rmSync(project, { recursive: true, force: true });
}

const ms = value => `${Math.round(value).toLocaleString('en-US')} ms`;
const machine = describeMachine();
const section = `## \`weft run\` of a small pipeline

\`node scripts/bench-weft-run.mjs --runs ${runs}\` (part of \`npm run bench\`), ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')},
${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.map(load => load.toFixed(2)).join(', ')} when it started.

\`weft run sentiment.weft --pipeline trainSentiment --executor process\` of the text-classifier
example, copied into a folder of a project of its own (as \`examples/text-classifier\` is in
this repository): once cold (no step bundles, empty cache: every step is
bundled with esbuild and runs), then ${runs} times warm (\`tokenize\` and \`train\` come from the cache,
\`evaluate\` and \`publish\` run in a process, the bundles are reused). Beside each warm run, the
parts its time is made of, each in a fresh process: Node's start, loading the CLI (\`weft --version\`)
and compiling the file with its Z3 checks (\`weft check\`). Wall times, medians; targets: warm under
1 s, cold within 1.5 s of the steps' own time.

| what | wall |
|---|---:|
| \`node -e 0\` | ${ms(median(measured.node))} |
| \`weft --version\` (load the CLI) | ${ms(median(measured.version))} |
| \`weft check sentiment.weft\` (load, compile, Z3) | ${ms(median(measured.check))} |
| \`weft run\`, warm | ${ms(median(measured.warm))} |
| \`weft run\`, cold (one run) | ${ms(cold.wallMs)} |

This machine (2 cores) was shared with seven other engineers building and testing while this ran:
wall times are inflated and noisy. Rerun on a quiet machine before quoting.
`;

if (options.out) {
    const existing = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    const start = existing.indexOf('## `weft run` of a small pipeline\n');
    const next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
    const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
    writeFileSync(options.out, updated);
} else {
    process.stdout.write(section);
}
