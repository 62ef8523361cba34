#!/usr/bin/env node
// The `weft` command. Plain JavaScript, so that it needs no build of its own; the work happens in
// the built package (bundle/, made from dist/ by `npm run build`). This is the only place that exits.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
    // npm scripts and npx put node_modules/.bin first on PATH: the `node` package's Node 22 runs them.
    process.stderr.write(`weft: needs Node.js 22.19 or newer, but this is ${process.version}: run \`npm install --save-dev node@22\` in your project and run weft through npx or npm scripts, or install Node.js 22 from https://nodejs.org\n`);
    process.exit(2);
}

// A reader that stops early (`weft check | head`) closes the pipe: stop writing, finish quietly.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', error => {
        if (error.code !== 'EPIPE') throw error;
    });
}

// Node keeps V8's compiled code of the bundle in its compile cache (a folder under the system's
// temporary folder; NODE_COMPILE_CACHE names another, NODE_DISABLE_COMPILE_CACHE=1 turns it off):
// a later `weft` skips compiling it again, a few tens of milliseconds of every check.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

let cli;
try {
    cli = await import('../bundle/main.js');
} catch (error) {
    const notBuilt = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/bundle/main.js');
    process.stderr.write(notBuilt
        ? 'weft: internal error: the CLI is not built; run `npm run build` first\n'
        : `weft: internal error: cannot load the CLI: ${error?.message ?? error}\n${process.env.WEFT_DEBUG ? error?.stack ?? '' : 'rerun with WEFT_DEBUG=1 to see the stack trace'}\n`);
    process.exit(70);
}

const exitCode = await cli.main(process.argv.slice(2));
// Exit explicitly (a language service may leave timers or workers behind), but only once
// everything written to the pipes has gone out.
await new Promise(resolve => process.stdout.write('', resolve));
await new Promise(resolve => process.stderr.write('', resolve));
process.exit(exitCode);
