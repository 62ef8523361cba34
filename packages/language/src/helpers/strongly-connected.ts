/**
 * Graph algorithms for dependency checks, linear in nodes plus edges: Tarjan's strongly
 * connected components (iterative, so that a pipeline with thousands of chained steps cannot
 * overflow the stack) and a breadth-first path search.
 */

/** The strongly connected components of a graph, each listed in discovery order. */
export function stronglyConnectedComponents<N>(nodes: Iterable<N>, successors: (node: N) => readonly N[]): N[][] {
    const index = new Map<N, number>();
    const lowLink = new Map<N, number>();
    const onStack = new Set<N>();
    const stack: N[] = [];
    const components: N[][] = [];
    let counter = 0;

    for (const root of nodes) {
        if (index.has(root)) continue;
        // Each frame is a node and how many of its successors were visited so far.
        const frames: { node: N; next: number }[] = [{ node: root, next: 0 }];
        index.set(root, counter);
        lowLink.set(root, counter++);
        stack.push(root);
        onStack.add(root);
        while (frames.length > 0) {
            const frame = frames[frames.length - 1]!;
            const targets = successors(frame.node);
            if (frame.next < targets.length) {
                const target = targets[frame.next++]!;
                if (!index.has(target)) {
                    index.set(target, counter);
                    lowLink.set(target, counter++);
                    stack.push(target);
                    onStack.add(target);
                    frames.push({ node: target, next: 0 });
                } else if (onStack.has(target)) {
                    lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(target)!));
                }
                continue;
            }
            frames.pop();
            const parent = frames[frames.length - 1];
            if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
            if (lowLink.get(frame.node) === index.get(frame.node)) {
                const component: N[] = [];
                let member: N;
                do {
                    member = stack.pop()!;
                    onStack.delete(member);
                    component.push(member);
                } while (member !== frame.node);
                components.push(component.reverse());
            }
        }
    }
    return components;
}

/** A shortest path from `start` to `goal` (both included) through nodes `allowed` admits, if any. */
export function shortestPath<N>(start: N, goal: N, successors: (node: N) => readonly N[], allowed: (node: N) => boolean = () => true): N[] | undefined {
    const previous = new Map<N, N | undefined>([[start, undefined]]);
    const queue: N[] = [start];
    for (let head = 0; head < queue.length; head++) {
        const node = queue[head]!;
        if (node === goal) {
            const path: N[] = [];
            for (let step: N | undefined = node; step !== undefined; step = previous.get(step)) path.push(step);
            return path.reverse();
        }
        for (const next of successors(node)) {
            if (previous.has(next) || !allowed(next)) continue;
            previous.set(next, node);
            queue.push(next);
        }
    }
    return undefined;
}
