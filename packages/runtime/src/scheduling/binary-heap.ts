/**
 * A binary min-heap under a comparator (the least item first): `push` and `pop` in O(log n).
 * The engine keeps its ready tasks in one (longest remaining critical path, then plan order)
 * and the tasks of a decision pass in another (plan order).
 */
export class BinaryHeap<T> {
    private readonly items: T[] = [];

    constructor(private readonly before: (left: T, right: T) => number) {}

    get size(): number {
        return this.items.length;
    }

    push(item: T): void {
        const items = this.items;
        items.push(item);
        let index = items.length - 1;
        while (index > 0) {
            const parent = (index - 1) >> 1;
            if (this.before(items[parent]!, item) <= 0) break;
            items[index] = items[parent]!;
            index = parent;
        }
        items[index] = item;
    }

    pop(): T | undefined {
        const items = this.items;
        const top = items[0];
        const last = items.pop();
        if (items.length === 0 || last === undefined) return top;
        let index = 0;
        for (;;) {
            const left = 2 * index + 1;
            if (left >= items.length) break;
            const right = left + 1;
            const child = right < items.length && this.before(items[right]!, items[left]!) < 0 ? right : left;
            if (this.before(last, items[child]!) <= 0) break;
            items[index] = items[child]!;
            index = child;
        }
        items[index] = last;
        return top;
    }
}
