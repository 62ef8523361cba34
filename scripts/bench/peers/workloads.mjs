// The three workloads every framework runs, with the value a complete run ends with: a framework
// whose final value differs skipped or repeated work, and fails the benchmark.

export const workloads = [
    {
        name: 'chain',
        title: 'chain of 1,000 steps',
        description: '1,000 add-one steps one after another, from 0; the last step\'s value must be 1,000.',
        size: 1000,
        expected: size => size,
    },
    {
        name: 'dag',
        title: 'DAG of 1,000 nodes, 10 layers',
        description: '10 layers of 100 nodes; node i of a layer adds one to the sum of nodes i and i + 1 (mod 100) of the layer before (the first layer adds one to 0); the sum of the last layer must be 100 × (2¹⁰ − 1).',
        size: 1000,
        layers: 10,
        expected: size => (size / 10) * (2 ** 10 - 1),
    },
    {
        name: 'fanout',
        title: 'fan-out of 10,000, then a join',
        description: 'one add-one step over the numbers 0 … 9,999 (no concurrency limit), then a join that sums the results; the sum must be 50,005,000.',
        size: 10000,
        expected: size => (size * (size + 1)) / 2,
    },
];

/** Node i of a layer of the DAG reads these two nodes of the layer before. */
export const dagParents = (index, width) => [index, (index + 1) % width];
