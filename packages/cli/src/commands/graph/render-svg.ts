import { instance } from '@viz-js/viz';

/** Lays out and renders DOT as SVG with Graphviz (compiled to WebAssembly by @viz-js/viz). */
export async function renderSvg(dot: string): Promise<string> {
    const viz = await instance();
    return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
