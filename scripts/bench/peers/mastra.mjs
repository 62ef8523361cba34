// Mastra workflows (`@mastra/core`): in memory (a workflow run on its own, no storage) and durable
// (registered with a Mastra instance whose storage is `@mastra/libsql` on a SQLite file).
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import { Mastra } from '@mastra/core/mastra';
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { LibSQLStore } from '@mastra/libsql';
import { z } from 'zod';
import { dagParents } from './workloads.mjs';

const valueSchema = z.object({ value: z.number() });
const layerSchema = z.record(z.string(), valueSchema);

/** The workflow of a workload, its input and how to read the final value from its result. */
function build(workload) {
    if (workload.name === 'chain') {
        let workflow = createWorkflow({ id: 'bench', inputSchema: valueSchema, outputSchema: valueSchema });
        for (let i = 0; i < workload.size; i++) {
            workflow = workflow.then(createStep({ id: `n${i}`, inputSchema: valueSchema, outputSchema: valueSchema, execute: async ({ inputData }) => ({ value: inputData.value + 1 }) }));
        }
        return { workflow: workflow.commit(), input: { value: 0 }, value: result => result.value };
    }
    if (workload.name === 'dag') {
        // Mastra has no edges between single steps: a layer is a `parallel` of its steps, each
        // reading its two parents from the previous layer's result (keyed by step id).
        const width = workload.size / workload.layers;
        let workflow = createWorkflow({ id: 'bench', inputSchema: valueSchema, outputSchema: layerSchema });
        for (let layer = 0; layer < workload.layers; layer++) {
            workflow = workflow.parallel(Array.from({ length: width }, (_, i) => createStep({
                id: `l${layer}n${i}`, inputSchema: layer === 0 ? valueSchema : layerSchema, outputSchema: valueSchema,
                execute: async ({ inputData }) => layer === 0
                    ? { value: inputData.value + 1 }
                    : { value: dagParents(i, width).reduce((total, j) => total + inputData[`l${layer - 1}n${j}`].value, 1) },
            })));
        }
        return { workflow: workflow.commit(), input: { value: 0 }, value: result => Object.values(result).reduce((total, each) => total + each.value, 0) };
    }
    const addOne = createStep({ id: 'addOne', inputSchema: z.number(), outputSchema: z.number(), execute: async ({ inputData }) => inputData + 1 });
    const sum = createStep({ id: 'sum', inputSchema: z.array(z.number()), outputSchema: z.number(), execute: async ({ inputData }) => inputData.reduce((total, x) => total + x, 0) });
    const workflow = createWorkflow({ id: 'bench', inputSchema: z.array(z.number()), outputSchema: z.number() })
        .foreach(addOne, { concurrency: workload.size }).then(sum).commit();
    return { workflow, input: Array.from({ length: workload.size }, (_, i) => i), value: result => result };
}

async function run(workload, scratch, durable) {
    const { workflow, input, value } = build(workload);
    let runnable = workflow;
    if (durable) {
        const storage = new LibSQLStore({ id: 'bench', url: `file:${path.join(mkdtempSync(path.join(scratch, 'mastra-')), 'mastra.db')}` });
        runnable = new Mastra({ workflows: { bench: workflow }, storage, logger: false }).getWorkflow('bench');
    }
    const started = performance.now();
    const run = await runnable.createRun();
    const result = await run.start({ inputData: input });
    const ms = performance.now() - started;
    if (result.status !== 'success') throw new Error(`the run ended ${result.status}: ${result.error?.message ?? ''}`);
    return { ms, value: value(result.result) };
}

export const configurations = [
    { name: 'mastra-memory', framework: 'Mastra', label: 'Mastra workflows, in memory', durable: false, run: (workload, scratch) => run(workload, scratch, false) },
    { name: 'mastra-libsql', framework: 'Mastra', label: 'Mastra, libsql storage (SQLite file)', durable: true, run: (workload, scratch) => run(workload, scratch, true) },
];
