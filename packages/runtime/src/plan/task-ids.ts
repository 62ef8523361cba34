/** The task id of the `index`-th element of the fan-out `node`. */
export function elementTaskId(node: string, index: number): string {
    return `${node}[${index}]`;
}
