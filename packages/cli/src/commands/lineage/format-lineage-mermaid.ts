import type { LineageGraph, LineageNode } from '@weft/runtime';

/** A lineage graph as a Mermaid flowchart: declarations as parallelograms, tasks as boxes, artifacts as cylinders. */
export function formatLineageMermaid(graph: LineageGraph): string {
    const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
    const lines = ['flowchart LR'];
    for (const node of graph.nodes) lines.push(`    ${ids.get(node.id)!}${shape(node, graph.focus === node.id)}`);
    for (const edge of graph.edges) {
        const label = edge.returned === undefined ? edge.label : `${edge.label}, returned unchanged as ${edge.returned}`;
        lines.push(`    ${ids.get(edge.from)!} -->|${quote(label)}| ${ids.get(edge.to)!}`);
    }
    if (graph.focus !== undefined) lines.push(`    style ${ids.get(graph.focus)!} stroke-width:3px`);
    return `${lines.join('\n')}\n`;
}

function shape(node: LineageNode, focus: boolean): string {
    switch (node.type) {
        case 'artifact':
            return `[("${quote(`${focus ? '★ ' : ''}${node.kind} ${node.digest.slice(0, 19)}`)}")]`;
        case 'task':
            return `["${quote(`${node.taskId} · ${node.step}`)}<br/>${node.attempt === undefined ? 'from cache' : `attempt ${node.attempt}`}"]`;
        case 'declared': {
            const key = node.verifiedKey === undefined ? '' : `<br/>key ${node.verifiedKey.slice(0, 16)}`;
            return `[/"${quote(`${node.kind} ${node.name}`)}<br/>${quote(node.digest?.slice(0, 19) ?? 'unread')}${key}"/]`;
        }
    }
}

/** Text Mermaid shows as is inside quotes and edge labels (the brackets of `parts[1]` would end a label). */
function quote(text: string): string {
    return text.replace(/[[\](){}"|<>]/g, character => `#${character.charCodeAt(0)};`);
}
