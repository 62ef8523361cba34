// The engine's per-task cost on the issue-22 workloads (chain of 1,000, DAG of 1,000 in 10 layers,
// fan-out of 10,000 then a join), in-process no-op steps, with the SQLite store in a file and in
// memory. `node scripts/bench/engine-workloads.mjs [--runs N] [--only chain,dag,fanout] [--fanout N]`
// prints one JSON line per measurement and a median table; run it under `node --cpu-prof` to profile
// (`node scripts/bench/profile-top.mjs FILE.cpuprofile` lists the top frames). `--dist DIR` measures another build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: options } = parseArgs({ options: {
    runs: { type: 'string', default: '3' }, only: { type: 'string', default: 'chain,dag,fanout' },
    stores: { type: 'string', default: 'file,memory' }, fanout: { type: 'string', default: '10000' },
    // Another build of the runtime (its `dist`), to compare before and after a change in one session.
    dist: { type: 'string', default: path.join(root, 'packages', 'runtime', 'dist') },
} });
const { runPipeline, SqliteRunStore } = await import(pathToFileURL(path.join(path.resolve(options.dist), 'index.js')).href);

const contractHash = `sha256:${'0'.repeat(64)}`;
const int = { type: 'int', schema: { type: 'integer' } };
const addOne = (id, needs, args) => ({
    id, call: { kind: 'step', step: 'addOne', contractHash, implementation: { module: 'add-one.mjs', export: 'addOne' } },
    arguments: args, after: [], needs, conditions: [], settings: {}, where: [],
    inputs: Object.keys(args).map(name => ({ name, ...int })), outputs: [{ name: 'value', ...int }], source: { file: 'bench.weft', line: 1 },
});
const output = (node, name = 'value') => ({ kind: 'output', node, output: name });
const planOf = (nodes, extra = {}) => ({ planVersion: 3, pipeline: 'bench', source: { file: 'bench.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes, artifacts: [], targets: [], ...extra });

/** Each workload: its plan, its parameters, and the final value the run must produce. */
const workloads = {
    chain: () => {
        const nodes = Array.from({ length: 1000 }, (_, i) => addOne(`n${i}`, i === 0 ? [] : [`n${i - 1}`], { x: i === 0 ? { kind: 'literal', value: 0 } : output(`n${i - 1}`) }));
        return { tasks: 1000, plan: planOf(nodes, { outputs: [{ name: 'last', type: 'int', schema: { type: 'integer' }, value: output('n999') }] }), parameters: {}, expect: 1000 };
    },
    dag: () => {
        // 10 layers of 100; each node adds one to one node of the layer before.
        const nodes = [];
        for (let layer = 0; layer < 10; layer++) {
            for (let i = 0; i < 100; i++) {
                const before = layer === 0 ? undefined : `l${layer - 1}n${(i * 7) % 100}`;
                nodes.push(addOne(`l${layer}n${i}`, before ? [before] : [], { x: before ? output(before) : { kind: 'literal', value: 0 } }));
            }
        }
        return { tasks: 1000, plan: planOf(nodes, { outputs: [{ name: 'last', type: 'int', schema: { type: 'integer' }, value: output('l9n0') }] }), parameters: {}, expect: 10 };
    },
    fanout: () => {
        const size = Number(options.fanout);
        const fan = { ...addOne('fan', [], { x: { kind: 'variable', name: 'x' } }), forEach: { variable: 'x', items: { kind: 'parameter', name: 'items' } } };
        const join = {
            ...addOne('join', ['fan'], {}), call: { kind: 'step', step: 'sum', contractHash, implementation: { module: 'sum.mjs', export: 'sum' } },
            arguments: { xs: { kind: 'output', node: 'fan' } }, inputs: [{ name: 'xs', type: '{value: int}[]', schema: { type: 'array', items: { type: 'object', properties: { value: { type: 'integer' } }, required: ['value'] } } }],
        };
        return {
            tasks: size + 2,
            plan: planOf([fan, join], {
                parameters: [{ name: 'items', type: 'int[]', schema: { type: 'array', items: { type: 'integer' } } }],
                outputs: [{ name: 'total', type: 'int', schema: { type: 'integer' }, value: output('join') }],
            }),
            parameters: { items: Array.from({ length: size }, (_, i) => i) },
            expect: size * (size + 1) / 2,
        };
    },
};
const addOneMock = async ({ x }) => ({ value: x + 1 });
const sumMock = async ({ xs }) => ({ value: xs.reduce((total, each) => total + each.value, 0) });

const work = mkdtempSync(path.join(tmpdir(), 'weft-bench-engine-'));
// A warm-up run first, so no measurement pays for loading and compiling the runtime.
await runPipeline(workloads.fanout().plan, { items: [1, 2, 3] }, { workRoot: work, mocks: { addOne: addOneMock, sum: sumMock } });
const results = [];
for (let run = 0; run < Number(options.runs); run++) {
    for (const name of options.only.split(',')) {
        for (const kind of options.stores.split(',')) {
            const workload = workloads[name]();
            const file = kind === 'file' ? path.join(work, `${name}-${run}.sqlite`) : ':memory:';
            const store = new SqliteRunStore(file);
            const cpu = process.cpuUsage();
            const started = performance.now();
            const result = await runPipeline(workload.plan, workload.parameters, { store, workRoot: work, mocks: name === 'fanout' ? { addOne: addOneMock, sum: sumMock } : { addOne: addOneMock } });
            const ms = performance.now() - started;
            const { user, system } = process.cpuUsage(cpu);
            store.close();
            const value = Object.values(result.outputs ?? {})[0];
            const got = typeof value === 'object' && value !== null ? value.value : value;
            if (result.status !== 'completed' || got !== workload.expect) throw new Error(`${name} (${kind}) ended ${result.status} with ${JSON.stringify(result.outputs ?? result.failures)}, not ${workload.expect}`);
            const row = { workload: name, store: kind, tasks: workload.tasks, ms: Math.round(ms), perTaskUs: Math.round(ms / workload.tasks * 1000), userMs: Math.round(user / 1000), systemMs: Math.round(system / 1000), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
            results.push(row);
            console.log(JSON.stringify(row));
        }
    }
}
spawnSync('rm', ['-rf', work]);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('\n| workload | store | median | per task |\n|---|---|---|---|');
for (const name of options.only.split(',')) {
    for (const kind of options.stores.split(',')) {
        const rows = results.filter(row => row.workload === name && row.store === kind);
        const ms = median(rows.map(row => row.ms));
        console.log(`| ${name} | ${kind} | ${ms.toLocaleString('en-US')} ms | ${Math.round(ms / rows[0].tasks * 1000)} µs |`);
    }
}
