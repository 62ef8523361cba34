/**
 * The executable at the top of a built artifact: plain JavaScript that any Node.js can parse, as
 * CommonJS or as an ES module (it uses neither `require` nor `import.meta`), so that an older
 * Node gets a one-line refusal instead of a syntax error. It loads `lib/runtime/launcher.mjs`
 * and runs the pipeline with its arguments.
 */
export function launcherScript(pipeline: string): string {
    return `#!/usr/bin/env node
// Runs the pipeline ${pipeline}, built by \`weft build\`: \`./${pipeline} --help\` lists its parameters.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
    process.stderr.write(\`weft: this pipeline needs Node.js 22.19 or newer, but this is \${process.version}: install Node.js 22 from https://nodejs.org\\n\`);
    process.exit(2);
}
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', error => {
        if (error.code !== 'EPIPE') throw error;
    });
}
(async () => {
    const { realpathSync } = await import('node:fs');
    const path = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const folder = path.dirname(realpathSync(process.argv[1]));
    // V8's compiled code of the launcher kept in Node's compile cache (NODE_COMPILE_CACHE, else the temporary folder) for the next start.
    (await import('node:module')).enableCompileCache?.();
    const launcher = await import(pathToFileURL(path.join(folder, 'lib', 'runtime', 'launcher.mjs')).href);
    const exitCode = await launcher.main(process.argv.slice(2), folder);
    await new Promise(resolve => process.stdout.write('', resolve));
    await new Promise(resolve => process.stderr.write('', resolve));
    process.exit(exitCode);
})();
`;
}
