import type { PipelineDrawing } from './pipeline-drawing.js';

/**
 * The graph as a Mermaid flowchart: steps as boxes (fan-outs as stacked boxes), data edges
 * labelled with their types, `after` edges dashed, failure edges thick, `when`/`else`/
 * `on failure` blocks as subgraphs.
 */
export function renderMermaid(graph: PipelineDrawing): string {
    const lines = ['flowchart TD'];
    const grouped = new Set(graph.groups.flatMap(group => group.nodes));
    const box = (id: string): string => {
        const node = graph.nodes.find(candidate => candidate.id === id)!;
        const text = escape(node.resources ? `${node.title}<br/><small>${node.resources}</small>` : node.title);
        return node.fanOut ? `${id}[["${text}"]]` : `${id}["${text}"]`;
    };
    for (const node of graph.nodes) if (!grouped.has(node.id)) lines.push(`    ${box(node.id)}`);
    for (const group of graph.groups) {
        lines.push(`    subgraph ${group.id}["${escape(group.label)}"]`);
        for (const id of group.nodes) lines.push(`        ${box(id)}`);
        lines.push('    end');
    }
    for (const edge of graph.edges) {
        const label = edge.label === undefined ? '' : `|"${escape(edge.label)}"|`;
        const arrow = edge.kind === 'after' ? '-.->' : edge.kind === 'failure' ? '==>' : '-->';
        lines.push(`    ${edge.from} ${arrow}${label} ${edge.to}`);
    }
    return `${lines.join('\n')}\n`;
}

/** Mermaid labels are quoted; quotes and angle brackets of types become entities. */
function escape(text: string): string {
    return text.replaceAll('"', '#quot;').replaceAll('<br/>', '\u0000').replaceAll('<small>', '\u0001').replaceAll('</small>', '\u0002')
        .replaceAll('<', '#lt;').replaceAll('>', '#gt;')
        .replaceAll('\u0000', '<br/>').replaceAll('\u0001', '<small>').replaceAll('\u0002', '</small>');
}
