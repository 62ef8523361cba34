// `weft run` configured by the standard OTEL_* variables: it continues an incoming TRACEPARENT,
// hands steps the trace context, baggage and B3 headers through their environment, posts to the
// endpoint with the headers and service name asked for, and honours the sampler. Spans go to a
// loopback OTLP/HTTP receiver written in this test (no OpenTelemetry Collector from Debian or
// npm runs on these machines).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli } from './run-weft.js';

beforeAll(() => expectBuiltCli());

interface Attribute { readonly key: string; readonly value: { stringValue?: string } }
interface Span { readonly name: string; readonly traceId: string; readonly spanId: string; readonly parentSpanId?: string }
interface Post { readonly url: string; readonly headers: IncomingHttpHeaders; readonly body: { resourceSpans: { resource: { attributes: Attribute[] }; scopeSpans: { spans: Span[] }[] }[] } }

/** A loopback OTLP/HTTP receiver: keeps each JSON export posted to it, with its headers. */
async function loopbackOtlpReceiver(): Promise<{ url: string; posts: Post[]; spans: () => Span[]; close: () => Promise<void> }> {
    const posts: Post[] = [];
    const server = createServer((request, response) => {
        let body = '';
        request.on('data', chunk => (body += chunk));
        request.on('end', () => { posts.push({ url: request.url ?? '', headers: request.headers, body: JSON.parse(body) }); response.end('{}'); });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        posts,
        spans: () => posts.flatMap(post => post.body.resourceSpans.flatMap(resource => resource.scopeSpans.flatMap(scope => scope.spans))),
        close: () => new Promise(resolve => server.close(() => resolve())),
    };
}

function project(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-run-trace-'));
    cpSync(path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-trace-fixtures'), folder, { recursive: true });
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
    return folder;
}

/** Runs `weft run traced.weft` asynchronously (the receiver answers in this process) with only the given tracing variables. */
async function weftRun(folder: string, variables: Record<string, string>, args: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OTEL_|TRACEPARENT$|TRACESTATE$|BAGGAGE$|B3$|X_B3_)/.test(name)));
    const child = spawn(process.execPath, [binPath, 'run', 'traced.weft', '--format', 'json', ...args], { cwd: folder, env: { ...inherited, ...variables }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
    return { code, stdout, stderr };
}

function stepEnvironment(stdout: string): Record<string, string> {
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1)!) as { outputs: { env: string } };
    return JSON.parse(outcome.outputs.env) as Record<string, string>;
}

const incomingTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
const incomingSpan = '00f067aa0ba902b7';

