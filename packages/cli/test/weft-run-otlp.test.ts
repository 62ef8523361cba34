// `weft run --otlp <url>`: the run's spans are posted as OTLP JSON to a collector on 127.0.0.1.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli } from './run-weft.js';

beforeAll(() => expectBuiltCli());

interface Span { readonly name: string; readonly spanId: string; readonly parentSpanId?: string; readonly attributes: { key: string; value: { stringValue?: string } }[] }

it('weft run --otlp exports a span per run, task and attempt, linked', async () => {
    const posted: { url: string; body: { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] } }[] = [];
    const server = createServer((request, response) => {
        let body = '';
        request.on('data', chunk => (body += chunk));
        request.on('end', () => { posted.push({ url: request.url ?? '', body: JSON.parse(body) }); response.end('{}'); });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-run-otlp-'));
        cpSync(path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-fixtures'), folder, { recursive: true, filter: file => !file.includes(`${path.sep}.weft`) });
        symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        // Asynchronous, so that this process's collector can answer while weft runs.
        const child = spawn(process.execPath, [binPath, 'run', 'chain.weft', '--param', 'ms=10', '--otlp', url], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += chunk));
        const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
        expect(code, stderr).toBe(0);
        expect(posted.length).toBeGreaterThan(0);
        expect(posted.every(post => post.url === '/v1/traces')).toBe(true);
        const spans = posted.flatMap(post => post.body.resourceSpans.flatMap(resource => resource.scopeSpans.flatMap(scope => scope.spans)));
        const named = (name: string) => spans.find(span => span.name === name)!;
        expect(spans.map(span => span.name).sort()).toEqual([
            'attempt a #1', 'attempt b #1', 'attempt c #1', 'run chain', 'task a', 'task b', 'task c',
        ]);
        // `first` is cached: the first run looks it up and misses.
        expect(named('task a').attributes.find(entry => entry.key === 'weft.cache')?.value.stringValue).toBe('miss');
        for (const task of ['a', 'b', 'c']) {
            expect(named(`task ${task}`).parentSpanId).toBe(named('run chain').spanId);
            expect(named(`attempt ${task} #1`).parentSpanId).toBe(named(`task ${task}`).spanId);
        }
    } finally {
        await new Promise(resolve => server.close(resolve));
    }
}, 120_000);
