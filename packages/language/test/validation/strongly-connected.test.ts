import { describe, expect, test } from 'vitest';
import { shortestPath, stronglyConnectedComponents } from '../../src/helpers/strongly-connected.js';

/** A graph as adjacency lists: `{ a: ['b'] }` is an edge a → b. */
type Graph = Record<string, string[]>;

function components(graph: Graph): string[][] {
    const next = (node: string): string[] => graph[node] ?? [];
    return stronglyConnectedComponents(Object.keys(graph), next)
        .map(component => [...component].sort())
        .sort((a, b) => a.join().localeCompare(b.join()));
}

describe('stronglyConnectedComponents', () => {
    test.each<[string, Graph, string[][]]>([
        ['no edges', { a: [], b: [] }, [['a'], ['b']]],
        ['a chain', { a: ['b'], b: ['c'], c: [] }, [['a'], ['b'], ['c']]],
        ['a two-cycle', { a: ['b'], b: ['a'] }, [['a', 'b']]],
        ['a self-loop is its own component', { a: ['a'], b: ['a'] }, [['a'], ['b']]],
        ['a three-cycle with a tail', { t: ['a'], a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c'], ['t']]],
        ['two cycles joined by one edge', { a: ['b'], b: ['a', 'c'], c: ['d'], d: ['c'] }, [['a', 'b'], ['c', 'd']]],
        ['a diamond has no cycle', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, [['a'], ['b'], ['c'], ['d']]],
        ['nested cycles form one component', { a: ['b'], b: ['c', 'a'], c: ['a'] }, [['a', 'b', 'c']]],
        ['duplicate edges', { a: ['b', 'b'], b: ['a', 'a'] }, [['a', 'b']]],
    ])('%s', (_name, graph, expected) => {
        expect(components(graph)).toEqual(expected);
    });

    test('lists every node exactly once', () => {
        const graph: Graph = { a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: [] };
        const all = components(graph).flat().sort();
        expect(all).toEqual(Object.keys(graph).sort());
    });

    test('handles a chain of 200,000 nodes closed into one loop without overflowing the stack', () => {
        const size = 200_000;
        const nodes = Array.from({ length: size }, (_, index) => index);
        const next = (node: number): number[] => [(node + 1) % size];
        const found = stronglyConnectedComponents(nodes, next);
        expect(found).toHaveLength(1);
        expect(found[0]).toHaveLength(size);
    });

    test('handles an open chain of 200,000 nodes as 200,000 components', () => {
        const size = 200_000;
        const nodes = Array.from({ length: size }, (_, index) => index);
        const next = (node: number): number[] => (node + 1 < size ? [node + 1] : []);
        expect(stronglyConnectedComponents(nodes, next)).toHaveLength(size);
    });
});

describe('shortestPath', () => {
    const graph: Graph = { a: ['b', 'x'], b: ['c'], c: ['d'], x: ['d'], d: [] };
    const next = (node: string): string[] => graph[node] ?? [];

    test('finds the shortest of several paths', () => {
        expect(shortestPath('a', 'd', next)).toEqual(['a', 'x', 'd']);
    });

    test('keeps to the allowed nodes', () => {
        expect(shortestPath('a', 'd', next, node => node !== 'x')).toEqual(['a', 'b', 'c', 'd']);
    });

    test('a node reaches itself by the empty path', () => {
        expect(shortestPath('c', 'c', next)).toEqual(['c']);
    });

    test('returns undefined when the goal is unreachable', () => {
        expect(shortestPath('d', 'a', next)).toBeUndefined();
    });
});
