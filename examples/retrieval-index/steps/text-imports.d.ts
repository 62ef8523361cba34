// `import text from '../corpus/x.md?raw' with { type: 'text' }`: a file's text, compiled into
// the module (esbuild reads the `type: 'text'` attribute when `weft run` bundles a step, vitest
// the `?raw` suffix).
declare module '*.md?raw' {
    const text: string;
    export default text;
}
