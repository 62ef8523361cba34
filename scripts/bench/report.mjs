// Renders the benchmark's results as docs/benchmarks.md. Pure: data in, Markdown out.

export const targets = {
    /** The 1,000-step file must check in under this many milliseconds. */
    thousandStepsMs: 1500,
    /** 5,000 steps may take at most this many times as long as 1,000. */
    scalingRatio: 5,
};

export function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = ms => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const mebibytes = bytes => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MiB`);
const gibibytes = bytes => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const thousands = n => n.toLocaleString('en-US');

/** Diagnostics of one run by code, e.g. "3 type-mismatch, 1 unused-result". */
export function describeDiagnostics(diagnostics) {
    if (diagnostics.length === 0) return 'none';
    const byCode = new Map();
    for (const diagnostic of diagnostics) byCode.set(diagnostic.code, (byCode.get(diagnostic.code) ?? 0) + 1);
    return [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, count]) => `${count} ${code}`).join(', ');
}

/**
 * @param {{ date: Date, machine: ReturnType<import('./machine.mjs').describeMachine>, workloads: {
 *   name: string, description: string, files: number, lines: number, steps: number,
 *   runs: { wallMs: number, peakBytes?: number, exitCode: number | null, diagnostics: { code: string }[] }[] }[] }} results
 */
export function renderReport(results) {
    const { date, machine, workloads } = results;
    const summary = workloads.map(workload => ({
        ...workload,
        medianMs: median(workload.runs.map(run => run.wallMs)),
        minMs: Math.min(...workload.runs.map(run => run.wallMs)),
        maxMs: Math.max(...workload.runs.map(run => run.wallMs)),
        cpuMs: median(workload.runs.map(run => run.cpuMs ?? 0)) || undefined,
        peakBytes: median(workload.runs.map(run => run.peakBytes ?? 0)) || undefined,
        diagnostics: workload.runs.at(-1).diagnostics,
        exitCode: workload.runs.at(-1).exitCode,
    }));
    const byName = new Map(summary.map(workload => [workload.name, workload]));
    const thousand = byName.get('steps-1000');
    const fiveThousand = byName.get('steps-5000');
    const lines = [
        '# Benchmarks',
        '',
        'Written by `npm run bench` (scripts/bench.mjs); do not edit by hand. Each workload is generated',
        'into a temporary folder and checked with `weft check . --format json` in a fresh Node process,',
        'several times. The table gives the median wall time (process start to exit, as a user waits),',
        'its minimum and maximum, the median CPU time of the process (user and system, all threads: less',
        'sensitive than wall time to other load on the machine) and the median peak resident memory.',
        'The targets are judged on the median wall time.',
        '',
        `- Date: ${date.toISOString().replace(/\.\d+Z$/, 'Z')}`,
        `- CPU: ${machine.cpu}, ${machine.cores} cores`,
        `- Memory: ${gibibytes(machine.memoryBytes)}`,
        `- OS: ${machine.os}`,
        `- Node.js: ${machine.node}`,
        `- Load average when the benchmark started: ${machine.loadAverage.map(load => load.toFixed(2)).join(', ')} (1, 5, 15 min)`,
        '',
        '| workload | files | lines | steps | runs | wall (median) | min | max | CPU | peak memory | exit | diagnostics |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
        ...summary.map(workload => `| ${workload.name} | ${thousands(workload.files)} | ${thousands(workload.lines)} | ${thousands(workload.steps)} | ${workload.runs.length} | ${seconds(workload.medianMs)} | ${seconds(workload.minMs)} | ${seconds(workload.maxMs)} | ${seconds(workload.cpuMs)} | ${mebibytes(workload.peakBytes)} | ${workload.exitCode} | ${describeDiagnostics(workload.diagnostics)} |`),
        '',
        'Workloads:',
        '',
        ...summary.map(workload => `- **${workload.name}**: ${workload.description}`),
        '',
        '## Targets',
        '',
        '| target | measured | met |',
        '|---|---:|:---:|',
    ];
    if (thousand) {
        lines.push(`| 1,000 steps under ${seconds(targets.thousandStepsMs)} | ${seconds(thousand.medianMs)} | ${thousand.medianMs < targets.thousandStepsMs ? 'yes' : 'no'} |`);
    }
    if (thousand && fiveThousand) {
        const ratio = fiveThousand.medianMs / thousand.medianMs;
        const cpuRatio = fiveThousand.cpuMs && thousand.cpuMs ? ` (CPU time: ${(fiveThousand.cpuMs / thousand.cpuMs).toFixed(2)}×)` : '';
        lines.push(`| 5,000 steps under ${targets.scalingRatio}× the 1,000-step time | ${ratio.toFixed(2)}×${cpuRatio} | ${ratio < targets.scalingRatio ? 'yes' : 'no'} |`);
    }
    const noisy = summary.filter(workload => workload.diagnostics.length > 0);
    lines.push('');
    if (noisy.length > 0) {
        lines.push(
            '**Warning:** the generated workloads are meant to check clean, but these runs reported',
            'diagnostics, so the checker did not do all of its work (or has a bug) and the times above are not',
            'representative:',
            '',
            ...noisy.map(workload => `- ${workload.name}: ${describeDiagnostics(workload.diagnostics)}`),
            '',
        );
    } else {
        lines.push('Every workload checked clean (no diagnostics), so the times are those of complete checks.', '');
    }
    lines.push(
        'Timings on a shared or busy machine vary a lot between runs (compare min and max, and the load',
        'average above); rerun `npm run bench` on a quiet machine before drawing conclusions.',
        '',
    );
    return lines.join('\n');
}
