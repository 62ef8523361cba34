// Benchmark of generation: times `weft generate` on the 1,000-step single-file pipeline of
// scripts/bench/generate.mjs and `tsc --noEmit --strict` over what it generated, in fresh
// processes. Prints a Markdown table (and writes it to --out when given).
// Options: --runs N (default 3), --steps N (default 1000), --out FILE, --keep.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { singleFilePipeline } from './bench/generate.mjs';
import { median } from './bench/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binPath = path.join(root, 'packages', 'cli', 'bin', 'weft.js');
const tscPath = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const { values: options } = parseArgs({
    options: {
        runs: { type: 'string', default: '3' },
        steps: { type: 'string', default: '1000' },
        out: { type: 'string' },
        keep: { type: 'boolean', default: false },
    },
});
const runs = Number.parseInt(options.runs, 10);
const steps = Number.parseInt(options.steps, 10);
if (!existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js'))) {
    process.stderr.write('bench-generate: the CLI is not built; run `npm run build` first\n');
    process.exit(2);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'weft-bench-generate-'));
try {
    const source = path.join(scratch, 'source');
    for (const [file, contents] of singleFilePipeline(steps)) {
        mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
        writeFileSync(path.join(source, file), contents);
    }
    const out = path.join(scratch, 'generated');
    mkdirSync(path.join(scratch, 'node_modules', '@weft'), { recursive: true });
    symlinkSync(path.join(root, 'packages', 'runtime'), path.join(scratch, 'node_modules', '@weft', 'runtime'), 'dir');
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        include: ['generated/**/*.ts'],
    }));
    const generateTimes = [];
    const tscTimes = [];
    for (let run = 1; run <= runs; run++) {
        rmSync(out, { recursive: true, force: true });
        const generated = timed(process.execPath, [binPath, 'generate', source, '--out', out]);
        if (generated.status !== 0) throw new Error(`weft generate failed:\n${generated.output}`);
        const checked = timed(process.execPath, [tscPath, '-p', scratch]);
        if (checked.status !== 0) throw new Error(`tsc failed on the generated code:\n${checked.output}`);
        generateTimes.push(generated.ms);
        tscTimes.push(checked.ms);
        process.stderr.write(`run ${run}/${runs}: generate ${(generated.ms / 1000).toFixed(2)} s, tsc ${(checked.ms / 1000).toFixed(2)} s\n`);
    }
    const table = [
        `| workload | weft generate (median of ${runs}) | tsc --strict over the output (median of ${runs}) |`,
        '|---|---|---|',
        `| ${steps} steps, one file | ${(median(generateTimes) / 1000).toFixed(2)} s | ${(median(tscTimes) / 1000).toFixed(2)} s |`,
    ].join('\n');
    process.stdout.write(`${table}\n`);
    if (options.out) writeFileSync(options.out, `${table}\n`);
} finally {
    if (options.keep) process.stderr.write(`kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
}

/** Runs a command and measures its wall time. */
function timed(command, args) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    return { status: result.status, ms: Number(process.hrtime.bigint() - start) / 1e6, output: `${result.stdout}${result.stderr}` };
}