describe('weft run with OTEL_* variables', () => {
    let receiver: Awaited<ReturnType<typeof loopbackOtlpReceiver>>;
    afterEach(async () => { await receiver?.close(); });

    it('continues an incoming TRACEPARENT, passes baggage and B3 multi-header to the step, and posts with the headers and service name', async () => {
        receiver = await loopbackOtlpReceiver();
        const run = await weftRun(project(), {
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
            OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20ci-token,x-tenant=weft',
            OTEL_SERVICE_NAME: 'nightly-training',
            OTEL_PROPAGATORS: 'tracecontext,baggage,b3multi',
            TRACEPARENT: `00-${incomingTrace}-${incomingSpan}-01`,
            BAGGAGE: 'team=ml',
        });
        expect(run.code, run.stderr).toBe(0);
        const spans = receiver.spans();
        const named = (name: string) => spans.find(span => span.name === name)!;
        expect(spans.map(span => span.name).sort()).toEqual(['attempt e #1', 'run traced', 'task e']);
        // The run is a child of the CI job's span, in its trace.
        expect(named('run traced')).toMatchObject({ traceId: incomingTrace, parentSpanId: incomingSpan });
        expect(spans.every(span => span.traceId === incomingTrace)).toBe(true);

        const attempt = named('attempt e #1');
        const environment = stepEnvironment(run.stdout);
        expect(environment).toEqual({
            tag: 'ci',
            TRACEPARENT: `00-${incomingTrace}-${attempt.spanId}-01`,
            BAGGAGE: 'team=ml',
            X_B3_TRACEID: incomingTrace,
            X_B3_SPANID: attempt.spanId,
            X_B3_SAMPLED: '1',
        });

        expect(receiver.posts.every(post => post.url === '/v1/traces')).toBe(true);
        expect(receiver.posts[0]!.headers['authorization']).toBe('Bearer ci-token');
        expect(receiver.posts[0]!.headers['x-tenant']).toBe('weft');
        const resource = receiver.posts[0]!.body.resourceSpans[0]!.resource.attributes;
        expect(resource.find(entry => entry.key === 'service.name')?.value.stringValue).toBe('nightly-training');
    }, 120_000);

    it('B3 single header: the step gets B3; the traces endpoint is used as is and --otlp wins over it', async () => {
        receiver = await loopbackOtlpReceiver();
        const folder = project();
        const single = await weftRun(folder, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces`, OTEL_PROPAGATORS: 'b3' });
        expect(single.code, single.stderr).toBe(0);
        const attempt = receiver.spans().find(span => span.name === 'attempt e #1')!;
        const environment = stepEnvironment(single.stdout);
        expect(environment['B3']).toBe(`${attempt.traceId}-${attempt.spanId}-1`);
        expect(environment['TRACEPARENT']).toBe(`00-${attempt.traceId}-${attempt.spanId}-01`);
        expect(environment['X_B3_TRACEID']).toBeUndefined();
        expect(environment['BAGGAGE']).toBeUndefined();
        expect(receiver.posts.map(post => post.url)).toEqual(receiver.posts.map(() => '/custom/traces'));
        // Without an incoming trace the run span is a root.
        expect(receiver.spans().find(span => span.name === 'run traced')!.parentSpanId ?? '').toBe('');

        const flag = await weftRun(folder, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces` }, ['--otlp', receiver.url]);
        expect(flag.code, flag.stderr).toBe(0);
        expect(receiver.posts.at(-1)!.url).toBe('/v1/traces');
    }, 120_000);

    it('OTEL_TRACES_SAMPLER=always_off: the run completes and nothing is posted; an unsampled incoming trace is not sampled either', async () => {
        receiver = await loopbackOtlpReceiver();
        const off = await weftRun(project(), { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_off' });
        expect(off.code, off.stderr).toBe(0);
        expect(stepEnvironment(off.stdout)['TRACEPARENT']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
        const unsampled = await weftRun(project(), { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, TRACEPARENT: `00-${incomingTrace}-${incomingSpan}-00` });
        expect(unsampled.code, unsampled.stderr).toBe(0);
        expect(stepEnvironment(unsampled.stdout)['TRACEPARENT']).toMatch(new RegExp(`^00-${incomingTrace}-[0-9a-f]{16}-00$`));
        expect(receiver.spans()).toEqual([]);
    }, 120_000);

    it('an unknown sampler, a ratio out of range or an unknown propagator is one line, exit 2, and no run', async () => {
        receiver = await loopbackOtlpReceiver();
        for (const [variables, message] of [
            [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'weft: OTEL_TRACES_SAMPLER is sometimes, which Weft does not know: use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio\n'],
            [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'weft: OTEL_TRACES_SAMPLER_ARG is 1.5: give a ratio from 0 to 1\n'],
            [{ OTEL_PROPAGATORS: 'tracecontext,xray' }, 'weft: OTEL_PROPAGATORS names xray, which Weft does not know: use tracecontext, baggage, b3, b3multi, none\n'],
        ] as const) {
            const folder = project();
            const run = await weftRun(folder, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...variables });
            expect([run.code, run.stderr, run.stdout]).toEqual([2, message, '']);
            expect(existsSync(path.join(folder, '.weft', 'runs.db'))).toBe(false);
        }
    }, 120_000);

    it('with no endpoint set, OTEL_* variables (even ones only other tools know) trace nothing and the step gets no trace variables', async () => {
        receiver = await loopbackOtlpReceiver();
        const run = await weftRun(project(), { OTEL_SERVICE_NAME: 'unused', OTEL_TRACES_SAMPLER: 'xray', OTEL_PROPAGATORS: 'jaeger', TRACEPARENT: `00-${incomingTrace}-${incomingSpan}-01` });
        expect(run.code, run.stderr).toBe(0);
        expect(stepEnvironment(run.stdout)).toEqual({ tag: 'ci' });
        expect(receiver.posts).toEqual([]);
    }, 120_000);
});
