// Language-server benchmark: over the real protocol (the server in its own process, stdio), on a
// generated 1,000-step document and a 200-file workspace: completion, hover and definition latency
// (median and p95), time from an edit to fresh (non-solver) diagnostics, for a valid edit and for one
// that breaks the syntax of a step, and server memory (RSS).
// Prints Markdown (or JSON with --json). Options: --requests N (default 50 per feature);
// --cpu-prof DIR writes a V8 CPU profile of each server process into DIR; --only NAME runs the
// workloads whose name contains NAME.
// Needs the built server (npm run build).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { multiFileWorkspace, singleFilePipeline } from './bench/generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/language/package.json'));
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const { createProtocolConnection } = require('vscode-languageserver-protocol');
const server = path.join(root, 'packages/language/dist/lsp/server.js');
const { values: options } = parseArgs({ options: { requests: { type: 'string', default: '50' }, json: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' }, only: { type: 'string' } } });
const requests = Number.parseInt(options.requests, 10);
const profileArguments = options['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options['cpu-prof'])}`] : [];

const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const summary = values => ({ median: percentile(values, 0.5), p95: percentile(values, 0.95) });
const rssMb = pid => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};

async function startServer(folder) {
    const child = spawn(process.execPath, [...profileArguments, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const waiters = [];
    let lastPublished = performance.now();
    connection.onNotification('textDocument/publishDiagnostics', params => {
        lastPublished = performance.now();
        for (const waiter of waiters.splice(0)) waiter(params);
    });
    // Resolves once the server is idle (no diagnostics published and under 10% of a core used
    // for a second): the initial build of the workspace and the solver's first pass are over.
    const cpuSeconds = () => {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
    };
    const settled = async (windowMs = 1000, limitMs = 180_000) => {
        const start = performance.now();
        while (performance.now() - start < limitMs) {
            const before = cpuSeconds();
            const publishedBefore = lastPublished;
            await new Promise(resolve => setTimeout(resolve, windowMs));
            if (lastPublished === publishedBefore && cpuSeconds() - before < 0.1 * windowMs / 1000) return performance.now() - start;
        }
        return performance.now() - start;
    };
    connection.listen();
    const rootUri = pathToFileURL(folder).toString();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
    await connection.sendNotification('initialized', {});
    const nextDiagnostics = uri => new Promise(resolve => {
        const wait = params => (params.uri === uri ? resolve(params) : waiters.push(wait));
        waiters.push(wait);
    });
    return { child, connection, nextDiagnostics, settled };
}

async function time(action) {
    const start = performance.now();
    await action();
    return performance.now() - start;
}

async function measure(name, files, focus) {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-bench-lsp-'));
    try {
        for (const [file, text] of files) {
            mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
            writeFileSync(path.join(folder, file), text);
        }
        const { child, connection, nextDiagnostics, settled } = await startServer(folder);
        const file = path.join(folder, focus);
        const uri = pathToFileURL(file).toString();
        const text = files.get(focus);
        const opened = nextDiagnostics(uri);
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'weft', version: 1, text } });
        await opened;
        // Requests are timed once the server is idle, so that they do not queue behind the
        // initial build of the other files or the solver's first pass (both run in the background).
        const settleMs = await settled();
        const lines = text.split('\n');
        const letLine = lines.findIndex(line => /^\s+let \w+ = \w+\(/.test(line));
        const callColumn = lines[letLine].indexOf('= ') + 2;
        const at = { line: letLine, character: callColumn + 1 };
        const argumentAt = { line: letLine, character: lines[letLine].indexOf('(') + 1 };
        const results = { completion: [], hover: [], definition: [], diagnostics: [], brokenDiagnostics: [] };
        for (let i = 0; i < requests; i++) {
            results.completion.push(await time(() => connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: argumentAt })));
            results.hover.push(await time(() => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at })));
            results.definition.push(await time(() => connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: at })));
        }
        // Each edit changes a step's timeout in the middle of the document, as typing would.
        const timeoutLine = lines.findIndex((line, index) => index >= lines.length / 2 && /^\s+timeout: \d+m$/.test(line));
        if (timeoutLine < 0) throw new Error(`${name}: no \`timeout:\` line in the second half of ${focus}`);
        for (let version = 2; version < 2 + Math.min(requests, 20); version++) {
            const edited = [...lines.slice(0, timeoutLine), `  timeout: ${version}m`, ...lines.slice(timeoutLine + 1)].join('\n');
            const published = nextDiagnostics(uri);
            results.diagnostics.push(await time(async () => {
                await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: edited }] });
                const { diagnostics } = await published;
                if (diagnostics.length > 0) process.stderr.write(`WARNING: ${name}: the edited document has ${diagnostics.length} diagnostics: ${diagnostics[0].message}\n`);
            }));
        }
        // An edit that breaks the syntax of the same step (an operand missing), each followed by
        // the edit that fixes it again; only the breaking edits are timed.
        for (let version = 100; version < 100 + 2 * Math.min(requests, 20); version += 2) {
            const broken = [...lines.slice(0, timeoutLine), `  timeout: ${version}m +`, ...lines.slice(timeoutLine + 1)].join('\n');
            const published = nextDiagnostics(uri);
            results.brokenDiagnostics.push(await time(async () => {
                await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: broken }] });
                const { diagnostics } = await published;
                if (!diagnostics.some(diagnostic => diagnostic.code === 'syntax-error')) process.stderr.write(`WARNING: ${name}: the broken document has no syntax error\n`);
            }));
            const fixed = nextDiagnostics(uri);
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version + 1 }, contentChanges: [{ text: lines.join('\n') }] });
            await fixed;
        }
        const memory = rssMb(child.pid);
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        connection.dispose();
        // Give the server a moment to exit on its own (it writes its CPU profile on exit).
        await new Promise(resolve => {
            const timer = setTimeout(resolve, 2000);
            child.once('exit', () => { clearTimeout(timer); resolve(); });
        });
        child.kill();
        return { name, files: files.size, completion: summary(results.completion), hover: summary(results.hover), definition: summary(results.definition), diagnosticsAfterEdit: summary(results.diagnostics), diagnosticsAfterBrokenEdit: summary(results.brokenDiagnostics), rssMb: memory, settleMs };
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

