// Weft through its public API: `runPipeline` over a plan of mocked (in-process) steps, the run
// recorded in a SQLite file (what `weft run` does) or in an in-memory SQLite store.
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dagParents } from './workloads.mjs';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const { runPipeline, SqliteRunStore } = await import(pathToFileURL(path.join(root, 'packages', 'runtime', 'dist', 'index.js')).href);

const integer = { type: 'integer' };
const intList = { type: 'array', items: integer };
const typed = (name, schema = integer) => ({ name, type: schema === integer ? 'int' : 'int[]', schema });

function stepNode(id, step, args, { needs = [], forEach, inputSchemas = {} } = {}) {
    return {
        id, call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: `${step}.mjs`, export: step } },
        arguments: args, after: [], needs, conditions: [], settings: {}, where: [], ...(forEach ? { forEach } : {}),
        inputs: Object.keys(args).map(name => typed(name, inputSchemas[name])), outputs: [typed('value')], source: { file: 'bench.weft', line: 1 },
    };
}
const output = node => ({ kind: 'output', node, output: 'value' });
const planOf = (nodes, extra = {}) => ({ planVersion: 3, pipeline: 'bench', source: { file: 'bench.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes, artifacts: [], targets: [], ...extra });

const stepMocks = {
    addOne: inputs => ({ value: inputs.x + 1 }),
    addPair: inputs => ({ value: inputs.a + inputs.b + 1 }),
    sum: inputs => ({ value: inputs.xs.reduce((total, x) => total + x, 0) }),
};

/** The plan of a workload, its parameters and how to read the final value from the run's outputs. */
function build(workload) {
    if (workload.name === 'chain') {
        const nodes = Array.from({ length: workload.size }, (_, i) => i === 0
            ? stepNode('n0', 'addOne', { x: { kind: 'literal', value: 0 } })
            : stepNode(`n${i}`, 'addOne', { x: output(`n${i - 1}`) }, { needs: [`n${i - 1}`] }));
        const last = `n${workload.size - 1}`;
        return { plan: planOf(nodes, { outputs: [{ ...typed('last'), value: output(last) }] }), parameters: {}, value: outputs => outputs.last };
    }
    if (workload.name === 'dag') {
        const width = workload.size / workload.layers;
        const nodes = [];
        for (let layer = 0; layer < workload.layers; layer++) {
            for (let i = 0; i < width; i++) {
                if (layer === 0) { nodes.push(stepNode(`l0n${i}`, 'addOne', { x: { kind: 'literal', value: 0 } })); continue; }
                const [a, b] = dagParents(i, width).map(j => `l${layer - 1}n${j}`);
                nodes.push(stepNode(`l${layer}n${i}`, 'addPair', { a: output(a), b: output(b) }, { needs: [a, b] }));
            }
        }
        const lastLayer = Array.from({ length: width }, (_, i) => `l${workload.layers - 1}n${i}`);
        const outputs = lastLayer.map(id => ({ ...typed(id), value: output(id) }));
        return { plan: planOf(nodes, { outputs }), parameters: {}, value: values => lastLayer.reduce((total, id) => total + values[id], 0) };
    }
    const fan = stepNode('fan', 'addOne', { x: { kind: 'variable', name: 'x' } }, { forEach: { variable: 'x', items: { kind: 'parameter', name: 'items' }, output: 'value' } });
    // A fan-out with `output` is that output's list.
    const join = stepNode('join', 'sum', { xs: { kind: 'output', node: 'fan' } }, { needs: ['fan'], inputSchemas: { xs: intList } });
    return {
        plan: planOf([fan, join], { parameters: [{ name: 'items', ...typed('items', intList) }], outputs: [{ ...typed('total'), value: output('join') }] }),
        parameters: { items: Array.from({ length: workload.size }, (_, i) => i) },
        value: outputs => outputs.total,
    };
}

async function run(workload, scratch, storeFile) {
    const { plan, parameters, value } = build(workload);
    const store = new SqliteRunStore(storeFile);
    try {
        const started = performance.now();
        // Only the steps the plan calls: a mock of a step it never calls is refused.
        const steps = new Set(plan.nodes.map(node => node.call.step));
        const mocks = Object.fromEntries(Object.entries(stepMocks).filter(([step]) => steps.has(step)));
        const result = await runPipeline(plan, parameters, { store, mocks, root: scratch, workRoot: scratch });
        const ms = performance.now() - started;
        if (result.status !== 'completed') throw new Error(`the run ended ${result.status}: ${JSON.stringify(result.failures ?? result)}`.slice(0, 2000));
        return { ms, value: value(result.outputs) };
    } finally {
        store.close();
    }
}

export const configurations = [
    { name: 'weft-file', framework: 'Weft', label: 'Weft, SQLite file (its default)', durable: true, run: (workload, scratch) => run(workload, scratch, path.join(mkdtempSync(path.join(scratch, 'store-')), 'runs.db')) },
    { name: 'weft-memory', framework: 'Weft', label: 'Weft, SQLite in memory', durable: false, run: (workload, scratch) => run(workload, scratch, ':memory:') },
];
