// LangGraph.js (`@langchain/langgraph`): a compiled StateGraph without a checkpointer (in memory)
// and with `@langchain/langgraph-checkpoint-sqlite` on a SQLite file (durable; its database
// through node-sqlite-database.mjs).
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import { Annotation, END, Send, START, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { NodeSqliteDatabase } from './node-sqlite-database.mjs';
import { dagParents } from './workloads.mjs';

const merge = (left, right) => ({ ...left, ...right });

/** The graph of a workload, its input and how to read the final value from its state. */
function build(workload) {
    if (workload.name === 'chain') {
        const graph = new StateGraph(Annotation.Root({ value: Annotation() }));
        for (let i = 0; i < workload.size; i++) {
            graph.addNode(`n${i}`, state => ({ value: state.value + 1 }));
            graph.addEdge(i === 0 ? START : `n${i - 1}`, `n${i}`);
        }
        graph.addEdge(`n${workload.size - 1}`, END);
        return { graph, input: { value: 0 }, value: state => state.value };
    }
    if (workload.name === 'dag') {
        // Each node's result under its id; a node with two parents waits for both (a joining edge).
        const width = workload.size / workload.layers;
        const graph = new StateGraph(Annotation.Root({ values: Annotation({ reducer: merge, default: () => ({}) }) }));
        for (let layer = 0; layer < workload.layers; layer++) {
            for (let i = 0; i < width; i++) {
                const id = `l${layer}n${i}`;
                if (layer === 0) {
                    graph.addNode(id, () => ({ values: { [id]: 1 } }));
                    graph.addEdge(START, id);
                    continue;
                }
                const parents = dagParents(i, width).map(j => `l${layer - 1}n${j}`);
                graph.addNode(id, state => ({ values: { [id]: parents.reduce((total, parent) => total + state.values[parent], 1) } }));
                graph.addEdge(parents, id);
            }
        }
        for (let i = 0; i < width; i++) graph.addEdge(`l${workload.layers - 1}n${i}`, END);
        const last = Array.from({ length: width }, (_, i) => `l${workload.layers - 1}n${i}`);
        return { graph, input: {}, value: state => last.reduce((total, id) => total + state.values[id], 0) };
    }
    // The fan-out: one `Send` per element to the add-one node; their results are summed by the reducer
    // of `results` into a list the join reads once every element is done.
    const graph = new StateGraph(Annotation.Root({
        items: Annotation(),
        results: Annotation({ reducer: (left, right) => left.concat(right), default: () => [] }),
        total: Annotation(),
    }));
    graph.addNode('addOne', ({ x }) => ({ results: [x + 1] }));
    graph.addNode('sum', state => ({ total: state.results.reduce((total, x) => total + x, 0) }));
    graph.addConditionalEdges(START, state => state.items.map(x => new Send('addOne', { x })));
    graph.addEdge('addOne', 'sum');
    graph.addEdge('sum', END);
    return { graph, input: { items: Array.from({ length: workload.size }, (_, i) => i) }, value: state => state.total };
}

async function run(workload, scratch, durable) {
    const { graph, input, value } = build(workload);
    const checkpointer = durable ? new SqliteSaver(new NodeSqliteDatabase(path.join(mkdtempSync(path.join(scratch, 'langgraph-')), 'checkpoints.db'))) : undefined;
    const app = graph.compile(checkpointer ? { checkpointer } : {});
    const started = performance.now();
    const state = await app.invoke(input, { recursionLimit: workload.size + 10, configurable: { thread_id: 'bench' } });
    const ms = performance.now() - started;
    return { ms, value: value(state) };
}

export const configurations = [
    { name: 'langgraph-memory', framework: 'LangGraph.js', label: 'LangGraph.js, no checkpointer', durable: false, run: (workload, scratch) => run(workload, scratch, false) },
    { name: 'langgraph-sqlite', framework: 'LangGraph.js', label: 'LangGraph.js, SQLite checkpointer', durable: true, run: (workload, scratch) => run(workload, scratch, true) },
];