const single = singleFilePipeline(1000);
const workspaceFiles = multiFileWorkspace(200);
const focus = [...workspaceFiles.keys()].find(file => file.endsWith('.weft') && file !== 'common.weft' && /\n\s+let \w+ = \w+\(/.test(workspaceFiles.get(file)));
const workloads = [['steps-1000 (one file)', single, 'pipeline.weft'], ['workspace-200', workspaceFiles, focus]];
const results = [];
for (const [name, files, file] of workloads) {
    if (!options.only || name.includes(options.only)) results.push(await measure(name, files, file));
}

if (options.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
} else {
    const ms = value => `${value.toFixed(1)} ms`;
    process.stdout.write('| workload | completion (median / p95) | hover | definition | diagnostics after a valid edit | after a syntax-breaking edit | server RSS | idle after open |\n|---|---|---|---|---|---|---|---|\n');
    for (const result of results) {
        const { diagnosticsAfterEdit: valid, diagnosticsAfterBrokenEdit: broken } = result;
        process.stdout.write(`| ${result.name} | ${ms(result.completion.median)} / ${ms(result.completion.p95)} | ${ms(result.hover.median)} / ${ms(result.hover.p95)} | ${ms(result.definition.median)} / ${ms(result.definition.p95)} | ${ms(valid.median)} / ${ms(valid.p95)} | ${ms(broken.median)} / ${ms(broken.p95)} | ${result.rssMb.toFixed(0)} MB | ${(result.settleMs / 1000).toFixed(1)} s |\n`);
    }
}
